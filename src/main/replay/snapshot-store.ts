import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readEvents } from '../store/case-queries';
import type { CaseDb } from '../store/open-case';
import { deleteProgramSnapshots, latestSnapshotRow, snapshotInserter } from '../store/snapshot-rows';
import { outputPositionAt } from './output-position';
import { hasTerminal, initialSize, loadReplayProgram } from './replay-program';
import { isStoreError } from '../store/store-errors';
import { produceSnapshots, SnapshotTaker, SNAPSHOT_INTERVAL_BYTES, type TerminalSnapshot } from './snapshot-producer';

/**
 * Deflate level of a stored snapshot. On the bench's 68 MB captures (225 snapshots, 20 MB
 * serialized): level 6, the default, 0.59 s of CPU for 3.01 MB; level 3, 0.15 s for 3.35 MB.
 */
const SNAPSHOT_DEFLATE_LEVEL = 3;

/**
 * A program's terminal snapshots, rewritten from its stored events inside the caller's
 * transaction (import and reindex, with the command index). They are read off the extractor's
 * pass through `tap` when that pass plays the program as the player does (one emulation per
 * program); otherwise `finish` plays it once more for them alone. Programs without a terminal,
 * or with less output than one interval, get none.
 */
export class ProgramSnapshots {
  /** Offered to the extractor; undefined when the program gets no snapshots. */
  readonly tap: SnapshotTaker | undefined;
  private readonly insert: ((s: TerminalSnapshot) => void) | null = null;
  private stored = 0;

  constructor(
    private readonly db: CaseDb,
    private readonly programRow: number,
    private readonly intervalBytes = SNAPSHOT_INTERVAL_BYTES,
  ) {
    deleteProgramSnapshots(db, programRow);
    const program = loadReplayProgram(db, programRow);
    if (!hasTerminal(program) || program.outputBytes < intervalBytes) return;
    const insert = snapshotInserter(db, programRow);
    this.insert = (s) => {
      insert({
        at_us: s.atUs,
        cols: s.cols,
        rows: s.rows,
        output_offset: s.outputOffset,
        data: deflateRawSync(s.data, { level: SNAPSHOT_DEFLATE_LEVEL }),
      });
      this.stored += 1;
    };
    this.tap = new SnapshotTaker(this.insert, intervalBytes);
  }

  /**
   * Once the extractor is done: the snapshots are complete, or taken by a pass of their own. A
   * failure of the snapshots (not of the store) only costs fast seeking: none are kept, and the
   * returned problem says so. Returns null when all went well.
   */
  async finish(): Promise<string | null> {
    const { tap, insert } = this;
    if (!tap || !insert) return null;
    try {
      tap.rethrow();
      if (tap.complete) return null;
      deleteProgramSnapshots(this.db, this.programRow);
      this.stored = 0;
      const program = loadReplayProgram(this.db, this.programRow);
      // readEvents keeps no statement open between pages, so the inserts can run while it is read.
      await produceSnapshots(readEvents(this.db, this.programRow), initialSize(program), insert, this.intervalBytes);
      return null;
    } catch (e) {
      if (isStoreError(e)) throw e;
      deleteProgramSnapshots(this.db, this.programRow);
      this.stored = 0;
      return `replay snapshots not stored (${e instanceof Error ? e.message : String(e)}); the replay seeks from the start`;
    }
  }

  /** How many are stored. */
  get count(): number {
    return this.stored;
  }
}

/**
 * Replaces a program's snapshots by a pass of their own (no extraction): what a snapshot
 * interval costs, in the bench. Returns how many were stored.
 */
export async function writeProgramSnapshots(
  db: CaseDb,
  programRow: number,
  intervalBytes = SNAPSHOT_INTERVAL_BYTES,
): Promise<number> {
  const snapshots = new ProgramSnapshots(db, programRow, intervalBytes);
  const problem = await snapshots.finish();
  if (problem !== null) throw new Error(problem);
  return snapshots.count;
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
