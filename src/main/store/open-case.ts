import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';
import { compactAfterUpgrade } from './compact-case';
import { NotACaseError } from '../../shared/errors';

export type CaseDb = Database.Database;

export { NotACaseError } from '../../shared/errors';

/**
 * Page cache (KiB) of a connection that browses a case: the app's, and `sshlens search`. The
 * default (16 MiB, as better-sqlite3 builds SQLite) holds few of the index and piece pages a
 * search reads again (a substring query reads ~1,000 pieces of ~5 KB): on the bench's 1 GB case,
 * warm, two runs each, 64 MiB took p50 of whole words 7.8-11.2 -> 6.4-6.5 ms, substrings 41-48 ->
 * 37-39 ms, p99 of whole words 47-67 -> 37-40 ms. Filled only as pages are read; other connections
 * keep the default (an import's peak memory is bounded, see README).
 */
export const BROWSING_CACHE_KIB = 64 * 1024;

export interface OpenCaseOptions {
  readonly?: boolean;
  mustExist?: boolean;
  /** The connection browses the case (searches, timeline, replay): a larger page cache. */
  browsing?: boolean;
}

/**
 * Opens (creating if needed, unless `mustExist`) a case file and brings its schema up to date. A file
 * that is not an SQLite database, or a database sshlens did not make (tables but no schema version),
 * is refused before anything is written to it: migrating would add sshlens's tables to someone
 * else's data.
 */
export function openCase(path: string, options: OpenCaseOptions = {}): CaseDb {
  const problem = caseFileProblem(path, options.mustExist === true || options.readonly === true);
  if (problem !== null) throw problem;
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (isForeignDatabase(db))
      throw new NotACaseError(`${path} is an SQLite database, but not an sshlens case`, 'not-a-case');
  } catch (e) {
    db.close();
    throw e;
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.browsing === true) db.pragma(`cache_size = -${BROWSING_CACHE_KIB}`);
  if (!options.readonly) {
    // Default 4 KiB pages on purpose: 16/64 KiB pages imported 1.1x/1.2x faster in
    // `npm run bench` (within run-to-run noise) but raised peak RSS from 145 to 205/406 MB.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const from = db.pragma('user_version', { simple: true }) as number;
    // An upgrade may rewrite the bulk of a case and leave the file twice its size (compact-case.ts).
    if (migrate(db) > from && from > 0) compactAfterUpgrade(db);
  }
  return db;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Why `path` cannot be opened as a case, or null (a missing file is fine unless it must exist). */
export function caseFileProblem(path: string, mustExist: boolean): NotACaseError | null {
  if (!existsSync(path)) {
    return mustExist
      ? new NotACaseError(`no case at ${path} (sshlens import creates one; check --case or $SSHLENS_CASE)`, 'missing')
      : null;
  }
  const st = statSync(path);
  if (!st.isFile()) return new NotACaseError(`${path} is not a case file (it is a folder or a device)`, 'not-a-case');
  if (st.size === 0) return null; // an empty file: SQLite makes it a database
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    readSync(fd, head, 0, head.length, 0);
    if (head.toString('latin1') !== SQLITE_MAGIC)
      return new NotACaseError(`${path} is not an sshlens case (not an SQLite database)`, 'not-a-case');
  } finally {
    closeSync(fd);
  }
  return null;
}

/** Tables but schema version 0: a database some other program made. */
function isForeignDatabase(db: CaseDb): boolean {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return false;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as {
    n: number;
  };
  return tables.n > 0;
}
