import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImportOutcome, SourceFormat } from '../../shared/model';
import { indexPrograms } from '../indexing/index-programs';
import type { AeadBackend } from '../crypto/hpke-suite';
import { appendAudit } from '../evidence/audit-log';
import { describePlace, InputError } from '../formats/input-error';
import type { CaseDb } from '../store/open-case';
import { linkSourcePrograms } from '../store/linking/link-programs';
import { conflictsOfSource, importLinks } from '../store/provenance-queries';
import { RecordingWriter } from '../store/recording-writer';
import { beginImmediate } from '../store/write-lock';
import { detectFileFormat, fileChunks, sha256File } from './file-source';
import type { ReaderReport } from './reader-report';
import { readAsciicast } from './readers/read-asciicast';
import type { CaptureKey } from '../crypto/capture-key';
import { readCapture } from './readers/read-capture';
import { readLogpush } from './readers/read-logpush';
import { readOfficialZip } from './readers/read-official-zip';

export interface ImportOptions {
  /** Keys to try on encrypted captures; called only when a capture needs them. */
  keys: () => Promise<readonly CaptureKey[]>;
  allowPartial?: boolean;
  backend?: AeadBackend;
  /** Raw bytes of this file read so far (for progress bars). */
  onBytes?: (n: number) => void;
  /** Cancels the import: the file's transaction rolls back and nothing of it stays. */
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Imports one file into the case, all or nothing: one transaction, rolled back on any error.
 * Bytes already imported (same SHA-256) are reported as a duplicate and not read again.
 */
export async function importFile(db: CaseDb, inputPath: string, options: ImportOptions): Promise<ImportOutcome> {
  const outcome = await importOnce(db, inputPath, options);
  if (outcome.status === 'rejected' && !options.signal?.aborted) {
    // A refused file changes no evidence, but that it was brought and why it was refused is part
    // of the case's history.
    appendAudit(db, {
      action: 'import-rejected',
      now: options.now,
      details: { path: outcome.path, sha256: outcome.sha256, format: outcome.format, error: outcome.error ?? null },
    });
  }
  return outcome;
}

async function importOnce(db: CaseDb, inputPath: string, options: ImportOptions): Promise<ImportOutcome> {
  const path = resolve(inputPath);
  const base: ImportOutcome = { path, sha256: null, format: null, status: 'rejected', sessions: 0, programs: 0 };
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return { ...base, error: `${path}: not a regular file` };
    size = st.size;
    base.sha256 = await sha256File(path);
  } catch (e) {
    return { ...base, error: `${path}: cannot read the file (${ioMessage(e)})` };
  }

  const existing = db.prepare('SELECT id, format FROM sources WHERE sha256 = ?').get(base.sha256) as
    { id: number; format: SourceFormat } | undefined;
  if (existing) {
    const counts = sourceCounts(db, existing.id);
    return { ...base, format: existing.format, status: 'duplicate', ...counts };
  }

  const detection = await detectFileFormat(path);
  if (detection.format === null) return { ...base, error: `${path}: ${detection.why}` };
  const format = detection.format;

  // The write lock is waited for without blocking the thread, and a cancel ends the wait.
  try {
    await beginImmediate(db, { signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted)
      return { ...base, format, error: `${path}: cancelled; nothing from this file was imported` };
    return { ...base, format, error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    // Another import of the same bytes may have committed while this one waited for the lock.
    const raced = db.prepare('SELECT id, format FROM sources WHERE sha256 = ?').get(base.sha256) as
      { id: number; format: SourceFormat } | undefined;
    if (raced) {
      db.exec('ROLLBACK');
      return { ...base, format: raced.format, status: 'duplicate', ...sourceCounts(db, raced.id) };
    }
    const sourceId = Number(
      db
        .prepare(
          `INSERT INTO sources (path, size, sha256, format, imported_at_us, status) VALUES (?, ?, ?, ?, ?, 'imported')`,
        )
        .run(path, size, base.sha256, format, (options.now?.() ?? Date.now()) * 1000).lastInsertRowid,
    );
    const nowUs = (): number => Math.trunc((options.now?.() ?? Date.now()) * 1000);
    const writer = new RecordingWriter(db, sourceId, nowUs);
    const report = await runReader(format, path, detection.gzip, writer, options);
    const written = writer.finish();
    if (written.programs === 0) {
      const why =
        report.rejectedLines.length > 0
          ? `every record was rejected (first: line ${report.rejectedLines[0]!.line}: ${report.rejectedLines[0]!.message})`
          : 'it holds no session';
      throw new InputError(
        format === 'logpush' ? 'LOGPUSH_INVALID' : 'UNKNOWN_FORMAT',
        `nothing to import: ${why}`,
        {},
      );
    }
    if (report.partialReason) writer.markPartial(report.partialReason);
    options.signal?.throwIfAborted();
    // One record per real program: a recording the case already holds (the same session as a
    // capture, a cast, a ZIP or Logpush records) joins it, whichever came first.
    const linked = linkSourcePrograms(db, sourceId, written.created, nowUs());
    const toIndex = new Set([...written.changed, ...linked.changed]);
    for (const id of linked.gone) toIndex.delete(id);
    options.signal?.throwIfAborted();
    // Indexed inside the import's transaction: the commands of a program always match its stored events.
    // An extractor failure only warns (the recording is the evidence); a store error rolls back.
    const indexed = await indexPrograms(db, toIndex);
    for (const f of indexed.failures)
      report.warnings.push(
        `${f.program}: ${f.message}; the recording is imported, run sshlens reindex after an update`,
      );
    db.prepare('UPDATE sources SET status = ?, partial_reason = ?, key_fingerprint = ?, warnings = ? WHERE id = ?').run(
      report.partialReason ? 'partial' : 'imported',
      report.partialReason ?? null,
      report.keyFingerprint ?? null,
      JSON.stringify(report.warnings),
      sourceId,
    );
    options.signal?.throwIfAborted();
    const counts = sourceCounts(db, sourceId);
    const links = importLinks(linked.links);
    const conflicts = conflictsOfSource(db, sourceId);
    // Recorded in the same transaction: the case never holds evidence its audit log does not name.
    appendAudit(db, {
      action: 'import',
      now: options.now,
      details: {
        path,
        size,
        sha256: base.sha256,
        format,
        status: report.partialReason ? 'partial' : 'imported',
        ...counts,
        keyFingerprint: report.keyFingerprint,
        partialReason: report.partialReason,
      },
    });
    for (const link of links) {
      appendAudit(db, {
        action: 'link',
        now: options.now,
        details: { sha256: base.sha256, ...link, linkedBy: 'content' },
      });
    }
    for (const conflict of conflicts) {
      appendAudit(db, { action: 'conflict', now: options.now, details: { ...conflict } });
    }
    db.exec('COMMIT');
    const outcome: ImportOutcome = {
      ...base,
      format,
      status: report.partialReason ? 'partial' : 'imported',
      ...counts,
    };
    if (report.keyFingerprint) outcome.keyFingerprint = report.keyFingerprint;
    if (report.partialReason) outcome.partialReason = report.partialReason;
    if (report.warnings.length > 0) outcome.warnings = report.warnings;
    if (links.length > 0) outcome.links = links;
    if (conflicts.length > 0) outcome.conflicts = conflicts;
    if (report.rejectedLines.length > 0) {
      outcome.rejectedLines = report.rejectedLines;
      outcome.error = `${path}: ${report.rejectedLines.length} malformed record(s) skipped: ${report.rejectedLines.map((r) => `line ${r.line}: ${r.message}`).join('; ')}`;
    }
    return outcome;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (options.signal?.aborted)
      return { ...base, format, error: `${path}: cancelled; nothing from this file was imported` };
    if (e instanceof InputError) {
      const where = describePlace(e.place);
      return { ...base, format, error: `${path}: ${e.message}${where ? ` (at ${where})` : ''}`, place: e.place };
    }
    if (isKeychainError(e)) return { ...base, format, error: `${path}: ${(e as Error).message}` };
    return { ...base, format, error: `${path}: import failed (${ioMessage(e)})` };
  }
}

async function runReader(
  format: SourceFormat,
  path: string,
  gzip: boolean,
  writer: RecordingWriter,
  options: ImportOptions,
): Promise<ReaderReport> {
  const chunks = (): AsyncGenerator<Uint8Array> => fileChunks(path, gzip, options.onBytes, options.signal);
  switch (format) {
    case 'capture':
      return readCapture(chunks(), await options.keys(), writer, {
        allowPartial: options.allowPartial ?? false,
        backend: options.backend,
      });
    case 'logpush':
      return readLogpush(chunks(), writer);
    case 'asciicast':
      return readAsciicast(chunks(), writer);
    case 'official-zip':
      return readOfficialZip(path, writer);
  }
}

function sourceCounts(db: CaseDb, sourceId: number): { sessions: number; programs: number } {
  return db
    .prepare(
      `SELECT COUNT(DISTINCT p.session_id) AS sessions, COUNT(*) AS programs
      FROM program_sources ps JOIN programs p ON p.id = ps.program_id WHERE ps.source_id = ? AND p.variant_of IS NULL`,
    )
    .get(sourceId) as { sessions: number; programs: number };
}

function isKeychainError(e: unknown): boolean {
  return e instanceof Error && e.name === 'KeychainUnavailableError';
}

/** An OS error as a short phrase, never a stack trace. */
function ioMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
    };
    return known[code] ?? code;
  }
  return e instanceof Error ? e.message : String(e);
}
