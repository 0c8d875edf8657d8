import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { ChunkBuilder, CHUNK_MAX_EVENTS, decodeChunk } from '../../src/main/store/event-chunk-codec';

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
});
