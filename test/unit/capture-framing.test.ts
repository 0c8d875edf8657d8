import { describe, expect, it } from 'vitest';
import { concat, encodeMetadata, encodePacket, frameBlock, u32 } from '../../src/main/formats/capture/capture-encoder';
import { CaptureFramer, type FramingEvent } from '../../src/main/formats/capture/capture-framer';
import { PacketDecoder, type Packet } from '../../src/main/formats/capture/packet-decoder';
import { InputError } from '../../src/main/formats/input-error';

const enc = new Uint8Array(32).fill(0xab);
const meta = (dataSize = 0) =>
  encodeMetadata({ startedAt: 1795281616, encapsulatedKey: enc, pty: null, exitData: null }, dataSize);
const block = (n: number, fill: number) => frameBlock(new Uint8Array(n).fill(fill));

/** The blocks framed, each gathered from its pieces: index, offset, ciphertext (body and tag). */
function blocksOf(events: FramingEvent[]): Array<{ index: number; offset: number; ciphertext: Uint8Array }> {
  const out: Array<{ index: number; offset: number; ciphertext: Uint8Array }> = [];
  let body: Uint8Array[] = [];
  for (const e of events) {
    if (e.kind === 'block-start') body = [];
    if (e.kind === 'block-body') body.push(e.piece);
    if (e.kind === 'block-end') out.push({ index: e.index, offset: e.offset, ciphertext: concat([...body, e.tag]) });
  }
  return out;
}

/** Feeds bytes in pieces of `size` and collects every event. */
function frameAll(bytes: Uint8Array, size: number): FramingEvent[] {
  const f = new CaptureFramer();
  const out: FramingEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...f.push(bytes.subarray(i, i + size)));
  f.end();
  return out;
}

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('CaptureFramer', () => {
  const file = concat([meta(), block(16, 1), block(40, 2), block(17, 3)]);

  it.each([1, 2, 3, 7, 4096])('frames the same blocks whatever the read size (%i bytes)', (size) => {
    const events = frameAll(file, size);
    expect(events[0]!.kind).toBe('metadata');
    const blocks = blocksOf(events);
    expect(blocks.map((b) => [b.index, b.ciphertext.length, b.ciphertext[0]])).toEqual([
      [0, 16, 1],
      [1, 40, 2],
      [2, 17, 3],
    ]);
    const headerLen = meta().length;
    expect(blocks.map((b) => b.offset)).toEqual([headerLen, headerLen + 20, headerLen + 64]);
  });

  it('hands a block over in the pieces it arrived in, views of them, and its tag only at its end', () => {
    const big = concat([meta(), block(100_000, 9)]);
    const f = new CaptureFramer();
    const events: FramingEvent[] = [];
    for (let i = 0; i < big.length; i += 4096) {
      const chunk = big.subarray(i, i + 4096);
      for (const e of f.push(chunk)) {
        if (e.kind === 'block-body') expect(e.piece.buffer).toBe(chunk.buffer); // never gathered
        events.push(e);
      }
    }
    f.end();
    const body = events.filter((e) => e.kind === 'block-body');
    expect(body.length).toBeGreaterThan(20);
    expect(body.every((e) => e.piece.length <= 4096)).toBe(true);
    expect(body.reduce((n, e) => n + e.piece.length, 0)).toBe(100_000 - 16);
    expect(events.map((e) => e.kind).filter((k) => k !== 'block-body')).toEqual([
      'metadata',
      'block-start',
      'block-end',
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'block-end', index: 0, offset: meta().length });
  });

  it('says where a file ends inside a block length field', () => {
    const cut = file.subarray(0, file.length - 17 - 2);
    const e = errorOf(() => frameAll(cut, 5));
    expect(e.code).toBe('BLOCK_TRUNCATED');
    expect(e.message).toMatch(/length field of block 2/);
    expect(e.place).toEqual({ offset: meta().length + 64, block: 2 });
  });

  it('says where a file ends inside a ciphertext', () => {
    const e = errorOf(() => frameAll(file.subarray(0, file.length - 3), 1));
    expect(e.message).toMatch(/ciphertext of block 2 \(18 stray bytes\)/);
  });

  it('refuses a header that is not base64 JSON, or an implausible length', () => {
    expect(errorOf(() => frameAll(concat([u32(4), Buffer.from('%%%%')]), 64)).code).toBe('HEADER_INVALID');
    expect(errorOf(() => frameAll(concat([u32(8), Buffer.from('bm90IGpz')]), 64)).message).toMatch(/not valid JSON/);
    expect(errorOf(() => frameAll(u32(0xffffffff), 64)).message).toMatch(/not plausible/);
    expect(errorOf(() => frameAll(concat([meta().subarray(0, 10)]), 64)).code).toBe('HEADER_TRUNCATED');
  });

  it('refuses a block too short to hold an AEAD tag', () => {
    expect(errorOf(() => frameAll(concat([meta(), block(15, 1)]), 64)).message).toMatch(/block 0 declares 15 bytes/);
  });

  it('tolerates unknown metadata fields and checks the known ones', () => {
    const json = JSON.stringify({
      started_at: 1,
      data_size: 0,
      encapsulated_key: 'ab'.repeat(32),
      pty: null,
      exit_data: null,
      future: { x: 1 },
    });
    const b64 = Buffer.from(Buffer.from(json).toString('base64'));
    expect(frameAll(concat([u32(b64.length), b64]), 64)[0]).toMatchObject({ kind: 'metadata' });
    const bad = Buffer.from(
      Buffer.from(JSON.stringify({ started_at: 'x', data_size: 0, encapsulated_key: 'ab' })).toString('base64'),
    );
    expect(errorOf(() => frameAll(concat([u32(bad.length), bad]), 64)).message).toMatch(/started_at/);
  });
});

describe('PacketDecoder', () => {
  const packets = [
    { source: 1 as const, code: 0, elapsedUs: 9540, data: Buffer.from('\x1b[1;36m[root@box ~]# ') },
    { source: 0 as const, code: 0, elapsedUs: 1_252_723, data: Buffer.from('u') },
    { source: 1 as const, code: 1, elapsedUs: 2 ** 40, data: Buffer.from('stderr line\n') },
    { source: 1 as const, code: 0, elapsedUs: 2 ** 40 + 1, data: new Uint8Array(0) },
  ];
  const stream = concat(packets.map(encodePacket));

  it.each([1, 2, 5, 13, 17, 18, 1000])('decodes packets split at every %i bytes (headers spanning pieces)', (size) => {
    const d = new PacketDecoder();
    const out: Packet[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...d.push(stream.subarray(i, i + size)));
    expect(d.pending).toBe(0);
    expect(
      out.map((p) => ({
        source: p.source,
        code: p.code,
        elapsedUs: p.elapsedUs,
        data: Buffer.from(p.data).toString(),
      })),
    ).toEqual(packets.map((p) => ({ ...p, data: Buffer.from(p.data).toString() })));
  });

  const long = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 251);
  const longStream = concat([
    encodePacket({ source: 1, elapsedUs: 5, data: long(200_000) }),
    encodePacket({ source: 0, elapsedUs: 6, data: Buffer.from('x') }),
  ]);

  it.each([1000, 65536, 70_001])(
    'returns a long packet in parts of 64 KiB as they arrive, cut at the same places (pieces of %i)',
    (size) => {
      const d = new PacketDecoder();
      const got: Array<{ at: number; part: Packet }> = [];
      for (let i = 0; i < longStream.length; i += size)
        for (const part of d.push(longStream.subarray(i, i + size))) got.push({ at: i + size, part });
      expect(d.pending).toBe(0);
      expect(got.map((g) => g.part.data.length)).toEqual([65536, 65536, 65536, 200_000 - 3 * 65536, 1]);
      expect(Buffer.concat(got.slice(0, 4).map((g) => g.part.data)).equals(long(200_000))).toBe(true);
      expect(got.slice(0, 4).every((g) => g.part.elapsedUs === 5 && g.part.streamOffset === 0)).toBe(true);
      // The first part went on once its 64 KiB had arrived, long before the packet's end.
      expect(got[0]!.at).toBeLessThan(17 + 65536 + size);
      expect(d.consumed).toBe(longStream.length);
    },
  );

  it('returns a long packet only once it is whole when asked for whole packets', () => {
    const d = new PacketDecoder({ wholePackets: true });
    expect(d.push(longStream.subarray(0, 150_000))).toEqual([]);
    expect(d.pending).toBe(150_000);
    expect(d.consumed).toBe(0);
    const parts = d.push(longStream.subarray(150_000));
    expect(parts.map((p) => p.data.length)).toEqual([65536, 65536, 65536, 200_000 - 3 * 65536, 1]);
  });

  it('counts what arrived of a long packet as pending, whether or not parts went on', () => {
    const d = new PacketDecoder();
    expect(d.push(longStream.subarray(0, 150_000)).length).toBe(2);
    expect(d.pending).toBe(150_000);
    expect(d.consumed).toBe(0);
  });

  it('keeps an unfinished packet pending', () => {
    const d = new PacketDecoder();
    d.push(stream.subarray(0, 20));
    expect(d.pending).toBe(20);
  });

  it('refuses a length below the 13-byte header or an unknown source', () => {
    expect(errorOf(() => new PacketDecoder().push(concat([u32(12), new Uint8Array(12)]))).message).toMatch(
      /declares length 12/,
    );
    const bad = encodePacket({ source: 1, elapsedUs: 0, data: new Uint8Array(1) });
    bad[4] = 7;
    expect(errorOf(() => new PacketDecoder().push(bad)).message).toMatch(/source 7/);
  });
});
