import { isTerminalSize } from '../formats/limits';
import { programRef } from '../../shared/ids';
import type { CaseDb } from '../store/open-case';
import { replayProgramRow, type ReplayProgramRow } from '../store/row-lookups';

/** What the replay needs of a program's row. */
export type ReplayProgram = ReplayProgramRow;

/** The program's row, or an Error saying there is no such program. */
export function loadReplayProgram(db: CaseDb, row: number): ReplayProgram {
  const p = replayProgramRow(db, row);
  if (!p) throw new Error(`no program ${programRef(row)} in this case`);
  return p;
}

/** The size a program starts at when the recording gives none. */
const DEFAULT_TERMINAL_SIZE = Object.freeze({ cols: 80, rows: 24 });

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
