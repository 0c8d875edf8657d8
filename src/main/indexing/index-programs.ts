import { appendAudit } from '../evidence/audit-log';
import { writeProgramSnapshots } from '../replay/snapshot-store';
import { getProgram, readEvents } from '../store/case-queries';
import { ProgramIndexWriter } from '../store/command-store';
import { programRef } from '../../shared/ids';
import { findUnreadableValues, repairUnreadableValues, type UnreadableValue } from '../store/unreadable-values';
import { reconcileCase } from '../store/linking/reconcile-case';
import { beginImmediate, withWriteLock } from '../store/write-lock';
import { importLinks } from '../store/provenance-queries';
import type { CaseDb } from '../store/open-case';
import { streamCommands } from '../extraction/extract-commands';
import type { ExtractionSink } from '../extraction/extraction-types';

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
    db.exec('SAVEPOINT index_program');
    let writer: ProgramIndexWriter;
    try {
      writer = new ProgramIndexWriter(db, row);
      const failure = await extractProgram(db, row, writer, signal);
      if (failure !== null) {
        db.exec('ROLLBACK TO index_program');
        db.exec('RELEASE index_program');
        counts.failures.push({ program: programRef(row), message: failure });
        continue;
      }
      // Replay snapshots are derived from the same events: rewritten with the index, never apart.
      const snapshotProblem = await storeSnapshots(db, row);
      if (snapshotProblem !== null) counts.failures.push({ program: programRef(row), message: snapshotProblem });
    } catch (e) {
      db.exec('ROLLBACK TO index_program');
      db.exec('RELEASE index_program');
      throw e;
    }
    db.exec('RELEASE index_program');
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
  const rows = db.prepare('SELECT id FROM programs WHERE variant_of IS NULL ORDER BY id').pluck().all() as number[];
  const total: IndexCounts = { ...emptyCounts(), repaired };
  total.linked = reconciled.links.length;
  total.deduplicated = reconciled.deduplicated.length;
  for (const [i, row] of rows.entries()) {
    // Between programs: each one is its own transaction, so stopping here leaves none half-done.
    signal?.throwIfAborted();
    await beginImmediate(db, { signal });
    try {
      const counts = await indexPrograms(db, [row]);
      db.exec('COMMIT');
      total.programs += counts.programs;
      total.commands += counts.commands;
      total.outputs += counts.outputs;
      total.marks += counts.marks;
      total.failures.push(...counts.failures);
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
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

/**
 * Rewrites the program's replay snapshots; a failure of the snapshot producer (not of the store)
 * only costs fast seeking, so it is reported and the program is kept, seeking from its start.
 */
async function storeSnapshots(db: CaseDb, row: number): Promise<string | null> {
  db.exec('SAVEPOINT program_snapshots');
  try {
    await writeProgramSnapshots(db, row);
    db.exec('RELEASE program_snapshots');
    return null;
  } catch (e) {
    db.exec('ROLLBACK TO program_snapshots');
    db.exec('RELEASE program_snapshots');
    if (isStoreError(e)) throw e;
    return `replay snapshots not stored (${e instanceof Error ? e.message : String(e)}); the replay seeks from the start`;
  }
}

async function extractProgram(
  db: CaseDb,
  row: number,
  sink: ExtractionSink,
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

/** Errors of the database itself are not the extractor's: they roll the whole import back. */
function isStoreError(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e.name === 'SqliteError' || (e as { code?: unknown }).code?.toString().startsWith('SQLITE_') === true)
  );
}
