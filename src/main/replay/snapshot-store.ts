import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readEvents } from '../store/case-queries';
import type { CaseDb } from '../store/open-case';
import { deleteProgramSnapshots, latestSnapshotRow, snapshotInserter } from '../store/snapshot-rows';
import { outputPositionAt } from './output-position';
import { hasTerminal, initialSize, loadReplayProgram } from './replay-program';
import { produceSnapshots, SNAPSHOT_INTERVAL_BYTES, type TerminalSnapshot } from './snapshot-producer';

/**
 * Replaces a program's terminal snapshots with ones taken from its stored events, inside the
 * caller's transaction (import and reindex run it with the command index). Programs without a
 * terminal, or with less output than one interval, get none. Returns how many were stored.
 */
export async function writeProgramSnapshots(
  db: CaseDb,
  programRow: number,
  intervalBytes = SNAPSHOT_INTERVAL_BYTES,
): Promise<number> {
  deleteProgramSnapshots(db, programRow);
  const program = loadReplayProgram(db, programRow);
  if (!hasTerminal(program) || program.outputBytes < intervalBytes) return 0;
  const insert = snapshotInserter(db, programRow);
  let stored = 0;
  // readEvents keeps no statement open between pages, so the inserts can run while it is read.
  await produceSnapshots(
    readEvents(db, programRow),
    initialSize(program),
    (s) => {
      insert({
        at_us: s.atUs,
        cols: s.cols,
        rows: s.rows,
        output_offset: s.outputOffset,
        data: deflateRawSync(s.data),
      });
      stored += 1;
    },
    intervalBytes,
  );
  return stored;
}

/**
 * The latest snapshot at or before `atUs` that still matches the stored events, or null. A
 * snapshot whose output offset no longer agrees with the events (a merge added output before
 * it and its reindex failed) is not used: playing from the start is slower, never wrong.
 */
export function snapshotAtOrBefore(
  db: CaseDb,
  programRow: number,
  atUs: number,
): (TerminalSnapshot & { tail: Uint8Array }) | null {
  const row = latestSnapshotRow(db, programRow, atUs);
  if (!row) return null;
  const position = outputPositionAt(db, programRow, row.at_us);
  if (position.offset !== row.output_offset) return null;
  return {
    atUs: row.at_us,
    cols: row.cols,
    rows: row.rows,
    outputOffset: row.output_offset,
    data: inflateRawSync(row.data).toString('utf8'),
    tail: position.tail,
  };
}
