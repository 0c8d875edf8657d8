import Database from 'better-sqlite3';
import { migrate } from './migrate';
import type { CaseDb } from './open-case';

/**
 * A private, throw-away case one file is imported into before it joins the real case: readers,
 * the event store and extraction run there in parallel with other files, holding no lock on the
 * case. It has the case's schema but keeps no full-text index (the real case builds its own
 * when the rows are copied in), and it is not crash-safe: it is deleted after use or on failure.
 */
export function openStagingCase(path: string): CaseDb {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  migrate(db);
  for (const trigger of db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('commands', 'outputs')
       AND (sql LIKE '%_trigram%' OR sql LIKE '%_words%')`,
    )
    .pluck()
    .all() as string[]) {
    db.exec(`DROP TRIGGER "${trigger}"`);
  }
  return db;
}

/** A staging case opened to read what was staged (while the case, in another connection, copies it). */
export function openStagedForReading(path: string): CaseDb {
  return new Database(path, { readonly: true, fileMustExist: true });
}
