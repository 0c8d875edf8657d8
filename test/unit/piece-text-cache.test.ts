// The cache of pieces' inflated text (store/piece-text-cache.ts): it may save inflating, never change an answer.
import { describe, expect, it } from 'vitest';
import { PieceTextCache } from '../../src/main/store/piece-text-cache';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
/** A stand-in for inflating: the stored bytes, copied, so each call gives a new buffer; counts its calls. */
const counting = (): { inflate: (b: Uint8Array) => Uint8Array; calls: () => number } => {
  let n = 0;
  return {
    inflate: (b) => {
      n += 1;
      return Uint8Array.prototype.slice.call(b);
    },
    calls: () => n,
  };
};

describe('piece text cache', () => {
  it('inflates a piece once while its stored bytes are the same', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    expect(text(cache.inflated(7, bytes('alpha'), d.inflate))).toBe('alpha');
    expect(text(cache.inflated(7, bytes('alpha'), d.inflate))).toBe('alpha');
    expect(d.calls()).toBe(1);
  });

  it('reads a piece again when its id holds other bytes (stored again by a reindex or another connection)', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    cache.inflated(7, bytes('alpha'), d.inflate);
    expect(text(cache.inflated(7, bytes('omega'), d.inflate))).toBe('omega');
    // Same length, one byte different.
    expect(text(cache.inflated(7, bytes('omegb'), d.inflate))).toBe('omegb');
    expect(text(cache.inflated(7, bytes('omegb'), d.inflate))).toBe('omegb');
    expect(d.calls()).toBe(3);
  });

  it('keeps its own copy of the stored bytes: a caller reusing its buffer cannot make it serve stale text', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    const buffer = bytes('alpha');
    cache.inflated(1, buffer, d.inflate);
    buffer.set(bytes('gamma'));
    expect(text(cache.inflated(1, buffer, d.inflate))).toBe('gamma');
  });

  it('keeps a compact copy of what it inflated: not a view of a larger buffer the inflater reuses', () => {
    const cache = new PieceTextCache(1 << 20);
    // As zlib's output may be: a view of the start of a larger buffer, here one reused for each call.
    const shared = new Uint8Array(4096);
    const viewOf = (b: Uint8Array): Uint8Array => {
      shared.set(b);
      return shared.subarray(0, b.length);
    };
    const kept = cache.inflated(1, bytes('alpha'), viewOf);
    cache.inflated(2, bytes('gamma'), viewOf);
    expect(text(cache.inflated(1, bytes('alpha'), viewOf))).toBe('alpha');
    expect(kept.buffer.byteLength).toBe(5);
    expect(cache.size).toBe(2 * (5 + 5));
  });

  it('holds at most its bound, dropping the least recently used first', () => {
    const body = (i: number): string => `piece-${i}-`.padEnd(100, 'x');
    // Each entry costs its inflated bytes plus its stored bytes: 200 here; room for three.
    const cache = new PieceTextCache(3 * 200);
    const d = counting();
    for (const i of [1, 2, 3]) cache.inflated(i, bytes(body(i)), d.inflate);
    cache.inflated(1, bytes(body(1)), d.inflate); // 1 is now the most recently used
    cache.inflated(4, bytes(body(4)), d.inflate); // drops 2
    expect(cache.size).toBeLessThanOrEqual(600);
    const before = d.calls();
    for (const i of [1, 3, 4]) cache.inflated(i, bytes(body(i)), d.inflate);
    expect(d.calls()).toBe(before);
    cache.inflated(2, bytes(body(2)), d.inflate);
    expect(d.calls()).toBe(before + 1);
  });

  it('never keeps a text larger than its bound', () => {
    const cache = new PieceTextCache(100);
    const d = counting();
    const big = 'y'.repeat(200);
    expect(text(cache.inflated(1, bytes(big), d.inflate))).toBe(big);
    expect(cache.size).toBe(0);
    cache.inflated(1, bytes(big), d.inflate);
    expect(d.calls()).toBe(2);
  });
});
