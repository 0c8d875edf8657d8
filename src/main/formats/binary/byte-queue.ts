import { readU32 } from './read-u32';

/**
 * A FIFO of byte chunks that lets a streaming parser ask "are N bytes there?" and take them,
 * without concatenating every incoming chunk. Fields that straddle chunk boundaries (a 4-byte
 * length split over three 1-byte blocks) are the normal case here, not the exception.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // read position inside chunks[0]
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Reads a big-endian u32 at `at` bytes from the front, without consuming. */
  peekU32(at = 0): number {
    const first = this.chunks[0];
    if (first !== undefined && this.head + at + 4 <= first.length) return readU32(first, this.head + at); // fast path: in the first chunk
    return readU32(this.peek(at, 4));
  }

  /** `n` bytes starting `at` bytes from the front, without consuming (a view when contiguous). */
  peek(at: number, n: number): Uint8Array {
    if (at + n > this.size) throw new RangeError(`peek past end (${at + n} > ${this.size})`);
    const first = this.chunks[0];
    if (first !== undefined && this.head + at + n <= first.length)
      return first.subarray(this.head + at, this.head + at + n);
    const out = new Uint8Array(n);
    let skip = at;
    let written = 0;
    let pos = this.head;
    for (const chunk of this.chunks) {
      let start = pos;
      pos = 0;
      const avail = chunk.length - start;
      if (skip >= avail) {
        skip -= avail;
        continue;
      }
      start += skip;
      skip = 0;
      const take = Math.min(n - written, chunk.length - start);
      out.set(chunk.subarray(start, start + take), written);
      written += take;
      if (written === n) break;
    }
    return out;
  }

  /** Removes and returns the first `n` bytes (a view when they lie in one chunk). */
  take(n: number): Uint8Array {
    if (n > this.size) throw new RangeError(`take past end (${n} > ${this.size})`);
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.advance(n);
      return out;
    }
    const out = this.peek(0, n);
    this.advance(n);
    return out;
  }

  /** Removes and returns up to `max` bytes from the front, never copying: those of the first chunk. */
  takeContiguous(max: number): Uint8Array {
    const first = this.chunks[0];
    if (first === undefined || max <= 0) return new Uint8Array(0);
    const out = first.subarray(this.head, this.head + Math.min(max, first.length - this.head));
    this.advance(out.length);
    return out;
  }

  skip(n: number): void {
    if (n > this.size) throw new RangeError(`skip past end (${n} > ${this.size})`);
    this.advance(n);
  }

  private advance(n: number): void {
    this.size -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const avail = first.length - this.head;
      if (n < avail) {
        this.head += n;
        return;
      }
      n -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }
}
