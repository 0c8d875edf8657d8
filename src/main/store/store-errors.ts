import Database from 'better-sqlite3';

/** A failure of the case database itself (full disk, corrupt file, lock), not of the code that called it. */
export interface StoreError extends Error {
  /** SQLite's code: SQLITE_FULL, SQLITE_CORRUPT, SQLITE_BUSY, … */
  code: string;
}

/**
 * Whether `e` is the database's own failure: a better-sqlite3 SqliteError, or an error carrying a
 * SQLite code (one rethrown with it). It rolls a whole write back instead of being reported and
 * skipped (indexing), or is said as the case's failure (search). Told by class and code, never by name.
 */
export function isStoreError(e: unknown): e is StoreError {
  if (e instanceof Database.SqliteError) return true;
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Another connection holds the case (its write lock, or a snapshot this one needs): worth waiting for or retrying later. */
export function isBusy(e: unknown): boolean {
  if (!isStoreError(e)) return false;
  return e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT' || e.code === 'SQLITE_LOCKED';
}
