// The swim lanes' placement of bars: sessions that overlap on screen never share a row, sessions
// that do not may, a lane stops growing at its row limit and counts what it had to overlap, and
// an instant (or a session shorter than a pixel) is still a bar that can be seen and clicked.
import { describe, expect, it } from 'vitest';
import type { LaneSession } from '../../../src/shared/views';
import { layoutLane, MIN_BAR_PX } from '../../../src/renderer/src/screens/timeline/lane-layout';

const session = (id: number, startMs: number, endMs: number): LaneSession => ({
  id: `s${id}`,
  startMs,
  endMs,
  endKnown: true,
  nonZeroExit: false,
  problem: false,
  other: null,
});
const xOf = (ms: number): number => ms / 10; // 10 ms a pixel
const overlaps = (a: { x: number; width: number }, b: { x: number; width: number }): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width;

/** xorshift32: the same sessions on every run. */
function sessions(seed: number, n: number): LaneSession[] {
  let x = seed;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor(next() * 9000);
    return session(i + 1, start, start + Math.floor(next() * 1500));
  });
}

describe('lane layout', () => {
  it('never puts two bars that overlap on screen on one row, below the row limit', () => {
    for (const seed of [1, 7, 42, 2026]) {
      const layout = layoutLane(sessions(seed, 40), xOf, 1000, 1000);
      expect(layout.crowded).toBe(0);
      for (const a of layout.bars)
        for (const b of layout.bars) if (a !== b && a.row === b.row) expect(overlaps(a, b)).toBe(false);
      // Greedy by start: as many rows as the most bars over one point, no more.
      let deepest = 0;
      for (const a of layout.bars)
        deepest = Math.max(deepest, layout.bars.filter((b) => overlaps(a, b) && b.x <= a.x).length);
      expect(layout.rows).toBe(deepest);
    }
  });

  it('shares a row between sessions apart in time, and keeps one row for a lane without overlap', () => {
    const layout = layoutLane([session(1, 0, 100), session(2, 200, 300), session(3, 400, 500)], xOf, 4, 1000);
    expect(layout.rows).toBe(1);
    expect(layout.bars.map((b) => b.row)).toEqual([0, 0, 0]);
  });

  it('stops at the row limit and counts the bars it had to overlap', () => {
    const stacked = Array.from({ length: 7 }, (_, i) => session(i + 1, 0, 1000));
    const layout = layoutLane(stacked, xOf, 4, 1000);
    expect(layout.rows).toBe(4);
    expect(layout.crowded).toBe(3);
    expect(Math.max(...layout.bars.map((b) => b.row))).toBe(3);
  });

  it('draws an instant and a sub-pixel session at the minimum width, inside the plot', () => {
    const layout = layoutLane([session(1, 500, 500), session(2, 9_999, 10_000)], xOf, 4, 1000);
    for (const b of layout.bars) {
      expect(b.width).toBeGreaterThanOrEqual(MIN_BAR_PX);
      expect(b.x).toBeGreaterThanOrEqual(0);
    }
  });
});
