import { InputError } from '../input-error';
import { MAX_STORED_EVENT_BYTES } from '../recording';

/**
 * The start of an event line whose data string can be read as a stream: `[time, "c", "` with a
 * JSON number and a one-letter code. Any other start (or a line starting with other white space
 * than JSON's) is read whole, as JSON.parse reads it.
 */
const STREAMABLE_START =
  /^[ \t\r\n]*\[[ \t\r\n]*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)[ \t\r\n]*,[ \t\r\n]*"([a-z])"[ \t\r\n]*,[ \t\r\n]*"/;
/** Enough of a line's start to hold STREAMABLE_START for any time JSON gives in ordinary notation. */
const START_BYTES = 512;
/** What may follow the data string (more elements, `]`, white space) is read whole, up to this. */
const MAX_TAIL_BYTES = 64 * 1024;

const REPLACEMENT = [0xef, 0xbf, 0xbd]; // U+FFFD: what a lone surrogate becomes in UTF-8
const ESCAPES: Record<number, number> = {
  0x22: 0x22,
  0x5c: 0x5c,
  0x2f: 0x2f,
  0x62: 8,
  0x66: 12,
  0x6e: 10,
  0x72: 13,
  0x74: 9,
};

/** The time and code of a streamable event line, read from its first bytes; null: read it whole. */
export function streamableStart(head: Uint8Array): { time: number; code: string; dataAt: number } | null {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, START_BYTES)).toString('latin1');
  const m = STREAMABLE_START.exec(text);
  return m === null ? null : { time: Number(m[1]), code: m[2]!, dataAt: m[0].length };
}

/**
 * Reads the data string of one asciicast event line as its bytes arrive, in one linear pass, and
 * hands the UTF-8 bytes of its value over in pieces of MAX_STORED_EVENT_BYTES (as they are stored):
 * a line of tens of MB is never held, nor turned into a string. The bytes are those
 * `new TextEncoder().encode(JSON.parse(line)[2])` gives (invalid UTF-8 and lone surrogates become
 * U+FFFD), and the line is refused where JSON.parse refuses it; what follows the data (more
 * elements, the closing bracket) is checked whole by JSON.parse, up to MAX_TAIL_BYTES.
 */
export class EventDataStream {
  private state: 'data' | 'escape' | 'unicode' | 'tail' = 'data';
  private piece = new Uint8Array(MAX_STORED_EVENT_BYTES);
  private used = 0;
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();
  private hex = '';
  private highSurrogate = -1;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private column: number;
  private handedOver = false;
  private tailSpace = false;
  /** Non-ASCII bytes went through the decoder since it was last flushed. */
  private utf8Pending = false;

  /** `column`: bytes of the line before the data string's first byte (for messages). */
  constructor(
    private readonly line: number,
    column: number,
    private readonly onPiece: (data: Uint8Array) => void,
  ) {
    this.column = column;
  }

  push(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      if (this.state === 'tail') {
        this.addTail(bytes.subarray(i));
        return;
      }
      if (this.state === 'data') {
        let j = i;
        let high = 0;
        // A run of plain bytes: no quote, no backslash, no control character.
        while (j < bytes.length) {
          const b = bytes[j]!;
          if (b === 0x22 || b === 0x5c || b < 0x20) break;
          high |= b;
          j += 1;
        }
        if (j > i) this.raw(bytes.subarray(i, j), high < 0x80);
        this.column += j - i;
        i = j;
        if (i === bytes.length) return;
        const b = bytes[i]!;
        if (b < 0x20) this.fail(`bad control character in string literal at byte ${this.column}`);
        this.flushRaw();
        if (b === 0x22) {
          this.endSurrogate();
          this.state = 'tail';
        } else this.state = 'escape';
      } else if (this.state === 'escape') {
        const b = bytes[i]!;
        if (b === 0x75) {
          this.state = 'unicode';
          this.hex = '';
        } else {
          const value = ESCAPES[b];
          if (value === undefined) this.fail(`bad escaped character at byte ${this.column}`);
          this.endSurrogate();
          this.addByte(value!);
          this.state = 'data';
        }
      } else {
        const b = bytes[i]!;
        const digit = String.fromCharCode(b);
        if (!/[0-9a-fA-F]/.test(digit)) this.fail(`bad Unicode escape at byte ${this.column}`);
        this.hex += digit;
        if (this.hex.length === 4) {
          this.unit(parseInt(this.hex, 16));
          this.state = 'data';
        }
      }
      this.column += 1;
      i += 1;
    }
  }

  /** The line ended: checks what followed the data and hands over the last piece. */
  end(): void {
    if (this.state !== 'tail') this.fail('unterminated string');
    const tail = Buffer.concat(this.tail, this.tailBytes).toString('utf8');
    let rest: unknown;
    try {
      rest = JSON.parse(`[0${tail}`.trim());
    } catch (e) {
      this.fail(e instanceof SyntaxError ? `after the event data: ${e.message}` : 'after the event data');
    }
    if (!Array.isArray(rest)) this.fail('after the event data');
    // An empty string is one event too, as the line read whole gives.
    if (this.used > 0 || !this.handedOver) this.onPiece(this.piece.subarray(0, this.used));
    this.used = 0;
  }

  /** Keeps what follows the data, a run of JSON white space as one space (it only separates tokens). */
  private addTail(bytes: Uint8Array): void {
    const kept = new Uint8Array(bytes.length);
    let n = 0;
    for (const b of bytes) {
      const space = b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
      if (space && this.tailSpace) continue;
      this.tailSpace = space;
      kept[n++] = space ? 0x20 : b;
    }
    this.tailBytes += n;
    if (this.tailBytes > MAX_TAIL_BYTES) {
      throw new InputError(
        'ASCIICAST_INVALID',
        `more than ${MAX_TAIL_BYTES / 1024} KiB follow the data of a long event line`,
        { line: this.line },
      );
    }
    this.tail.push(kept.subarray(0, n));
  }

  /** Plain bytes of the string: UTF-8 as the line's decoding leaves it (invalid sequences become U+FFFD). */
  private raw(bytes: Uint8Array, ascii: boolean): void {
    this.endSurrogate();
    // ASCII with no UTF-8 sequence pending before it decodes to itself.
    if (ascii && !this.utf8Pending) {
      this.addBytes(bytes);
      return;
    }
    this.utf8Pending = true;
    this.addBytes(this.encoder.encode(this.utf8.decode(bytes, { stream: true })));
  }

  /** An escape or the string's end: a UTF-8 sequence cut before it is invalid. */
  private flushRaw(): void {
    if (!this.utf8Pending) return;
    this.utf8Pending = false;
    const rest = this.utf8.decode();
    if (rest.length > 0) this.addBytes(this.encoder.encode(rest));
  }

  /** One \uXXXX code unit; a surrogate pair makes one character, a lone surrogate U+FFFD. */
  private unit(u: number): void {
    if (u >= 0xdc00 && u <= 0xdfff && this.highSurrogate >= 0) {
      const cp = 0x10000 + ((this.highSurrogate - 0xd800) << 10) + (u - 0xdc00);
      this.highSurrogate = -1;
      this.add(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
      return;
    }
    this.endSurrogate();
    if (u >= 0xd800 && u <= 0xdbff) this.highSurrogate = u;
    else if (u >= 0xdc00 && u <= 0xdfff) this.add(...REPLACEMENT);
    else if (u < 0x80) this.addByte(u);
    else if (u < 0x800) this.add(0xc0 | (u >> 6), 0x80 | (u & 0x3f));
    else this.add(0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f));
  }

  /** A high surrogate not followed by its low half. */
  private endSurrogate(): void {
    if (this.highSurrogate < 0) return;
    this.highSurrogate = -1;
    this.add(...REPLACEMENT);
  }

  private addByte(b: number): void {
    if (this.used === this.piece.length) this.handOver();
    this.piece[this.used++] = b;
  }

  private add(...bytes: number[]): void {
    for (const b of bytes) {
      if (this.used === this.piece.length) this.handOver();
      this.piece[this.used++] = b;
    }
  }

  private addBytes(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.used === this.piece.length) this.handOver();
      const n = Math.min(bytes.length - at, this.piece.length - this.used);
      this.piece.set(bytes.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
    }
  }

  private handOver(): void {
    this.handedOver = true;
    this.onPiece(this.piece);
    this.piece = new Uint8Array(MAX_STORED_EVENT_BYTES);
    this.used = 0;
  }

  private fail(why: string): never {
    throw new InputError('ASCIICAST_INVALID', `line is not valid JSON (${why})`, { line: this.line });
  }
}
