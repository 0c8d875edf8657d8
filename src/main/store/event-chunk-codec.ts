import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { EVENT_KINDS, type EventKind, type TerminalEvent } from '../formats/recording';
import { MAX_EVENT_DATA_BYTES } from '../formats/limits';

/**
 * Binary form of a run of events, one row of event_chunks. Per event:
 *   zigzag varint  time delta in µs from the previous event (the first: from first_us)
 *   u8             kind (index in EVENT_KINDS)
 *   varint         code (0 = stdout/plain, 1 = stderr, ...)
 *   varint         data length, then the data bytes
 * Deltas are signed because some recorders let time step back a little; we keep it as recorded.
 */
export const CHUNK_TARGET_BYTES = 64 * 1024;
export const CHUNK_MAX_EVENTS = 4096;

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));

export interface EncodedChunk {
  /** Time of the first event: the base of the deltas (and, time being monotonic, the earliest). */
  firstUs: number;
  lastUs: number;
  count: number;
  inputBytes: number;
  outputBytes: number;
  body: Buffer;
}

/** What an idle builder holds: nothing. A Logpush file has 100,000 programs open at once. */
const EMPTY = Buffer.alloc(0);
const FIRST_BUFFER_BYTES = 4096;

export class ChunkBuilder {
  private buf: Buffer = EMPTY;
  private len = 0;
  private count = 0;
  private firstUs = 0;
  private prevUs = 0;
  private maxUs = 0;
  private inputBytes = 0;
  private outputBytes = 0;

  get events(): number {
    return this.count;
  }

  get full(): boolean {
    return this.len >= CHUNK_TARGET_BYTES || this.count >= CHUNK_MAX_EVENTS;
  }

  add(ev: TerminalEvent): void {
    if (this.count === 0) {
      this.firstUs = this.prevUs = this.maxUs = ev.atUs;
    }
    this.reserve(ev.data.length + 32);
    if (!Number.isSafeInteger(ev.atUs))
      throw new RangeError(`event time ${ev.atUs} µs is not a whole number a case holds`);
    this.writeVarint(zigzag(ev.atUs - this.prevUs));
    this.buf[this.len++] = KIND_INDEX.get(ev.kind) ?? 0;
    this.writeVarint(ev.code);
    this.writeVarint(ev.data.length);
    this.buf.set(ev.data, this.len);
    this.len += ev.data.length;
    this.prevUs = ev.atUs;
    if (ev.atUs > this.maxUs) this.maxUs = ev.atUs;
    if (ev.kind === 'input') this.inputBytes += ev.data.length;
    if (ev.kind === 'output') this.outputBytes += ev.data.length;
    this.count += 1;
  }

  /** Returns the chunk and resets the builder, which lets go of its buffer. */
  take(): EncodedChunk {
    const chunk: EncodedChunk = {
      firstUs: this.firstUs,
      lastUs: this.maxUs,
      count: this.count,
      inputBytes: this.inputBytes,
      outputBytes: this.outputBytes,
      body: this.buf.subarray(0, this.len),
    };
    this.buf = EMPTY;
    this.len = this.count = this.inputBytes = this.outputBytes = 0;
    return chunk;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    // Grows from a page, doubling: a short program's events never take a whole chunk's room.
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n, FIRST_BUFFER_BYTES));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** A non-negative safe integer only: anything else (Infinity, NaN) would never end or not read back. */
  private writeVarint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${v} cannot be stored as a varint`);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }
}

/**
 * How a row's body is stored (event_chunks.encoding, migration 012): 0 as encoded above, 1 that
 * encoding compressed with Brotli at quality 1. Measured on the bench's captures: Brotli 1 keeps
 * 16% of the bytes at ~150 MB/s (Deflate 1: 18%, ~35–80 MB/s; Brotli 5: 14%, ~27 MB/s), and
 * decompresses at ~200 MB/s, well above what a replay or an extraction reads.
 */
export const CHUNK_RAW = 0;
export const CHUNK_BROTLI = 1;
export type ChunkEncoding = typeof CHUNK_RAW | typeof CHUNK_BROTLI;

/** Below this a chunk (a few keystrokes) is kept as it is: compression would save nothing worth a call. */
const COMPRESS_FROM_BYTES = 256;
/** The most one body can hold: a full chunk and the event that overflowed it. */
const MAX_RAW_BODY_BYTES = CHUNK_TARGET_BYTES + MAX_EVENT_DATA_BYTES + 1024;

/** The body as stored: compressed when that makes it smaller. */
export function packChunkBody(raw: Buffer): { body: Buffer; encoding: ChunkEncoding } {
  if (raw.length < COMPRESS_FROM_BYTES) return { body: raw, encoding: CHUNK_RAW };
  const packed = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    },
  });
  return packed.length < raw.length ? { body: packed, encoding: CHUNK_BROTLI } : { body: raw, encoding: CHUNK_RAW };
}

/** A stored chunk row: what decoding needs. */
export interface StoredChunk {
  first_us: number;
  body: Uint8Array;
  encoding: number;
}

/** The events of a stored chunk row, whatever its encoding. */
export function chunkEvents(row: StoredChunk): Generator<TerminalEvent> {
  return decodeChunk(unpackChunkBody(row.body, row.encoding), row.first_us);
}

export function unpackChunkBody(body: Uint8Array, encoding: number): Uint8Array {
  if (encoding === CHUNK_RAW) return body;
  if (encoding !== CHUNK_BROTLI) throw new Error(`event chunk is corrupt (unknown encoding ${encoding})`);
  try {
    // Bounded: a damaged or forged body cannot inflate past what one chunk can hold.
    return brotliDecompressSync(body, { maxOutputLength: MAX_RAW_BODY_BYTES });
  } catch (e) {
    throw new Error(`event chunk is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function* decodeChunk(body: Uint8Array, baseUs: number): Generator<TerminalEvent> {
  let pos = 0;
  let t = baseUs;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = body[pos++];
      if (b === undefined) throw new Error('event chunk is corrupt (varint past end)');
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
  };
  while (pos < body.length) {
    t += unzigzag(varint());
    const kind = EVENT_KINDS[body[pos++]!];
    if (kind === undefined) throw new Error('event chunk is corrupt (unknown kind)');
    const code = varint();
    const len = varint();
    if (pos + len > body.length) throw new Error('event chunk is corrupt (data past end)');
    yield { atUs: t, kind, code, data: body.subarray(pos, pos + len) };
    pos += len;
  }
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}
