import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { encodePacketStream, type PacketSpec } from '../../src/main/formats/capture/capture-encoder';
import { InputError } from '../../src/main/formats/input-error';
import type { RecordingSink, TerminalEvent } from '../../src/main/formats/recording';
import { importFile } from '../../src/main/ingest/import-file';
import { readCapture } from '../../src/main/ingest/readers/read-capture';
import { readEvents } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { evidenceDigest } from '../helpers/case-snapshot';
import { sealRaw } from '../helpers/capture-files';
import { samplePrivateKey, tempDir } from '../helpers/fixtures';

// A block may be 64 MiB, so it is deciphered as its bytes arrive; none of it may be used before
// its tag (its last 16 bytes) is verified. These captures have blocks of megabytes, read in small
// pieces, with the last byte of a block altered.

const dir = tempDir();
afterAll(() => dir.cleanup());

const key = samplePrivateKey();
const keys = [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }];
const READ = 64 * 1024;
const metadata = {
  started_at: 1795281616,
  pty: { term: 'xterm-256color', width: 120, height: 40, modes: [] },
  exit_data: { timestamp: 1795281700, status: 0, signal: null, error_msg: null },
};

const text = (n: number, tag: string): Uint8Array =>
  new TextEncoder().encode(Array.from({ length: n }, (_, i) => `${tag} line ${i} ${'z'.repeat(40)}\r\n`).join(''));
const prompt: PacketSpec = { source: 1, elapsedUs: 1000, data: new TextEncoder().encode('[root@box ~]# ') };
const before: PacketSpec = { source: 1, elapsedUs: 2000, data: text(5_000, 'before') }; // ~300 KB
const long: PacketSpec = { source: 1, elapsedUs: 3000, data: text(50_000, 'long') }; // ~3 MB
const after: PacketSpec = { source: 1, elapsedUs: 4000, data: text(10, 'after') };

/** File offsets of each block's length field, and of the byte after it. */
function blockSpans(file: Uint8Array): Array<{ start: number; end: number }> {
  const view = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const spans: Array<{ start: number; end: number }> = [];
  for (let at = 4 + view.readUInt32BE(0); at < view.length; at += 4 + view.readUInt32BE(at)) {
    spans.push({ start: at, end: at + 4 + view.readUInt32BE(at) });
  }
  return spans;
}

/** Seals the packets in blocks of the given plaintext sizes, then flips the last byte of block `tampered`. */
async function capture(
  packets: PacketSpec[],
  blockSizes: number[],
  tampered: number | null,
): Promise<{ file: Buffer; spans: Array<{ start: number; end: number }> }> {
  const file = await sealRaw(metadata, encodePacketStream(packets), { blockSizes });
  const spans = blockSpans(file);
  expect(spans).toHaveLength(blockSizes.length);
  if (tampered !== null) {
    const last = spans[tampered]!.end - 1;
    file[last] = file[last]! ^ 0x01;
  }
  return { file, spans };
}

const encodedSize = (packets: PacketSpec[]): number => encodePacketStream(packets).length;

/** What the reader hands to the store, and how many bytes of the file it had read at each hand-over. */
class SeenSink implements RecordingSink {
  readonly seen: Array<{ event: TerminalEvent; fileBytesRead: number }> = [];
  fileBytesRead = 0;
  program(): void {}
  events(_ref: string, events: TerminalEvent[]): void {
    for (const event of events) this.seen.push({ event, fileBytesRead: this.fileBytesRead });
  }
  piece(): void {
    throw new Error('a capture has no pieces');
  }
  claimRecord(): boolean {
    return true;
  }
  bytes(): Buffer {
    return Buffer.concat(this.seen.map((e) => e.event.data));
  }
}

async function* pieces(file: Uint8Array, sink: SeenSink): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += READ) {
    sink.fileBytesRead = Math.min(file.length, at + READ);
    yield file.subarray(at, at + READ);
  }
}

async function readError(f: () => Promise<unknown>): Promise<InputError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('a large block whose tag does not verify', () => {
  it('hands nothing of it to the store, and names the block and its offset', async () => {
    const blockSizes = [encodedSize([prompt, before]), encodedSize([long, after])];
    const { file, spans } = await capture([prompt, before, long, after], blockSizes, 1);
    expect(spans[1]!.end - spans[1]!.start).toBeGreaterThan(40 * READ);
    const sink = new SeenSink();
    const error = await readError(() => readCapture(pieces(file, sink), keys, sink, { allowPartial: false }));
    expect(error.code).toBe('DECRYPT');
    expect(error.message).toMatch(/block 1 failed authentication/);
    expect(error.place).toEqual({ block: 1, offset: spans[1]!.start });
    // Block 0 was authentic and went on; of block 1, whose packets decode fine, not a byte.
    expect(sink.bytes().equals(Buffer.concat([prompt.data, before.data]))).toBe(true);
  });

  it('is left out of a partial import, which keeps the blocks before it', async () => {
    const blockSizes = [encodedSize([prompt, before]), encodedSize([long, after])];
    const { file } = await capture([prompt, before, long, after], blockSizes, 1);
    const path = join(dir.path, 'tampered-large-block.capture');
    writeFileSync(path, file);
    const db = openCase(join(dir.path, 'partial.sqlite'));
    try {
      const empty = evidenceDigest(db);
      const refused = await importFile(db, path, { keys: async () => keys });
      expect(refused.status).toBe('rejected');
      expect(refused.place).toMatchObject({ block: 1 });
      expect(evidenceDigest(db)).toBe(empty);
      const outcome = await importFile(db, path, { keys: async () => keys, allowPartial: true });
      expect(outcome.status).toBe('partial');
      expect(outcome.partialReason).toMatch(/block 1 failed authentication/);
      const programId = db.prepare('SELECT id FROM programs').pluck().get() as number;
      const kept = Buffer.concat([...readEvents(db, programId)].map((e) => e.data));
      expect(kept.equals(Buffer.concat([prompt.data, before.data]))).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe('a packet longer than a block', () => {
  // The long packet starts in block 1 and ends in block 2.
  const half = encodedSize([long]) >> 1;
  const blockSizes = [encodedSize([prompt, before]), half, encodedSize([long, after]) - half];

  it('goes on in parts as each of its blocks is verified, never before', async () => {
    const { file, spans } = await capture([prompt, before, long, after], blockSizes, null);
    const sink = new SeenSink();
    await readCapture(pieces(file, sink), keys, sink, { allowPartial: false });
    expect(sink.bytes().equals(Buffer.concat([prompt, before, long, after].map((p) => p.data)))).toBe(true);
    const parts = sink.seen.filter((e) => e.event.atUs === long.elapsedUs);
    // Its first part once block 1 was read whole, before block 2 was; its last after block 2 was.
    expect(parts[0]!.fileBytesRead).toBeGreaterThanOrEqual(spans[1]!.end);
    expect(parts[0]!.fileBytesRead).toBeLessThan(spans[2]!.end);
    expect(parts.at(-1)!.fileBytesRead).toBeGreaterThanOrEqual(spans[2]!.end);
  });

  it('is kept only whole by a partial import: its authentic first half is dropped with the block after', async () => {
    const { file } = await capture([prompt, before, long, after], blockSizes, 2);
    const sink = new SeenSink();
    const report = await readCapture(pieces(file, sink), keys, sink, { allowPartial: true });
    expect(report.partialReason).toMatch(/block 2 failed authentication/);
    expect(report.partialReason).toContain(`kept the ${encodedSize([prompt, before])} bytes of whole packets`);
    expect(sink.bytes().equals(Buffer.concat([prompt.data, before.data]))).toBe(true);
  });
});

describe('a large block 0 and several keys', () => {
  const other = { fingerprint: 'other-key', privateKey: new Uint8Array(32).fill(7) };
  const third = { fingerprint: 'third-key', privateKey: new Uint8Array(32).fill(9) };

  it.each([
    ['the right key last', [other, third, ...keys]],
    ['the right key first', [...keys, other]],
  ])('opens it with %s, and names that key', async (_what, tried) => {
    const { file } = await capture(
      [prompt, before, long, after],
      [encodedSize([prompt, before, long]), encodedSize([after])],
      null,
    );
    const sink = new SeenSink();
    const report = await readCapture(pieces(file, sink), tried, sink, { allowPartial: false });
    expect(report.keyFingerprint).toBe(keys[0]!.fingerprint);
    expect(sink.bytes().equals(Buffer.concat([prompt, before, long, after].map((p) => p.data)))).toBe(true);
  });

  it('names every key tried when none opens it', async () => {
    const { file, spans } = await capture([prompt, before, long], [encodedSize([prompt, before, long])], null);
    const sink = new SeenSink();
    const error = await readError(() => readCapture(pieces(file, sink), [other, third], sink, { allowPartial: false }));
    expect(error.code).toBe('NO_KEY');
    expect(error.message).toMatch(/none of the 2 key\(s\) tried opens it \(other-key, third-key\)/);
    expect(error.place).toEqual({ block: 0, offset: spans[0]!.start });
    expect(sink.seen).toEqual([]);
  });
});
