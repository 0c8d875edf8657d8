import { createHash } from 'node:crypto';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { safeJson } from '../../shared/control-chars';
import type { SearchHit, SearchResult } from '../../shared/search';
import { csvRecord } from './csv';

/**
 * A search's result list as a file: CSV for a spreadsheet (RFC 4180, formula-safe: csv.ts), or
 * JSON with the exact hits as `search --json` gives them. Every hit of the list in its order,
 * not only the page on screen.
 */

export type SearchExportFormat = 'csv' | 'json';

export class SearchExportError extends Error {}

/** The CSV's columns; a snippet keeps its line breaks (quoted). */
export const SEARCH_CSV_COLUMNS = [
  'rank',
  'session_id',
  'program_id',
  'command_id',
  'in',
  'time',
  'user_email',
  'target_id',
  'command',
  'snippet',
  'replay_at_us',
  'output_offset',
] as const;

export function searchExportFormat(path: string): SearchExportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new SearchExportError(`the export's name must end in .csv or .json (got "${path}")`);
}

export function searchCsv(hits: readonly SearchHit[]): string {
  const rows = hits.map((h, i) =>
    csvRecord([
      i + 1,
      h.session,
      h.program,
      h.command,
      h.in,
      h.time,
      h.userEmail,
      h.targetId,
      h.text,
      h.snippet,
      h.replay.atUs,
      h.replay.outputOffset,
    ]),
  );
  return csvRecord([...SEARCH_CSV_COLUMNS]) + rows.join('');
}

/** The JSON export: the query and order it answers, the count, and every hit. */
export function searchJson(query: string, result: SearchResult): string {
  const { total, totalCapped, sort, group, hits } = result;
  return `${safeJson({ query, sort, group, total, totalCapped, hits }, 2)}\n`;
}

/** Refuses the case file itself (or its WAL/SHM), a missing folder, and an existing file without force. */
export function checkExportPath(output: string, casePath: string, force: boolean): void {
  const folder = dirname(resolve(output));
  if (!existsSync(folder)) throw new SearchExportError(`the folder of ${output} does not exist`);
  const target = resolve(realpathSync(folder), resolve(output).split(/[\\/]/).pop()!);
  for (const c of [casePath, `${casePath}-wal`, `${casePath}-shm`, `${casePath}-journal`]) {
    if (existsSync(c) && realpathSync(c) === (existsSync(target) ? realpathSync(target) : target))
      throw new SearchExportError('the export cannot be written over the case file');
  }
  if (existsSync(output) && !force) throw new SearchExportError(`${output} already exists`);
}

/** Writes the bytes; returns their SHA-256. */
export function writeSearchExport(output: string, text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(output, bytes);
  return createHash('sha256').update(bytes).digest('hex');
}
