import type { SourceFormat } from '../../shared/model';
import type { SourceRole, SourceContribution } from '../../shared/views';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/** An imported file as stored: path, size, SHA-256, format and when it was imported (µs since the epoch). */
export interface SourceRow {
  id: number;
  path: string;
  size: number;
  sha256: string;
  format: string;
  importedAtUs: number;
}

/** A source of one program and the part it plays there (program_sources). */
export interface ProgramSourceRow {
  path: string;
  sha256: string;
  format: string;
  role: SourceRole;
  /** How it was joined to the program; null when it created it. */
  linkedBy: SourceContribution['linkedBy'];
}

/** Every source of the case, in import order. */
export function selectSources(db: CaseDb): SourceRow[] {
  return statement(
    db,
    'SELECT id, path, size, sha256, format, imported_at_us AS importedAtUs FROM sources ORDER BY id',
  ).all() as SourceRow[];
}

/** Every source of a program, in import order, with its role. */
export function selectProgramSources(db: CaseDb, programRow: number): ProgramSourceRow[] {
  return statement(
    db,
    `SELECT src.path, src.sha256, src.format, ps.role, ps.linked_by AS linkedBy
       FROM program_sources ps JOIN sources src ON src.id = ps.source_id WHERE ps.program_id = ? ORDER BY src.id`,
  ).all(programRow) as ProgramSourceRow[];
}

/** Which sessions each source recorded (any of their programs, variants included): pairs in source, then session order. */
export function selectSourceSessions(db: CaseDb): Array<{ sourceRow: number; sessionRow: number }> {
  return statement(
    db,
    `SELECT DISTINCT ps.source_id AS sourceRow, p.session_id AS sessionRow
         FROM program_sources ps JOIN programs p ON p.id = ps.program_id ORDER BY ps.source_id, p.session_id`,
  ).all() as Array<{ sourceRow: number; sessionRow: number }>;
}

/** A source as an import finds it again: its row and format. */
export interface KnownSource {
  id: number;
  format: SourceFormat;
}

/** Whether the case holds a file of exactly this size (only then is a new file hashed before it is read). */
export function hasSourceOfSize(db: CaseDb, size: number): boolean {
  return statement(db, 'SELECT 1 FROM sources WHERE size = ? LIMIT 1').get(size) !== undefined;
}

/** The source with these bytes (its SHA-256), or undefined when the case has none. */
export function sourceWithSha256(db: CaseDb, sha256: string): KnownSource | undefined {
  return statement(db, 'SELECT id, format FROM sources WHERE sha256 = ?').get(sha256) as KnownSource | undefined;
}

/** Sessions and programs (variants left out) a source recorded. */
export function countsOfSource(db: CaseDb, sourceId: number): { sessions: number; programs: number } {
  return statement(
    db,
    `SELECT COUNT(DISTINCT p.session_id) AS sessions, COUNT(*) AS programs
      FROM program_sources ps JOIN programs p ON p.id = ps.program_id WHERE ps.source_id = ? AND p.variant_of IS NULL`,
  ).get(sourceId) as { sessions: number; programs: number };
}

/** An imported file: where it was, its size, its bytes' SHA-256 and what it holds. */
export interface SourceFile {
  path: string;
  size: number;
  sha256: string;
  format: SourceFormat;
}

/** A file joining the case, as its sources row first holds it (warnings are set when it is done). */
export interface NewSource extends SourceFile {
  importedAtUs: number;
  partialReason: string | null;
  keyFingerprint: string | null;
}

/** Adds the sources row of a file joining the case (status partial when it has a partial reason); returns its id. */
export function insertSource(db: CaseDb, s: NewSource): number {
  return Number(
    statement(
      db,
      `INSERT INTO sources (path, size, sha256, format, imported_at_us, status, partial_reason, key_fingerprint, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
    ).run(
      s.path,
      s.size,
      s.sha256,
      s.format,
      s.importedAtUs,
      s.partialReason ? 'partial' : 'imported',
      s.partialReason,
      s.keyFingerprint,
    ).lastInsertRowid,
  );
}

/** The warnings of an imported file, replacing the ones it had. */
export function setSourceWarnings(db: CaseDb, sourceId: number, warnings: readonly string[]): void {
  statement(db, 'UPDATE sources SET warnings = ? WHERE id = ?').run(JSON.stringify(warnings), sourceId);
}

/** A source as an investigator names it: by its SHA-256 or the path it was imported from. */
export interface NamedSource {
  id: number;
  sha256: string;
  path: string;
}

/** Sources whose SHA-256 starts with these hex digits (any case), in import order. */
export function sourcesWithSha256Prefix(db: CaseDb, prefix: string): NamedSource[] {
  return statement(db, 'SELECT id, sha256, path FROM sources WHERE sha256 LIKE ? ORDER BY id').all(
    `${prefix.toLowerCase()}%`,
  ) as NamedSource[];
}

/** Sources imported from exactly this path, in import order. */
export function sourcesAtPath(db: CaseDb, path: string): NamedSource[] {
  return statement(db, 'SELECT id, sha256, path FROM sources WHERE path = ? ORDER BY id').all(path) as NamedSource[];
}
