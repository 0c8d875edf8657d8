import type { Database } from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBusy } from './store-errors';

/**
 * A case has one writer at a time (SQLite's write lock). Waiting for it must never freeze the
 * thread that waits: better-sqlite3 is synchronous, and its busy timeout blocks the event loop
 * of `sshlens serve` and makes an import impossible to cancel. So the lock is taken by trying
 * BEGIN IMMEDIATE without a busy timeout and, while another writer holds it, trying again after
 * short waits that yield to the event loop and end at once when `signal` aborts.
 */

export interface WriteLockOptions {
  signal?: AbortSignal;
  /** Give up after this long (default: ten minutes, an import of a large file). */
  timeoutMs?: number;
  /** Called once when the lock is busy, so a caller can say it is waiting. */
  onWait?: () => void;
}

export class WriteLockTimeout extends Error {
  override name = 'WriteLockTimeout';
}

const FIRST_WAIT_MS = 10;
const LONGEST_WAIT_MS = 250;

/** BEGIN IMMEDIATE, waiting (asynchronously) while another connection writes. */
export async function beginImmediate(db: Database, options: WriteLockOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let wait = FIRST_WAIT_MS;
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (tryBegin(db)) return;
    if (!told) {
      told = true;
      options.onWait?.();
    }
    if (Date.now() >= deadline) {
      throw new WriteLockTimeout('another sshlens is writing to this case and did not finish in time: try again later');
    }
    await sleep(wait, undefined, options.signal ? { signal: options.signal } : undefined);
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
  }
}

/**
 * Runs `work` in a write transaction taken with beginImmediate(): committed when it returns,
 * rolled back when it throws. `work` may be synchronous (a note, a case field) or not (an import).
 */
export async function withWriteLock<T>(
  db: Database,
  work: () => T | Promise<T>,
  options: WriteLockOptions = {},
): Promise<T> {
  if (db.inTransaction) return work();
  await beginImmediate(db, options);
  try {
    const value = await work();
    commitWrite(db);
    return value;
  } catch (e) {
    rollbackWrite(db);
    throw e;
  }
}

/** Commits the transaction beginImmediate() began. */
export function commitWrite(db: Database): void {
  db.exec('COMMIT');
}

/** Rolls back the transaction beginImmediate() began, if it is still open (SQLite ends it on some errors). */
export function rollbackWrite(db: Database): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

function tryBegin(db: Database): boolean {
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (e) {
    if (isBusy(e)) return false;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}
