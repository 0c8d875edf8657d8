import type { ProgramType } from '../../shared/model';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/** Whether the case has session row `row`. */
export function hasSession(db: CaseDb, row: number): boolean {
  return statement(db, 'SELECT 1 FROM sessions WHERE id = ?').get(row) !== undefined;
}

/** Whether the case has program row `row` (variants included). */
export function hasProgram(db: CaseDb, row: number): boolean {
  return statement(db, 'SELECT 1 FROM programs WHERE id = ?').get(row) !== undefined;
}

/** A program and the session it belongs to, or null when there is no such program. */
export function programPlace(db: CaseDb, row: number): { programRow: number; sessionRow: number } | null {
  const p = statement(db, 'SELECT id AS programRow, session_id AS sessionRow FROM programs WHERE id = ?').get(row) as
    { programRow: number; sessionRow: number } | undefined;
  return p ?? null;
}

/** A command, where it sits (program, session, µs since the program start) and its text; null when there is none. */
export interface CommandPlace {
  commandRow: number;
  programRow: number;
  sessionRow: number;
  atUs: number;
  text: string;
}

export function commandPlace(db: CaseDb, row: number): CommandPlace | null {
  const c = statement(
    db,
    `SELECT c.id AS commandRow, c.program_id AS programRow, p.session_id AS sessionRow, c.at_us AS atUs, c.text
       FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.id = ?`,
  ).get(row) as CommandPlace | undefined;
  return c ?? null;
}

/** How many sessions the case holds. */
export function countSessions(db: CaseDb): number {
  return statement(db, 'SELECT COUNT(*) FROM sessions', true).get() as number;
}

/** How many commands the case holds: lines typed at a shell, or lines typed into a program it ran (program-input). */
export function countCommands(db: CaseDb, which: 'shell' | 'program-input'): number {
  const sql =
    which === 'program-input'
      ? "SELECT COUNT(*) FROM commands WHERE kind = 'program-input'"
      : "SELECT COUNT(*) FROM commands WHERE kind <> 'program-input'";
  return statement(db, sql, true).get() as number;
}

/** What the replay needs of a program's row. */
export interface ReplayProgramRow {
  row: number;
  type: ProgramType;
  command: string | null;
  startedAtUs: number | null;
  termCols: number | null;
  termRows: number | null;
  lastEventUs: number | null;
  outputBytes: number;
}

export function replayProgramRow(db: CaseDb, row: number): ReplayProgramRow | null {
  const p = statement(
    db,
    `SELECT id AS row, type, command, started_at_us AS startedAtUs, term_cols AS termCols, term_rows AS termRows,
      last_event_us AS lastEventUs, output_bytes AS outputBytes FROM programs WHERE id = ?`,
  ).get(row) as ReplayProgramRow | undefined;
  return p ?? null;
}

/** Every program of the case that is not a variant of another, oldest row first (what a reindex redoes). */
export function primaryProgramRows(db: CaseDb): number[] {
  return statement(db, 'SELECT id FROM programs WHERE variant_of IS NULL ORDER BY id', true).all() as number[];
}
