import { describe, expect, it } from 'vitest';
import { concat, encodeMetadata, encodePacket, frameBlock, u32 } from '../../src/main/formats/capture/capture-encoder';
import { CaptureFramer, type FramingEvent } from '../../src/main/formats/capture/capture-framer';
import { PacketDecoder, type Packet } from '../../src/main/formats/capture/packet-decoder';
import { InputError } from '../../src/main/formats/input-error';

const enc = new Uint8Array(32).fill(0xab);
const meta = (dataSize = 0) =>
  encodeMetadata({ startedAt: 1795281616, encapsulatedKey: enc, pty: null, exitData: null }, dataSize);
const block = (n: number, fill: number) => frameBlock(new Uint8Array(n).fill(fill));

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
    const blocks = events.filter((e) => e.kind === 'block');
    expect(blocks.map((b) => [b.index, b.ciphertext.length, b.ciphertext[0]])).toEqual([
      [0, 16, 1],
      [1, 40, 2],
      [2, 17, 3],
    ]);
    const headerLen = meta().length;
    expect(blocks.map((b) => b.offset)).toEqual([headerLen, headerLen + 20, headerLen + 64]);
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
