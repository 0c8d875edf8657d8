import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ImportOutcome } from '../../shared/model';
import { appendAudit } from '../evidence/audit-log';
import type { TerminalEvent } from '../formats/recording';
import { indexPrograms } from '../indexing/index-programs';
import { adoptIndexes, adoptLogpushRecords, adoptVariant } from '../store/adopt-staged';
import { programSpans, readEvents } from '../store/case-queries';
import { linkSourcePrograms } from '../store/linking/link-programs';
import type { CaseDb } from '../store/open-case';
import { cloudflareIdLinks, conflictsOfSource, importLinks } from '../store/provenance-queries';
import { factsOfRows, RecordingWriter } from '../store/recording-writer';
import {
  countsOfSource,
  insertSource,
  setSourceWarnings,
  sourceWithSha256,
  type SourceFile,
} from '../store/source-rows';
import {
  attachStaged,
  detachStaged,
  openStagedForReading,
  stagedPrograms,
  stagedSession,
  stagedVariants,
} from '../store/staging-case';
import { beginImmediate, commitWrite, rollbackWrite } from '../store/write-lock';
import type { StagedFile } from './stage-file';
import { TimePieces } from './time-pieces';

export interface MergeOptions {
  signal?: AbortSignal;
  now?: () => number;
}

/** Programs declared between two turns of the event loop while a file joins the case. */
const YIELD_EVERY = 256;

/** How many events of a staged program are compared with the case at once (bounded memory). */
const PIECE_EVENTS = 4096;

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
    const raced = sourceWithSha256(db, staged.sha256);
    if (raced) {
      rollbackWrite(db);
      return { ...base, format: raced.format, status: 'duplicate', ...countsOfSource(db, raced.id) };
    }
    const report = staged.report;
    const file: SourceFile = { path: staged.path, size: staged.size, sha256: staged.sha256, format: staged.format };
    const sourceId = insertSource(db, {
      ...file,
      importedAtUs: nowUs(),
      partialReason: report.partialReason ?? null,
      keyFingerprint: report.keyFingerprint ?? null,
    });
    const schema = attachStaged(db, staged.stagingPath);
    const writer = new RecordingWriter(db, sourceId, nowUs);
    const adopted = new Map<number, number>(); // staged program → case program, index copied
    let declared = 0;
    for (const row of stagedPrograms(reading)) {
      options.signal?.throwIfAborted();
      // A turn of the event loop now and then lets V8 shrink its heap (idle-time GC): without it the
      // join of a Logpush file of 20,000 sessions grew the heap 41 -> 66 MB and peaked 32 MB higher.
      if (++declared % YIELD_EVERY === 0) await yieldToEventLoop();
      const stagedId = row.id;
      const facts = factsOfRows(stagedSession(reading, row['session_id'] as number), row);
      const ref = `staged:${stagedId}`;
      writer.program(ref, facts.session, facts.program);
      if (writer.created(ref)) {
        writer.adoptStaged(ref, schema, stagedId);
        adopted.set(stagedId, writer.programRow(ref));
      } else {
        const spans = programSpans(reading, stagedId);
        for (const { piece, continues } of pieces(readEvents(reading, stagedId), spans))
          writer.piece(ref, piece, continues);
      }
      adoptLogpushRecords(db, schema, stagedId, writer.programRow(ref));
    }
    const written = writer.finish();
    // Records of one program that disagreed within the staged file itself were kept there as a
    // variant with a conflict: they join the case so too, beside the program they disagree with.
    for (const v of stagedVariants(reading)) {
      adoptVariant(db, schema, { staged: v.id, parent: writer.programRow(`staged:${v.variantOf}`), sourceId });
    }
    if (report.partialReason) writer.markPartial(report.partialReason);
    const linked = linkSourcePrograms(db, sourceId, written.created, nowUs());
    const gone = new Set(linked.gone);
    const changed = new Set(linked.changed);
    // What extraction found in the staging case holds for a program copied as it was staged.
    const unchanged = new Map([...adopted].filter(([, caseId]) => !gone.has(caseId) && !changed.has(caseId)));
    adoptIndexes(db, schema, unchanged);
    const adoptedRows = new Set(adopted.values());
    const toIndex = new Set([...written.changed, ...linked.changed].filter((id) => !gone.has(id)));
    for (const id of adoptedRows) if (!changed.has(id)) toIndex.delete(id);
    options.signal?.throwIfAborted();
    const indexed = await indexPrograms(db, toIndex, options.signal);
    const warnings = [...report.warnings];
    for (const f of [...staged.indexFailures, ...indexed.failures]) {
      warnings.push(`${f.program}: ${f.message}; the recording is imported, run sshlens reindex after an update`);
    }
    setSourceWarnings(db, sourceId, warnings);
    options.signal?.throwIfAborted();
    const counts = countsOfSource(db, sourceId);
    const links = [...cloudflareIdLinks(db, sourceId), ...importLinks(linked.links)];
    const conflicts = conflictsOfSource(db, sourceId);
    const status = report.partialReason ? 'partial' : 'imported';
    // Recorded in the same transaction: the case never holds evidence its audit log does not name.
    appendAudit(db, {
      action: 'import',
      now: options.now,
      details: {
        ...file,
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
        details: { sha256: staged.sha256, ...link },
      });
    }
    for (const conflict of conflicts)
      appendAudit(db, { action: 'conflict', now: options.now, details: { ...conflict } });
    commitWrite(db);
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
    rollbackWrite(db);
    throw e;
  } finally {
    reading.close();
    detachStaged(db);
  }
}

/**
 * A staged program's events, a bounded run at a time, each compared with the case as a piece, cut
 * where time moves on (time-pieces.ts) and where one of its staged spans ends. Past 16 pieces'
 * worth of events at one instant it is cut anyway, to stay bounded. A piece continues the one
 * before when both lie in one staged span: the program's time between them is covered, and one
 * staged span stays one span in the case. Events are copied: a stored chunk's events view its body.
 */
function* pieces(
  events: Iterable<TerminalEvent>,
  spans: ReadonlyArray<readonly [number, number]>,
): Generator<{ piece: TerminalEvent[]; continues: boolean }> {
  const cutter = new TimePieces({ events: PIECE_EVENTS, hardEvents: 16 * PIECE_EVENTS });
  let lastSpan = -1; // the span of the last event given to the cutter
  let endedIn = -1; // the span the last piece yielded ended in
  const out = (piece: TerminalEvent[] | null): { piece: TerminalEvent[]; continues: boolean } | null => {
    if (piece === null) return null;
    const continues = endedIn >= 0 && spanOf(spans, piece[0]!.atUs) === endedIn;
    endedIn = spanOf(spans, piece.at(-1)!.atUs);
    return { piece, continues };
  };
  for (const ev of events) {
    const span = spanOf(spans, ev.atUs);
    if (span !== lastSpan) {
      const closed = out(cutter.flush());
      if (closed) yield closed;
      lastSpan = span;
    }
    const closed = out(cutter.add({ ...ev, data: Uint8Array.from(ev.data) }));
    if (closed) yield closed;
  }
  const rest = out(cutter.flush());
  if (rest) yield rest;
}

/** The index of the span holding `us`, or -1 (spans sorted, apart). */
function spanOf(spans: ReadonlyArray<readonly [number, number]>, us: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = spans[mid]!;
    if (us < a) hi = mid - 1;
    else if (us > b) lo = mid + 1;
    else return mid;
  }
  return -1;
}
