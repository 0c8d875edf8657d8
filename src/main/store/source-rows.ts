import type { SourceRole, SourceContribution } from '../../shared/views';
import type { CaseDb } from './open-case';

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
  return db
    .prepare('SELECT id, path, size, sha256, format, imported_at_us AS importedAtUs FROM sources ORDER BY id')
    .all() as SourceRow[];
}

/** Every source of a program, in import order, with its role. */
export function selectProgramSources(db: CaseDb, programRow: number): ProgramSourceRow[] {
  return db
    .prepare(
      `SELECT src.path, src.sha256, src.format, ps.role, ps.linked_by AS linkedBy
       FROM program_sources ps JOIN sources src ON src.id = ps.source_id WHERE ps.program_id = ? ORDER BY src.id`,
    )
    .all(programRow) as ProgramSourceRow[];
}

/** Which sessions each source recorded (any of their programs, variants included): pairs in source, then session order. */
export function selectSourceSessions(db: CaseDb): Array<{ sourceRow: number; sessionRow: number }> {
  return db
    .prepare(
      `SELECT DISTINCT ps.source_id AS sourceRow, p.session_id AS sessionRow
         FROM program_sources ps JOIN programs p ON p.id = ps.program_id ORDER BY ps.source_id, p.session_id`,
    )
    .all() as Array<{ sourceRow: number; sessionRow: number }>;
}
