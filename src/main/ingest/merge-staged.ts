import type { ImportOutcome, SourceFormat } from '../../shared/model';
import { appendAudit } from '../evidence/audit-log';
import type { TerminalEvent } from '../formats/recording';
import { indexPrograms } from '../indexing/index-programs';
import { adoptEvents, adoptIndex } from '../store/adopt-staged';
import { nextId } from '../store/next-id';
import { readEvents } from '../store/case-queries';
import { refreshProgramStats } from '../store/program-events';
import { linkSourcePrograms } from '../store/linking/link-programs';
import type { CaseDb } from '../store/open-case';
import { conflictsOfSource, importLinks } from '../store/provenance-queries';
import { factsOfRows, RecordingWriter } from '../store/recording-writer';
import { openStagedForReading } from '../store/staging-case';
import { beginImmediate } from '../store/write-lock';
import type { StagedFile } from './stage-file';

export interface MergeOptions {
  signal?: AbortSignal;
  now?: () => number;
}

/** How many events of a staged program are compared with the case at once (bounded memory). */
const PIECE_EVENTS = 4096;
const STAGED = 'staged';

/**
 * Joins a staged file to the case, all or nothing, in one transaction (the case's write lock is
 * held only for this, not while the file was read and its commands extracted):
 * - a program the case did not hold is copied as it was staged: its events, and the commands,
 *   outputs, marks and snapshots extraction found (the full-text index fills as they are copied);
 * - a program the case holds already (its Cloudflare program id) is given the staged events as
 *   pieces, compared with what it stores: provenance where they agree, events where they add,
 *   a conflict where they differ; its commands are extracted again;
 * - then every program the file created is linked by content to the recording the case may hold
 *   (store/linking), and audited with the import.
 * Returns `duplicate` when the same bytes joined the case meanwhile (another import raced it).
 */
export async function mergeStaged(db: CaseDb, staged: StagedFile, options: MergeOptions = {}): Promise<ImportOutcome> {
  const nowUs = (): number => Math.trunc((options.now?.() ?? Date.now()) * 1000);
  const base: ImportOutcome = {
    path: staged.path,
    sha256: staged.sha256,
    format: staged.format,
    status: 'rejected',
    sessions: 0,
    programs: 0,
  };
  await beginImmediate(db, { signal: options.signal });
  const reading = openStagedForReading(staged.stagingPath);
  try {
    const raced = db.prepare('SELECT id, format FROM sources WHERE sha256 = ?').get(staged.sha256) as
      { id: number; format: SourceFormat } | undefined;
    if (raced) {
      db.exec('ROLLBACK');
      return { ...base, format: raced.format, status: 'duplicate', ...sourceCounts(db, raced.id) };
    }
    const report = staged.report;
    const sourceId = Number(
      db
        .prepare(
          `INSERT INTO sources (path, size, sha256, format, imported_at_us, status, partial_reason, key_fingerprint, warnings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
        )
        .run(
          staged.path,
          staged.size,
          staged.sha256,
          staged.format,
          nowUs(),
          report.partialReason ? 'partial' : 'imported',
          report.partialReason ?? null,
          report.keyFingerprint ?? null,
        ).lastInsertRowid,
    );
    db.prepare(`ATTACH DATABASE ? AS ${STAGED}`).run(staged.stagingPath);
    const writer = new RecordingWriter(db, sourceId, nowUs);
    const adopted = new Map<number, number>(); // staged program → case program, index copied
    const programs = reading.prepare('SELECT * FROM programs WHERE variant_of IS NULL ORDER BY id').all() as Array<
      Record<string, unknown>
    >;
    for (const row of programs) {
      options.signal?.throwIfAborted();
      const stagedId = row['id'] as number;
      const session = reading.prepare('SELECT * FROM sessions WHERE id = ?').get(row['session_id']) as Record<
        string,
        unknown
      >;
      const facts = factsOfRows(session, row);
      const ref = `staged:${stagedId}`;
      writer.program(ref, facts.session, facts.program);
      if (writer.created(ref)) {
        writer.adoptStaged(ref, STAGED, stagedId);
        adopted.set(stagedId, writer.programRow(ref));
      } else {
        for (const piece of pieces(readEvents(reading, stagedId))) writer.piece(ref, piece);
      }
      db.prepare(
        `INSERT OR IGNORE INTO logpush_records (program_id, digest) SELECT ?, digest FROM ${STAGED}.logpush_records WHERE program_id = ?`,
      ).run(writer.programRow(ref), stagedId);
    }
    const written = writer.finish();
    adoptVariants(db, reading, writer, sourceId);
    if (report.partialReason) writer.markPartial(report.partialReason);
    const linked = linkSourcePrograms(db, sourceId, written.created, nowUs());
    const gone = new Set(linked.gone);
    const changed = new Set(linked.changed);
    // What extraction found in the staging case holds for a program copied as it was staged.
    for (const [stagedId, caseId] of adopted) {
      if (!gone.has(caseId) && !changed.has(caseId)) adoptIndex(db, STAGED, stagedId, caseId);
    }
    const adoptedRows = new Set(adopted.values());
    const toIndex = new Set([...written.changed, ...linked.changed].filter((id) => !gone.has(id)));
    for (const id of adoptedRows) if (!changed.has(id)) toIndex.delete(id);
    options.signal?.throwIfAborted();
    const indexed = await indexPrograms(db, toIndex, options.signal);
    const warnings = [...report.warnings];
    for (const f of [...staged.indexFailures, ...indexed.failures]) {
      warnings.push(`${f.program}: ${f.message}; the recording is imported, run sshlens reindex after an update`);
    }
    db.prepare('UPDATE sources SET warnings = ? WHERE id = ?').run(JSON.stringify(warnings), sourceId);
    options.signal?.throwIfAborted();
    const counts = sourceCounts(db, sourceId);
    const links = importLinks(linked.links);
    const conflicts = conflictsOfSource(db, sourceId);
    const status = report.partialReason ? 'partial' : 'imported';
    // Recorded in the same transaction: the case never holds evidence its audit log does not name.
    appendAudit(db, {
      action: 'import',
      now: options.now,
      details: {
        path: staged.path,
        size: staged.size,
        sha256: staged.sha256,
        format: staged.format,
        status,
        ...counts,
        keyFingerprint: report.keyFingerprint,
        partialReason: report.partialReason,
      },
    });
    for (const link of links) {
      appendAudit(db, {
        action: 'link',
        now: options.now,
        details: { sha256: staged.sha256, ...link, linkedBy: 'content' },
      });
    }
    for (const conflict of conflicts)
      appendAudit(db, { action: 'conflict', now: options.now, details: { ...conflict } });
    db.exec('COMMIT');
    const outcome: ImportOutcome = { ...base, status, ...counts };
    if (report.keyFingerprint) outcome.keyFingerprint = report.keyFingerprint;
    if (report.partialReason) outcome.partialReason = report.partialReason;
    if (warnings.length > 0) outcome.warnings = warnings;
    if (links.length > 0) outcome.links = links;
    if (conflicts.length > 0) outcome.conflicts = conflicts;
    if (report.rejectedLines.length > 0) {
      outcome.rejectedLines = report.rejectedLines;
      outcome.error = `${staged.path}: ${report.rejectedLines.length} malformed record(s) skipped: ${report.rejectedLines.map((r) => `line ${r.line}: ${r.message}`).join('; ')}`;
    }
    return outcome;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    reading.close();
    if (attached(db)) db.exec(`DETACH DATABASE ${STAGED}`);
  }
}

/**
 * Records of one program that disagreed within the staged file itself were kept there as a
 * variant with a conflict: they join the case so too, beside the program they disagree with.
 */
function adoptVariants(db: CaseDb, reading: CaseDb, writer: RecordingWriter, sourceId: number): void {
  const variants = reading.prepare('SELECT id, variant_of FROM programs WHERE variant_of IS NOT NULL').all() as Array<{
    id: number;
    variant_of: number;
  }>;
  for (const v of variants) {
    const parent = writer.programRow(`staged:${v.variant_of}`);
    const row = Number(
      db
        .prepare(
          `INSERT INTO programs (id, session_id, type, variant_of, term_type, term_cols, term_rows, term_modes, started_at_us)
           SELECT ${nextId('program')}, session_id, type, id, term_type, term_cols, term_rows, term_modes, started_at_us FROM programs WHERE id = ?`,
        )
        .run(parent).lastInsertRowid,
    );
    adoptEvents(db, STAGED, v.id, row);
    refreshProgramStats(db, row);
    db.prepare(`INSERT OR IGNORE INTO program_sources (program_id, source_id, role) VALUES (?, ?, 'events')`).run(
      row,
      sourceId,
    );
    db.prepare(
      `INSERT OR IGNORE INTO conflicts (session_id, program_id, source_id, variant_id, field, at_us, output_offset, stored, found, detected_at_us)
       SELECT (SELECT session_id FROM programs WHERE id = @parent), @parent, @source, @variant, field, at_us, output_offset, stored, found, detected_at_us
       FROM ${STAGED}.conflicts WHERE variant_id = @staged`,
    ).run({ parent, source: sourceId, variant: row, staged: v.id });
    db.prepare(`UPDATE program_sources SET role = 'conflict' WHERE program_id = ? AND source_id = ?`).run(
      parent,
      sourceId,
    );
  }
}

/** A staged program's events, a bounded run at a time, each compared with the case as a piece. */
function* pieces(events: Iterable<TerminalEvent>): Generator<TerminalEvent[]> {
  let piece: TerminalEvent[] = [];
  for (const ev of events) {
    piece.push({ ...ev, data: Uint8Array.from(ev.data) });
    if (piece.length >= PIECE_EVENTS) {
      yield piece;
      piece = [];
    }
  }
  if (piece.length > 0) yield piece;
}

function attached(db: CaseDb): boolean {
  return (db.prepare('SELECT name FROM pragma_database_list').pluck().all() as string[]).includes(STAGED);
}

export function sourceCounts(db: CaseDb, sourceId: number): { sessions: number; programs: number } {
  return db
    .prepare(
      `SELECT COUNT(DISTINCT p.session_id) AS sessions, COUNT(*) AS programs
      FROM program_sources ps JOIN programs p ON p.id = ps.program_id WHERE ps.source_id = ? AND p.variant_of IS NULL`,
    )
    .get(sourceId) as { sessions: number; programs: number };
}
