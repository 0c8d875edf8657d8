// The cache of pieces' text (store/piece-text-cache.ts): it may save inflating, never change an answer.
import { describe, expect, it } from 'vitest';
import { PieceTextCache } from '../../src/main/store/piece-text-cache';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const counting = (): { decode: (b: Uint8Array) => string; calls: () => number } => {
  let n = 0;
  return {
    decode: (b) => {
      n += 1;
      return Buffer.from(b).toString('utf8');
    },
    calls: () => n,
  };
};

describe('piece text cache', () => {
  it('decodes a piece once while its stored bytes are the same', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    expect(cache.text(7, bytes('alpha'), d.decode)).toBe('alpha');
    expect(cache.text(7, bytes('alpha'), d.decode)).toBe('alpha');
    expect(d.calls()).toBe(1);
  });

  it('reads a piece again when its id holds other bytes (stored again by a reindex or another connection)', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    cache.text(7, bytes('alpha'), d.decode);
    expect(cache.text(7, bytes('omega'), d.decode)).toBe('omega');
    // Same length, one byte different.
    expect(cache.text(7, bytes('omegb'), d.decode)).toBe('omegb');
    expect(cache.text(7, bytes('omegb'), d.decode)).toBe('omegb');
    expect(d.calls()).toBe(3);
  });

  it('keeps its own copy of the stored bytes: a caller reusing its buffer cannot make it serve stale text', () => {
    const cache = new PieceTextCache(1 << 20);
    const d = counting();
    const buffer = bytes('alpha');
    cache.text(1, buffer, d.decode);
    buffer.set(bytes('gamma'));
    expect(cache.text(1, buffer, d.decode)).toBe('gamma');
  });

  it('holds at most its bound, dropping the least recently used first', () => {
    const text = (i: number): string => `piece-${i}-`.padEnd(100, 'x');
    // Each entry costs 2 bytes a character plus its stored bytes: 300 here; room for three.
    const cache = new PieceTextCache(3 * 300);
    const d = counting();
    for (const i of [1, 2, 3]) cache.text(i, bytes(text(i)), d.decode);
    cache.text(1, bytes(text(1)), d.decode); // 1 is now the most recently used
    cache.text(4, bytes(text(4)), d.decode); // drops 2
    expect(cache.size).toBeLessThanOrEqual(900);
    const before = d.calls();
    for (const i of [1, 3, 4]) cache.text(i, bytes(text(i)), d.decode);
    expect(d.calls()).toBe(before);
    cache.text(2, bytes(text(2)), d.decode);
    expect(d.calls()).toBe(before + 1);
  });

  it('never keeps a text larger than its bound', () => {
    const cache = new PieceTextCache(100);
    const d = counting();
    const big = 'y'.repeat(200);
    expect(cache.text(1, bytes(big), d.decode)).toBe(big);
    expect(cache.size).toBe(0);
    cache.text(1, bytes(big), d.decode);
    expect(d.calls()).toBe(2);
  });
});
