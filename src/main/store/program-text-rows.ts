import type { CaseDb } from './open-case';
import { groupPieces, joinPieces } from './output-pieces';

/**
 * Reads of what extraction stored for a program (commands and outputs tables) as the report
 * and the player's find use them; writes are command-store.ts's.
 */

/** The output text of each command of a program, by command row (stray output left out). */
export function selectCommandOutputs(db: CaseDb, programRow: number): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT o.command_id AS output, pc.start_char AS start, pc.text AS blob
       FROM outputs o JOIN output_pieces pc ON pc.output_id = o.id WHERE o.program_id = ? AND o.command_id IS NOT NULL`,
    )
    .all(programRow) as Array<{ output: number; start: number; blob: Buffer }>;
  const texts = groupPieces(rows);
  // An output without text has no pieces.
  for (const id of db
    .prepare('SELECT command_id FROM outputs WHERE program_id = ? AND command_id IS NOT NULL')
    .pluck()
    .all(programRow) as number[]) {
    if (!texts.has(id)) texts.set(id, '');
  }
  return texts;
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
 * A program's outputs (commands' and stray), earliest first, one output at a time (its pieces
 * joined). The statement stays open while the caller iterates: it must not write, nor read event
 * chunks, until done.
 */
export function* iterateOutputTexts(db: CaseDb, programRow: number): Generator<OutputTextRow> {
  const rows = db
    .prepare(
      `SELECT o.id, o.start_us AS startUs, o.end_us AS endUs, o.start_offset AS startOffset, o.end_offset AS endOffset,
         pc.start_char AS start, pc.text AS blob
       FROM outputs o LEFT JOIN output_pieces pc ON pc.output_id = o.id
       WHERE o.program_id = ? ORDER BY o.start_us, o.id, pc.start_char`,
    )
    .iterate(programRow) as IterableIterator<OutputTextRow & { id: number; start: number | null; blob: Buffer | null }>;
  let current: { row: OutputTextRow; id: number; pieces: Array<{ start: number; blob: Buffer }> } | null = null;
  const done = (c: NonNullable<typeof current>): OutputTextRow => ({ ...c.row, text: joinPieces(c.pieces) });
  for (const r of rows) {
    if (current === null || current.id !== r.id) {
      if (current !== null) yield done(current);
      const { startUs, endUs, startOffset, endOffset } = r;
      current = { row: { startUs, endUs, startOffset, endOffset, text: '' }, id: r.id, pieces: [] };
    }
    if (r.blob !== null && r.start !== null) current.pieces.push({ start: r.start, blob: r.blob });
  }
  if (current !== null) yield done(current);
}
