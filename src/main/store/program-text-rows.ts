import type { CaseDb } from './open-case';

/**
 * Reads of what extraction stored for a program (commands and outputs tables) as the report
 * and the player's find use them; writes are command-store.ts's.
 */

/** The output text of each command of a program, by command row (stray output left out). */
export function selectCommandOutputs(db: CaseDb, programRow: number): Map<number, string> {
  const rows = db
    .prepare('SELECT command_id AS id, text FROM outputs WHERE program_id = ? AND command_id IS NOT NULL')
    .all(programRow) as Array<{ id: number; text: string }>;
  return new Map(rows.map((r) => [r.id, r.text]));
}

/** A program's command lines and their times (µs since its start), earliest first. */
export function selectCommandTexts(db: CaseDb, programRow: number): Array<{ atUs: number; text: string }> {
  return db
    .prepare('SELECT at_us AS atUs, text FROM commands WHERE program_id = ? ORDER BY at_us, seq')
    .all(programRow) as Array<{ atUs: number; text: string }>;
}

/** A stretch of a program's output: its times (µs since the start), its byte offsets in the output stream, its text. */
export interface OutputTextRow {
  startUs: number;
  endUs: number;
  startOffset: number;
  endOffset: number;
  text: string;
}

/**
 * A program's outputs (commands' and stray), earliest first, one row at a time. The statement
 * stays open while the caller iterates: it must not write, nor read event chunks, until done.
 */
export function iterateOutputTexts(db: CaseDb, programRow: number): IterableIterator<OutputTextRow> {
  return db
    .prepare(
      `SELECT start_us AS startUs, end_us AS endUs, start_offset AS startOffset, end_offset AS endOffset, text
       FROM outputs WHERE program_id = ? ORDER BY start_us, id`,
    )
    .iterate(programRow) as IterableIterator<OutputTextRow>;
}
