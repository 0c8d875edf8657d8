import { appendAudit } from '../evidence/audit-log';
import { ProgramSnapshots } from '../replay/snapshot-store';
import { getProgram, readEvents } from '../store/case-queries';
import { ProgramIndexWriter } from '../store/command-store';
import { programRef } from '../../shared/ids';
import { findUnreadableValues, repairUnreadableValues, type UnreadableValue } from '../store/unreadable-values';
import { reconcileCase } from '../store/linking/reconcile-case';
import { withWriteLock } from '../store/write-lock';
import { primaryProgramRows } from '../store/row-lookups';
import { Savepoint } from '../store/savepoint';
import { isStoreError } from '../store/store-errors';
import { importLinks } from '../store/provenance-queries';
import type { CaseDb } from '../store/open-case';
import { streamCommands } from '../extraction/extract-commands';
import type { ExtractionSink, TerminalTap } from '../extraction/extraction-types';

/** A program whose commands could not be extracted: its previous index (if any) is kept. */
export interface IndexFailure {
  program: string;
  message: string;
}

export interface IndexCounts {
  programs: number;
  commands: number;
  outputs: number;
  marks: number;
  failures: IndexFailure[];
  /** Values an older sshlens stored that no import writes today, cleared by a reindex (and audited). */
  repaired?: UnreadableValue[];
  /** Reindex only: programs joined to another recording of them, and programs whose doubled events were dropped. */
  linked?: number;
  deduplicated?: number;
}

export interface ReindexProgress {
  done: number;
  total: number;
  program: string;
}

export const emptyCounts = (): IndexCounts => ({ programs: 0, commands: 0, outputs: 0, marks: 0, failures: [] });

/**
 * Rebuilds the commands, outputs and marks of these programs from their stored event streams,
 * inside the caller's transaction. A program the extractor fails on is reported and left as it
 * was: the recording is the evidence, the index only a view of it (`sshlens reindex` redoes it).
 * Errors of the store itself are not caught, so the caller's transaction rolls back.
 */
export async function indexPrograms(
  db: CaseDb,
  programRows: Iterable<number>,
  signal?: AbortSignal,
): Promise<IndexCounts> {
  const counts = emptyCounts();
  for (const row of programRows) {
    signal?.throwIfAborted();
    counts.programs += 1;
    // A savepoint per program: rows are written as extraction goes (bounded memory), and a
    // failing extractor rolls back to the program's previous index.
    const savepoint = new Savepoint(db, 'index_program');
    let writer: ProgramIndexWriter;
    try {
      writer = new ProgramIndexWriter(db, row);
      const snapshots = new ProgramSnapshots(db, row);
      const failure = await extractProgram(db, row, writer, snapshots.tap, signal);
      if (failure !== null) {
        savepoint.rollback();
        counts.failures.push({ program: programRef(row), message: failure });
        continue;
      }
      // Replay snapshots are derived from the same events: rewritten with the index, never apart.
      const snapshotProblem = await snapshots.finish();
      if (snapshotProblem !== null) counts.failures.push({ program: programRef(row), message: snapshotProblem });
    } catch (e) {
      savepoint.rollback();
      throw e;
    }
    savepoint.release();
    counts.commands += writer.counts.commands;
    counts.outputs += writer.counts.outputs;
    counts.marks += writer.counts.marks;
  }
  return counts;
}

/**
 * Reindexes every program of the case, each in its own transaction: an interrupted reindex
 * leaves every program either as it was or fully redone, never half-indexed, and running it
 * again finishes the job. BEGIN IMMEDIATE takes the write lock before reading the events, so an
 * import running at the same time cannot slip new events in between.
 */
export async function reindexCase(
  db: CaseDb,
  onProgress?: (p: ReindexProgress) => void,
  signal?: AbortSignal,
): Promise<IndexCounts> {
  // Values an older sshlens let in are cleared first: linking and indexing read them.
  const repaired = await repairCase(db, signal);
  // One record per real session first: a case imported before sources were linked gets its
  // doubled Logpush events stored once and its recordings of one program joined.
  const reconciled = await reconcileCase(db, {
    nowUs: () => Date.now() * 1000,
    signal,
    onDeduplicated: (program, dropped) =>
      appendAudit(db, { action: 'deduplicate', details: { program: programRef(program), dropped } }),
    onLinked: (link) =>
      appendAudit(db, {
        action: 'link',
        details: { ...importLinks([link])[0]!, linked: programRef(link.program), linkedBy: 'content', by: 'reindex' },
      }),
  });
  const rows = primaryProgramRows(db);
  const total: IndexCounts = { ...emptyCounts(), repaired };
  total.linked = reconciled.links.length;
  total.deduplicated = reconciled.deduplicated.length;
  for (const [i, row] of rows.entries()) {
    // Between programs: each one is its own transaction, so stopping here leaves none half-done.
    signal?.throwIfAborted();
    const counts = await withWriteLock(db, () => indexPrograms(db, [row]), { signal });
    total.programs += counts.programs;
    total.commands += counts.commands;
    total.outputs += counts.outputs;
    total.marks += counts.marks;
    total.failures.push(...counts.failures);
    onProgress?.({ done: i + 1, total: rows.length, program: programRef(row) });
  }
  appendAudit(db, {
    action: 'reindex',
    details: {
      programs: total.programs,
      commands: total.commands,
      failures: total.failures.length,
      linked: total.linked ?? 0,
      deduplicated: total.deduplicated ?? 0,
    },
  });
  return total;
}

/**
 * Clears the values an older sshlens let in that no import writes today (store/unreadable-values.ts),
 * before the programs are redone with them; one transaction, whose audit entry keeps each old value.
 */
async function repairCase(db: CaseDb, signal?: AbortSignal): Promise<UnreadableValue[]> {
  if (findUnreadableValues(db).length === 0) return []; // a read first: most cases have none
  return withWriteLock(
    db,
    () => {
      const found = findUnreadableValues(db);
      if (found.length === 0) return found;
      repairUnreadableValues(db, found);
      appendAudit(db, {
        action: 'repair',
        details: {
          cleared: found.map((p) => ({ table: p.table, row: p.row, column: p.column, value: p.value, why: p.why })),
        },
      });
      return found;
    },
    { signal },
  );
}

async function extractProgram(
  db: CaseDb,
  row: number,
  sink: ExtractionSink,
  tap: TerminalTap | undefined,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  const program = getProgram(db, row);
  if (!program) return 'no such program in this case';
  const stored = readEvents(db, row);
  // A long program is extracted for seconds: a cancelled import stops within a few thousand events.
  const events = signal ? watched(stored, signal) : stored;
  try {
    await streamCommands(
      {
        type: program.type,
        command: program.command,
        terminal: program.terminal,
        exitStatus: program.exitStatus,
        events,
      },
      sink,
      tap,
    );
    return null;
  } catch (e) {
    if (isStoreError(e) || signal?.aborted) throw e;
    return `command extraction failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    // Closes the chunk query if the extractor stopped early: the connection refuses writes while it is open.
    stored.return(undefined);
  }
}

function* watched<T>(items: Iterable<T>, signal: AbortSignal): Generator<T> {
  let n = 0;
  for (const item of items) {
    if ((++n & 1023) === 0) signal.throwIfAborted();
    yield item;
  }
}
