import { describe, expect, it } from 'vitest';
import { OutputText } from '../../src/main/terminal/output-text';

/** Bytes that exercise a UTF-8 decoder: ASCII, lead bytes of every length, stray continuations, invalid bytes. */
function randomOutput(seed: number, length: number): Uint8Array {
  let x = seed;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  const pool = [
    0x41, 0x0a, 0x1b, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xe6, 0x9d, 0xb1, 0x80, 0xbf, 0xc0, 0xed,
    0xa0, 0xf4, 0x90, 0xff, 0xe0,
  ];
  const valid = [...new TextEncoder().encode('é€😀東 ok')];
  const out: number[] = [];
  while (out.length < length) {
    if (next(3) === 0) out.push(pool[next(pool.length)]!);
    else out.push(...valid.slice(next(valid.length)));
  }
  return Uint8Array.from(out.slice(0, length));
}

function cutIntoEvents(bytes: Uint8Array, seed: number): Uint8Array[] {
  const events: Uint8Array[] = [];
  for (let at = 0, i = seed; at < bytes.length; i++) {
    const n = 1 + ((i * 7919) % 5);
    events.push(bytes.subarray(at, at + n));
    at += n;
  }
  return events;
}

describe('output text resumed in the middle of the stream', () => {
  it.each([1, 2, 3, 4, 5])('decodes every event after a cut as the decoder from the start did (seed %i)', (seed) => {
    const bytes = randomOutput(seed, 3000);
    const events = cutIntoEvents(bytes, seed);
    const fromStart = new OutputText();
    const texts = events.map((e) => fromStart.next(e));
    // The same text as one decode of it all, but for an unfinished character at the very end.
    const whole = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(whole.startsWith(texts.join(''))).toBe(true);
    expect(whole.length - texts.join('').length).toBeLessThanOrEqual(1);
    let before = 0;
    events.forEach((_, k) => {
      const resumed = new OutputText(bytes.subarray(0, before));
      expect(
        events.slice(k).map((e) => resumed.next(e)),
        `resumed before event ${k}`,
      ).toEqual(texts.slice(k));
      before += events[k]!.length;
    });
  });
});
