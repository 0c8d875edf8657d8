import { isUtf8 } from 'node:buffer';

/**
 * Output bytes as a text-based recording would hold them. An asciicast (and a Logpush payload,
 * which is one) stores output as JSON strings: bytes that are not UTF-8 became U+FFFD there.
 * Two recordings of one program are compared in this form, so a capture's exact bytes and a
 * cast's lossy text agree where they should. Valid UTF-8 passes unchanged; every maximal invalid
 * subpart becomes EF BF BD, as the WHATWG decoder (TextDecoder) does. A character split between
 * two pushes is completed by the second, so event boundaries never matter.
 */
const REPLACEMENT = [0xef, 0xbf, 0xbd] as const;

export class TextNormalizer {
  private needed = 0;
  private seen = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private pending: number[] = [];
  private out: Uint8Array = new Uint8Array(256);
  private len = 0;

  /** The normalized bytes that `bytes` completes (a character begun here may finish in a later push). */
  push(bytes: Uint8Array): Uint8Array {
    // Almost all terminal output is whole, valid UTF-8: it passes as it is, without a copy.
    if (this.needed === 0 && isUtf8(bytes)) return bytes;
    this.len = 0;
    this.reserve(bytes.length + 4);
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]!);
    return this.out.slice(0, this.len);
  }

  /** Ends the stream: an unfinished character is one replacement. */
  end(): Uint8Array {
    this.len = 0;
    this.reserve(4);
    if (this.needed !== 0) this.error();
    return this.out.slice(0, this.len);
  }

  /** Bytes of an unfinished character held back so far. */
  get held(): number {
    return this.pending.length;
  }

  private byte(b: number): void {
    if (this.needed === 0) {
      if (b <= 0x7f) {
        // A replacement is 3 bytes for 1: a push's first reserve does not cover what follows one.
        if (this.len === this.out.length) this.reserve(1);
        this.out[this.len++] = b;
      } else if (b >= 0xc2 && b <= 0xdf) this.begin(b, 1);
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) this.lower = 0xa0;
        if (b === 0xed) this.upper = 0x9f;
        this.begin(b, 2);
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) this.lower = 0x90;
        if (b === 0xf4) this.upper = 0x8f;
        this.begin(b, 3);
      } else this.emitReplacement();
      return;
    }
    if (b < this.lower || b > this.upper) {
      this.error();
      this.byte(b); // the byte that broke the sequence starts afresh
      return;
    }
    this.lower = 0x80;
    this.upper = 0xbf;
    this.pending.push(b);
    this.seen += 1;
    if (this.seen === this.needed) {
      this.reserve(this.pending.length);
      for (const p of this.pending) this.out[this.len++] = p;
      this.reset();
    }
  }

  private begin(b: number, needed: number): void {
    this.needed = needed;
    this.pending = [b];
  }

  private error(): void {
    this.reset();
    this.emitReplacement();
  }

  private reset(): void {
    this.needed = this.seen = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
    this.pending = [];
  }

  private emitReplacement(): void {
    this.reserve(3);
    for (const r of REPLACEMENT) this.out[this.len++] = r;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.out.length) return;
    const next = new Uint8Array(Math.max(this.out.length * 2, this.len + n + 256));
    next.set(this.out.subarray(0, this.len));
    this.out = next;
  }
}

/**
 * How many bytes of `data` (pushed into a normalizer in the state `held` leaves) produce the first
 * `count` normalized bytes: where to cut an event so its first part holds exactly that much text.
 * Returns data.length when the whole event produces fewer.
 */
export function rawIndexForNormalized(data: Uint8Array, count: number): number {
  if (count <= 0) return 0;
  const n = new TextNormalizer();
  let produced = 0;
  for (let i = 0; i < data.length; i++) {
    produced += n.push(data.subarray(i, i + 1)).length;
    if (produced >= count && n.held === 0) return i + 1;
  }
  return data.length;
}
