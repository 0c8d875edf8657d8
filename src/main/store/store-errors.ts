import SqliteDatabase from 'better-sqlite3';

/**
 * An error of the database itself (full disk, corrupt file, lock), as opposed to one of the
 * code that called it: it rolls the whole write back instead of being reported and skipped.
 */
export function isStoreError(e: unknown): boolean {
  if (e instanceof SqliteDatabase.SqliteError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
