// programs.output_head is the hash of the first KiB of a program's output as a text recording holds
// it (malformed UTF-8 replaced as TextDecoder does), however the output is cut into events and
// however the normalizer's buffer grows (a replacement is 3 bytes for 1 byte of input).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { HEAD_BYTES, HeadCollector } from '../../src/main/store/linking/normalized-output';
import { Rng } from '../fuzz/mutators';

/** The head hash from the whole output at once, by the platform's own UTF-8 decoder. */
function expectedHead(events: TerminalEvent[]): string | null {
  const output = Buffer.concat(events.filter((e) => e.kind === 'output').map((e) => e.data));
  const text = Buffer.from(new TextDecoder('utf-8', { ignoreBOM: true }).decode(output));
  if (text.length === 0) return null;
  return createHash('sha256').update(text.subarray(0, HEAD_BYTES)).digest('hex').slice(0, 32);
}

function collected(events: TerminalEvent[]): string | null {
  const head = new HeadCollector();
  for (const ev of events) if (!head.full) head.add(ev);
  return head.hash();
}

/** Output bytes (valid, cut and wrong UTF-8 sequences) cut into events at random places, among keystrokes. */
function cutIntoEvents(rng: Rng, bytes: Buffer): TerminalEvent[] {
  const out: TerminalEvent[] = [];
  for (let i = 0, at = 0; i < bytes.length; at += 1000) {
    const n = 1 + rng.int(rng.chance(0.2) ? 700 : 12);
    out.push({ atUs: at, kind: 'output', code: 0, data: bytes.subarray(i, i + n) });
    if (rng.chance(0.3)) out.push({ atUs: at, kind: 'input', code: 0, data: Buffer.from('k') });
    i += n;
  }
  return out;
}

function someOutput(rng: Rng, length: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  while (n < length) {
    const r = rng.int(6);
    const part =
      r === 0
        ? Buffer.from([0xe2, 0x82]) // a cut three-byte sequence
        : r === 1
          ? Buffer.from([0xff, 0xc0, 0xed, 0xa0, 0x80]) // bytes no UTF-8 holds, a surrogate
          : Buffer.from(`é ✓ 😀 line ${n} \x1b[1mbold\x1b[0m\r\n`);
    parts.push(part);
    n += part.length;
  }
  return Buffer.concat(parts).subarray(0, length);
}

describe('HeadCollector', () => {
  it('hashes the first KiB of the normalized output, wherever the events cut it', () => {
    const rng = new Rng(13);
    for (const length of [1, 2, 5, 100, HEAD_BYTES - 1, HEAD_BYTES, HEAD_BYTES + 1, 3 * HEAD_BYTES, 20_000]) {
      for (let round = 0; round < 20; round++) {
        const events = cutIntoEvents(rng, someOutput(rng, length));
        expect(collected(events)).toBe(expectedHead(events));
      }
    }
  });

  it('gives no head for a program without output, and an unfinished last character as one replacement', () => {
    expect(collected([])).toBeNull();
    expect(collected([{ atUs: 0, kind: 'input', code: 0, data: Buffer.from('id\r') }])).toBeNull();
    const cut: TerminalEvent[] = [{ atUs: 0, kind: 'output', code: 0, data: Buffer.from([0x61, 0xf0, 0x9f]) }];
    expect(collected(cut)).toBe(expectedHead(cut));
    expect(collected(cut)).toBe(createHash('sha256').update('a\ufffd').digest('hex').slice(0, 32));
  });
});
