import type { ProgramType } from '../../shared/model';
import { isTerminalSize } from '../formats/limits';
import { programRef } from '../../shared/ids';
import type { CaseDb } from '../store/open-case';
import { DEFAULT_TERMINAL_SIZE } from './replay-terminal';

/** What the replay needs of a program's row. */
export interface ReplayProgram {
  row: number;
  type: ProgramType;
  command: string | null;
  startedAtUs: number | null;
  termCols: number | null;
  termRows: number | null;
  lastEventUs: number | null;
  outputBytes: number;
}

/** The program's row, or an Error saying there is no such program. */
export function loadReplayProgram(db: CaseDb, row: number): ReplayProgram {
  const p = db
    .prepare(
      `SELECT id AS row, type, command, started_at_us AS startedAtUs, term_cols AS termCols, term_rows AS termRows,
      last_event_us AS lastEventUs, output_bytes AS outputBytes FROM programs WHERE id = ?`,
    )
    .get(row) as ReplayProgram | undefined;
  if (!p) throw new Error(`no program ${programRef(row)} in this case`);
  return p;
}

/** The size the terminal starts at: the recorded pty, else 80x24. */
export function initialSize(p: ReplayProgram): { cols: number; rows: number } {
  return isTerminalSize(p.termCols, p.termRows)
    ? { cols: p.termCols!, rows: p.termRows! }
    : { ...DEFAULT_TERMINAL_SIZE };
}

/** Whether the program drew on a terminal (and so is replayed as a screen). */
export function hasTerminal(p: ReplayProgram): boolean {
  return p.type === 'shell' || (p.termCols !== null && p.termRows !== null);
}
