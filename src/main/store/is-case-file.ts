import Database from 'better-sqlite3';

// What makes a file an sshlens case (migration 001): checked before anything is deleted.
const CASE_TABLES = ['sessions', 'programs', 'sources', 'event_chunks'];

/** True when the file is an SQLite database with the tables of an sshlens case (opened read-only, never migrated). */
export function isCaseFile(path: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const found = db
      .prepare(
        `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (${CASE_TABLES.map(() => '?').join(', ')})`,
      )
      .pluck()
      .get(...CASE_TABLES) as number;
    return found === CASE_TABLES.length;
  } catch {
    return false; // missing, unreadable or not SQLite
  } finally {
    db?.close();
  }
}
