import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/** A stored terminal snapshot (migration of terminal_snapshots): `data` as stored (raw deflate). */
export interface SnapshotRow {
  at_us: number;
  cols: number;
  rows: number;
  output_offset: number;
  data: Buffer;
}

export function deleteProgramSnapshots(db: CaseDb, programRow: number): void {
  statement(db, 'DELETE FROM terminal_snapshots WHERE program_id = ?').run(programRow);
}

/** A writer of one program's snapshots, one prepared statement for them all. */
export function snapshotInserter(db: CaseDb, programRow: number): (s: SnapshotRow) => void {
  const insert = statement(
    db,
    'INSERT INTO terminal_snapshots (program_id, at_us, cols, rows, output_offset, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return (s) => insert.run(programRow, s.at_us, s.cols, s.rows, s.output_offset, s.data);
}

/** The latest snapshot at or before `atUs` (µs since the program start). */
export function latestSnapshotRow(db: CaseDb, programRow: number, atUs: number): SnapshotRow | undefined {
  return statement(
    db,
    'SELECT at_us, cols, rows, output_offset, data FROM terminal_snapshots WHERE program_id = ? AND at_us <= ? ORDER BY at_us DESC LIMIT 1',
  ).get(programRow, atUs) as SnapshotRow | undefined;
}
