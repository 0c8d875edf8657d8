import { createHash } from 'node:crypto';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { renderHtml, caseName } from './render-html';
import { renderPdf, type PdfPrinter } from './render-pdf';
import type { ReportModel } from './report-model';

export type ReportFormat = 'json' | 'html' | 'pdf';

/** A path a report may not be written to; `exists` when only replacing it was not asked for. */
export class ReportPathError extends Error {
  constructor(
    message: string,
    readonly reason: 'exists' | 'not-allowed' = 'not-allowed',
  ) {
    super(message);
  }
}

/** The format named by the output's extension. */
export function reportFormat(path: string): ReportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  throw new ReportPathError(`the report's name must end in .json, .html or .pdf (got "${path}")`);
}

/** Refuses an output that is the case file (or its WAL/SHM), or an existing file without force. */
export function checkReportPath(output: string, casePath: string, force: boolean): void {
  const real = (p: string): string =>
    existsSync(p) ? realpathSync(p) : resolve(realpathSync(dirname(resolve(p))), resolve(p).split(/[\\/]/).pop()!);
  if (!existsSync(dirname(resolve(output)))) throw new ReportPathError(`the folder of ${output} does not exist`);
  const target = real(output);
  for (const c of [casePath, `${casePath}-wal`, `${casePath}-shm`, `${casePath}-journal`]) {
    if (existsSync(c) && real(c) === target)
      throw new ReportPathError('the report cannot be written over the case file');
  }
  if (existsSync(output) && !force) throw new ReportPathError(`${output} already exists`, 'exists');
}

/** Renders and writes the report; returns the SHA-256 of the bytes written. */
export async function writeReport(
  model: ReportModel,
  output: string,
  format: ReportFormat,
  printPdf: PdfPrinter = renderPdf,
): Promise<string> {
  const bytes =
    format === 'json'
      ? Buffer.from(`${JSON.stringify(model, null, 2)}\n`)
      : format === 'html'
        ? Buffer.from(renderHtml(model))
        : await printPdf(renderHtml(model), caseName(model));
  writeFileSync(output, bytes);
  return createHash('sha256').update(bytes).digest('hex');
}
