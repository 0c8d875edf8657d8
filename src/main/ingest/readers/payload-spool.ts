import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Text kept in memory before a spool moves to a file: most Payloads are a few KiB and never touch the disk. */
const IN_MEMORY_CHARS = 1 << 20;
const READ_BYTES = 1 << 20;

/**
 * A Payload's text as UTF-8, kept between the first pass over a record (checks, digest) and the
 * second (its events given to the store): in memory while small, then in a temporary file (0600,
 * removed by dispose()). The input cannot be read again instead: it may be gzip (no seeking; the
 * whole prefix would be decompressed again) and reaches the reader as a stream. Bounded by the
 * longest line (limits.ts).
 */
export class PayloadSpool {
  private parts: string[] = [];
  private chars = 0;
  private fd: number | null = null;
  private path: string | null = null;
  private written = 0;

  write(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= IN_MEMORY_CHARS) this.spill();
  }

  /** The text written, as UTF-8 in chunks of about 1 MiB. */
  *chunks(): Generator<Buffer> {
    if (this.fd === null) {
      if (this.chars > 0) yield Buffer.from(this.parts.join(''), 'utf8');
      return;
    }
    this.spill();
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (let at = 0; at < this.written;) {
      const n = readSync(this.fd, buf, 0, Math.min(READ_BYTES, this.written - at), at);
      if (n <= 0) throw new Error('payload spool: short read');
      at += n;
      yield buf.subarray(0, n);
    }
  }

  dispose(): void {
    this.parts = [];
    this.chars = 0;
    if (this.fd !== null) closeSync(this.fd);
    if (this.path !== null) rmSync(this.path, { force: true });
    this.fd = null;
    this.path = null;
  }

  private spill(): void {
    if (this.fd === null) {
      this.path = join(tmpdir(), `sshlens-payload-${process.pid}-${randomUUID()}`);
      this.fd = openSync(this.path, 'wx+', 0o600);
      // Gone from the folder at once where the system allows it (not Windows): nothing is left
      // behind even if the process is killed.
      try {
        rmSync(this.path);
        this.path = null;
      } catch {
        // removed by dispose()
      }
    }
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    this.written += writeSync(this.fd, text, null, 'utf8');
  }
}
