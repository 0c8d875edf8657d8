import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { timePieces } from '../../src/main/ingest/time-pieces';

const ev = (atUs: number, bytes = 1): TerminalEvent => ({ atUs, kind: 'output', code: 0, data: new Uint8Array(bytes) });
const times = (pieces: TerminalEvent[][]): number[][] => pieces.map((p) => p.map((e) => e.atUs));

describe('time pieces', () => {
  it('cuts after N events only where time moves on', () => {
    const events = [1, 2, 2, 2, 3, 4, 4, 5].map((t) => ev(t));
    expect(times([...timePieces(events, { events: 2 })])).toEqual([[1, 2, 2, 2], [3, 4, 4], [5]]);
  });

  it('cuts after N bytes of data as well', () => {
    const events = [ev(1, 10), ev(2, 10), ev(2, 1), ev(3, 1), ev(4, 1)];
    expect(times([...timePieces(events, { events: 100, bytes: 10 })])).toEqual([[1], [2, 2], [3, 4]]);
  });

  it('cuts inside one instant only past the hard bound', () => {
    const events = Array.from({ length: 7 }, () => ev(9));
    expect(times([...timePieces(events, { events: 2 })])).toEqual([[9, 9, 9, 9, 9, 9, 9]]);
    expect(times([...timePieces(events, { events: 2, hardEvents: 3 })])).toEqual([[9, 9, 9], [9, 9, 9], [9]]);
  });

  it('keeps events out of order whole, and gives every event once, in order', () => {
    const events = [5, 1, 7, 2, 9].map((t) => ev(t));
    expect(times([...timePieces(events, { events: 1, whole: true })])).toEqual([[5, 1, 7, 2, 9]]);
    const many = Array.from({ length: 1000 }, (_, i) => ev(Math.floor(i / 3)));
    const pieces = [...timePieces(many, { events: 10, bytes: 50 })];
    expect(pieces.flat()).toEqual(many);
    for (let k = 1; k < pieces.length; k++) expect(pieces[k]![0]!.atUs).toBeGreaterThan(pieces[k - 1]!.at(-1)!.atUs);
    expect([...timePieces([], { events: 1 })]).toEqual([]);
  });
});
