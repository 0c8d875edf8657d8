import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';

// What makes a file an sshlens case (migration 001): checked before anything is deleted.
const CASE_TABLES = ['sessions', 'programs', 'sources', 'event_chunks'];

/** True when the file is an SQLite database with the tables of an sshlens case. */
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

/**
 * Deletes a case file with its SQLite companions (-wal, -shm, -journal), and only if it is an
 * sshlens case: any other file is refused (an error), never deleted. False when it did not exist.
 */
export async function removeCaseFile(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  if (!isCaseFile(path)) throw new Error(`${path} is not an sshlens case: it was not deleted`);
  for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
  await rm(path);
  return true;
}
