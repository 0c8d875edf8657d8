import { withWriteLock } from '../store/write-lock';
import { appendAudit } from '../evidence/audit-log';
import type { CaseDb } from '../store/open-case';
import { buildReport, type ReportOptions } from './build-report';
import type { PdfPrinter } from './render-pdf';
import { writeReport, type ReportFormat } from './write-report';

export interface WrittenReport {
  path: string;
  format: ReportFormat;
  sha256: string;
  sessions: string[];
}

/**
 * Builds a report from `read`, writes it, then records it (with the SHA-256 of the bytes written)
 * in the audit log through the connection `writer` lends: the CLI reads through a read-only
 * connection and opens a writer for this one entry; the app lends the one it has.
 */
export async function writeAuditedReport(
  read: CaseDb,
  writer: () => { db: CaseDb; close: () => void },
  options: ReportOptions,
  output: string,
  format: ReportFormat,
  printPdf?: PdfPrinter,
  /** Where the writing is: reading programs (done of total), then printing or writing the file. */
  onPhase?: (phase: 'printing' | 'writing') => void,
): Promise<WrittenReport> {
  const model = await buildReport(read, options);
  onPhase?.(format === 'pdf' ? 'printing' : 'writing');
  const sha256 = await writeReport(model, output, format, printPdf);
  const sessions = model.sessions.map((s) => s.id);
  const w = writer();
  try {
    await withWriteLock(w.db, () =>
      appendAudit(w.db, { action: 'report', details: { path: output, format, sha256, sessions } }),
    );
  } finally {
    w.close();
  }
  return { path: output, format, sha256, sessions };
}
