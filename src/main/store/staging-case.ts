import Database from 'better-sqlite3';
import type { SourceFormat } from '../../shared/model';
import { migrate } from './migrate';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * A private, throw-away case one file is imported into before it joins the real case: readers,
 * the event store and extraction run there in parallel with other files, holding no lock on the
 * case. It has the case's schema but keeps no full-text index (the real case builds its own
 * when the rows are copied in; output text is already cut and compressed here), and it is not crash-safe: it is deleted after use or on failure.
 */
export function openStagingCase(path: string): CaseDb {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${STAGING_CACHE_KIB}`);
  migrate(db);
  for (const trigger of statement(
    db,
    `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('commands', 'outputs')
       AND (sql LIKE '%_trigram%' OR sql LIKE '%_words%')`,
    true,
  ).all() as string[]) {
    db.exec(`DROP TRIGGER "${trigger}"`);
  }
  // Output pieces are written compressed here, in the worker; the case indexes them as they join it.
  db.exec(
    'DROP TRIGGER IF EXISTS output_pieces_ad; DROP TABLE IF EXISTS pieces_trigram; DROP TABLE IF EXISTS pieces_words;',
  );
  dropTimelineUpkeep(db);
  return db;
}

/** Indexes of sessions and programs that staging's own statements use (the rest serve the timeline). */
const STAGING_INDEXES = new Set(['programs_session', 'programs_variant']);

/**
 * The timeline's derived data (session flags, facets, hour counts, program types; migrations 017-019)
 * and its indexes of sessions and programs are kept by the case, which computes them again as the
 * staged rows join it (merge-staged.ts copies facts, never these). Kept here, a session and its
 * program cost ~20 index writes and ~10 trigger statements each, for nothing: the staging of a
 * Logpush file of many short sessions spent a third of its time there.
 */
function dropTimelineUpkeep(db: CaseDb): void {
  const rows = statement(
    db,
    `SELECT type, name FROM sqlite_master WHERE tbl_name IN ('sessions', 'programs')
       AND ((type = 'trigger' AND (name GLOB '*_flags_*' OR name GLOB '*_facets_*' OR name GLOB '*_hours_*' OR name GLOB '*_type_bits_*'))
         OR (type = 'index' AND name NOT GLOB 'sqlite_autoindex_*'))`,
  ).all() as Array<{ type: 'trigger' | 'index'; name: string }>;
  for (const { type, name } of rows) {
    if (type === 'index' && STAGING_INDEXES.has(name)) continue;
    db.exec(`DROP ${type === 'trigger' ? 'TRIGGER' : 'INDEX'} "${name}"`);
  }
}

/** A staging case opened to read what was staged (while the case, in another connection, copies it). */
export function openStagedForReading(path: string): CaseDb {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // It reads program and session rows a page at a time, in order: a small cache serves.
  db.pragma('cache_size = -2048');
  return db;
}

/**
 * The staging case's page cache (KiB). SQLite's default here is 16 MB a connection; a staging
 * case is written in order and read back once, so a smaller cache costs little and leaves room
 * under the import's memory goal (several connections are open while a file joins the case).
 */
const STAGING_CACHE_KIB = 4096;

/**
 * Begins the one transaction a file is staged in: without it every statement commits on its own,
 * and a Logpush file of 5,000 sessions made ~50,000 commits (0.7 ms a program, growing with the
 * file). The staging case is thrown away on failure, so nothing is ever rolled back.
 */
export function beginStaging(staging: CaseDb): void {
  staging.exec('BEGIN');
}

export function commitStaging(staging: CaseDb): void {
  staging.exec('COMMIT');
}

/** The one source of a staging case: its row is 1, its SHA-256 is known only once the file is read. */
export function insertStagedSource(
  staging: CaseDb,
  s: { path: string; size: number; format: SourceFormat; importedAtUs: number },
): number {
  statement(
    staging,
    `INSERT INTO sources (id, path, size, sha256, format, imported_at_us, status) VALUES (1, ?, ?, '', ?, ?, 'imported')`,
  ).run(s.path, s.size, s.format, s.importedAtUs);
  return 1;
}

/** A row of a staging case as SQLite returns it (store/recording-writer.ts reads its facts). */
export type StagedRow = Record<string, unknown> & { id: number };

/** How many staged program rows are held at once: a Logpush file may stage 100,000 programs. */
const PROGRAM_PAGE = 512;

/**
 * The staged programs that are not variants, in the order they were staged, read a page at a
 * time with no statement left open between pages (the caller writes to the case meanwhile).
 */
export function* stagedPrograms(reading: CaseDb): Generator<StagedRow> {
  for (let after = 0; ;) {
    const rows = statement(
      reading,
      'SELECT * FROM programs WHERE variant_of IS NULL AND id > ? ORDER BY id LIMIT ?',
    ).all(after, PROGRAM_PAGE) as StagedRow[];
    yield* rows;
    if (rows.length < PROGRAM_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** A staged session's row. */
export function stagedSession(reading: CaseDb, sessionId: number): StagedRow {
  return statement(reading, 'SELECT * FROM sessions WHERE id = ?').get(sessionId) as StagedRow;
}

/** Staged programs kept as variants of another (records of one program that disagreed within the file). */
export function stagedVariants(reading: CaseDb): Array<{ id: number; variantOf: number }> {
  return statement(
    reading,
    'SELECT id, variant_of AS variantOf FROM programs WHERE variant_of IS NOT NULL',
  ).all() as Array<{
    id: number;
    variantOf: number;
  }>;
}

/** The schema name a staging case is attached under while it joins the case. */
const STAGED = 'staged';

/** Attaches a staging case to the case's connection, so its rows are copied by INSERT … SELECT; returns the schema name. */
export function attachStaged(db: CaseDb, stagingPath: string): string {
  statement(db, `ATTACH DATABASE ? AS ${STAGED}`).run(stagingPath);
  return STAGED;
}

/** Detaches the staging case if it is attached (outside a transaction: SQLite cannot detach inside one). */
export function detachStaged(db: CaseDb): void {
  const attached = statement(db, 'SELECT name FROM pragma_database_list', true).all() as string[];
  if (attached.includes(STAGED)) db.exec(`DETACH DATABASE ${STAGED}`);
}
