// Where each session of a lane is drawn: sessions that overlap on screen go to rows of their own
// inside the lane (the first row free at their start, greedy by start), so overlapping sessions
// are seen as overlapping, never drawn over each other. Past `maxRows` the overlap is counted
// on the last row instead of growing the lane without bound.

import type { LaneSession } from '../../../../shared/views';

export interface PlacedBar {
  session: LaneSession;
  x: number;
  width: number;
  row: number;
}

export interface LaneLayout {
  bars: PlacedBar[];
  rows: number;
  /** Bars that overlap others on the last row (the lane was full). */
  crowded: number;
}

/** A bar is at least this wide, so an instant (or a second in a month) can still be seen and clicked. */
export const MIN_BAR_PX = 3;
/** Bars closer than this on one row would touch: the next goes one row down. */
const GAP_PX = 1;

export function layoutLane(
  sessions: readonly LaneSession[],
  xOf: (ms: number) => number,
  maxRows: number,
  plotWidth: number,
): LaneLayout {
  const ends: number[] = []; // the right edge of the last bar on each row
  const bars: PlacedBar[] = [];
  let crowded = 0;
  const sorted = [...sessions].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  for (const session of sorted) {
    const x0 = Math.max(0, xOf(session.startMs));
    const x1 = Math.min(plotWidth, Math.max(xOf(session.endMs), x0 + MIN_BAR_PX));
    const width = Math.max(MIN_BAR_PX, x1 - x0);
    let row = ends.findIndex((end) => end + GAP_PX <= x0);
    if (row === -1) {
      if (ends.length < maxRows) row = ends.length;
      else {
        row = maxRows - 1;
        crowded += 1;
      }
    }
    ends[row] = Math.max(ends[row] ?? 0, x0 + width);
    bars.push({ session, x: x0, width, row });
  }
  return { bars, rows: Math.max(1, ends.length), crowded };
}
