import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { brotliCompressSync, constants } from 'node:zlib';
import {
  ChunkBuilder,
  CHUNK_BROTLI,
  CHUNK_MAX_EVENTS,
  CHUNK_RAW,
  chunkEvents,
  decodeChunk,
  packChunkBody,
} from '../../src/main/store/event-chunk-codec';

describe('event chunk codec', () => {
  it('round-trips events, including time that steps back and large data', () => {
    const events: TerminalEvent[] = [
      { atUs: 1_000, kind: 'output', code: 0, data: Buffer.from('hello') },
      { atUs: 900, kind: 'input', code: 0, data: Buffer.from('x') },
      { atUs: 2 ** 45, kind: 'output', code: 1, data: new Uint8Array(300_000).fill(7) },
      { atUs: 2 ** 45, kind: 'resize', code: 0, data: Buffer.from('120x40') },
      { atUs: 2 ** 45 + 5, kind: 'exit', code: 300, data: new Uint8Array(0) },
    ];
    const b = new ChunkBuilder();
    events.forEach((e) => b.add(e));
    const chunk = b.take();
    expect(chunk).toMatchObject({ firstUs: 1_000, lastUs: 2 ** 45 + 5, count: 5, inputBytes: 1, outputBytes: 300_005 });
    const back = [...decodeChunk(chunk.body, chunk.firstUs)];
    expect(back.map((e) => ({ ...e, data: Buffer.from(e.data).toString('hex') }))).toEqual(
      events.map((e) => ({ ...e, data: Buffer.from(e.data).toString('hex') })),
    );
  });

  it('reports full after the event limit', () => {
    const b = new ChunkBuilder();
    for (let i = 0; i < CHUNK_MAX_EVENTS; i++) b.add({ atUs: i, kind: 'input', code: 0, data: Buffer.from('a') });
    expect(b.full).toBe(true);
  });

  it('detects a corrupt body', () => {
    expect(() => [...decodeChunk(Buffer.from([0x80]), 0)]).toThrow(/corrupt/);
  });

  it('stores a chunk of terminal output compressed and reads back the same events', () => {
    const b = new ChunkBuilder();
    const line = (i: number): Buffer =>
      Buffer.from(`\x1b[32mINFO\x1b[0m worker-${i % 16} job ${i} done in ${i % 997} ms\r\n`);
    for (let i = 0; i < 2000; i++) b.add({ atUs: 1_000 + i * 250, kind: 'output', code: 0, data: line(i) });
    const chunk = b.take();
    const stored = packChunkBody(chunk.body);
    expect(stored.encoding).toBe(CHUNK_BROTLI);
    expect(stored.body.length).toBeLessThan(chunk.body.length / 3);
    const back = [...chunkEvents({ first_us: chunk.firstUs, body: stored.body, encoding: stored.encoding })];
    expect(back).toHaveLength(2000);
    expect(Buffer.from(back[1999]!.data).toString()).toBe(line(1999).toString());
    expect(back[1999]!.atUs).toBe(1_000 + 1999 * 250);
  });

  it('keeps a chunk as it is when compressing does not make it smaller', () => {
    const b = new ChunkBuilder();
    b.add({ atUs: 1, kind: 'input', code: 0, data: Buffer.from('l') });
    const small = packChunkBody(b.take().body);
    expect(small.encoding).toBe(CHUNK_RAW);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    b.add({ atUs: 1, kind: 'output', code: 0, data: noise });
    const body = b.take().body;
    const stored = packChunkBody(body);
    expect(stored.body.length).toBeLessThanOrEqual(body.length);
    expect(Buffer.from([...chunkEvents({ first_us: 1, ...stored })][0]!.data)).toEqual(noise);
  });

  it('refuses a damaged or unknown body with "corrupt", and never inflates past one chunk', () => {
    expect(() => [
      ...chunkEvents({ first_us: 0, body: Buffer.from('not brotli at all'), encoding: CHUNK_BROTLI }),
    ]).toThrow(/corrupt/);
    expect(() => [...chunkEvents({ first_us: 0, body: Buffer.alloc(4), encoding: 7 })]).toThrow(/unknown encoding 7/);
    // 66 MiB of zeros compress to a few hundred bytes: more than one chunk can hold (64 KiB + one 64 MiB event).
    const bomb = brotliCompressSync(Buffer.alloc(66 * 1024 * 1024), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 0 },
    });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => [...chunkEvents({ first_us: 0, body: bomb, encoding: CHUNK_BROTLI })]).toThrow(/corrupt/);
  });
});
