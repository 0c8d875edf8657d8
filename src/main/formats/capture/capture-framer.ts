import { ByteQueue } from '../binary/byte-queue';
import { InputError } from '../input-error';
import { MAX_BLOCK_BYTES } from '../limits';
import { checkMetadataLength, hex32, parseCaptureMetadata, type CaptureMetadata } from './capture-metadata';

export type FramingEvent =
  | { kind: 'metadata'; metadata: CaptureMetadata; bytes: number }
  | { kind: 'block'; index: number; offset: number; ciphertext: Uint8Array };

/** HPKE ChaCha20-Poly1305 adds a 16-byte tag: a block shorter than that cannot be real. */
const MIN_BLOCK = 16;

/**
 * Splits the bytes of an encrypted capture into its metadata and its ciphertext blocks.
 * Push file chunks of any size; call `end()` at EOF to learn whether the file stopped cleanly.
 */
export class CaptureFramer {
  private readonly queue = new ByteQueue();
  private offset = 0; // file offset of queue[0]
  private metadataSeen = false;
  private blockIndex = 0;
  private total = 0; // bytes pushed so far: the file's size once it ended

  push(chunk: Uint8Array): FramingEvent[] {
    this.queue.push(chunk);
    this.total += chunk.length;
    const out: FramingEvent[] = [];
    for (;;) {
      if (this.queue.length < 4) break;
      const len = this.queue.peekU32();
      if (!this.metadataSeen) {
        checkMetadataLength(len);
        if (this.queue.length < 4 + len) break;
        this.queue.skip(4);
        const metadata = parseCaptureMetadata(this.queue.take(len));
        this.offset += 4 + len;
        this.metadataSeen = true;
        out.push({ kind: 'metadata', metadata, bytes: 4 + len });
        continue;
      }
      if (len < MIN_BLOCK || len > MAX_BLOCK_BYTES) {
        throw new InputError(
          'BLOCK_TRUNCATED',
          `block ${this.blockIndex} declares ${len} bytes (${hex32(len)}): ${len < MIN_BLOCK ? 'no HPKE ciphertext is that short' : `more than the ${MAX_BLOCK_BYTES / (1024 * 1024)} MiB a block may have`}`,
          { offset: this.offset, block: this.blockIndex },
        );
      }
      if (this.queue.length < 4 + len) break;
      this.queue.skip(4);
      const ciphertext = this.queue.take(len);
      out.push({ kind: 'block', index: this.blockIndex, offset: this.offset, ciphertext });
      this.offset += 4 + len;
      this.blockIndex += 1;
    }
    return out;
  }

  /** Number of complete blocks framed so far. */
  get blocks(): number {
    return this.blockIndex;
  }

  end(): void {
    if (!this.metadataSeen) {
      if (this.queue.length < 4) {
        throw new InputError(
          'HEADER_TRUNCATED',
          `the file (${this.total} bytes) ends inside the capture metadata length at offset 0`,
          { offset: 0 },
        );
      }
      const len = this.queue.peekU32();
      throw new InputError(
        'HEADER_TRUNCATED',
        `capture metadata length ${hex32(len)} (${len} bytes) at offset 0 is larger than the file (${this.total} bytes)`,
        { offset: 0 },
      );
    }
    if (this.queue.length === 0) return;
    const what = this.queue.length < 4 ? 'the length field of' : 'the ciphertext of';
    throw new InputError(
      'BLOCK_TRUNCATED',
      `file ends inside ${what} block ${this.blockIndex} (${this.queue.length} stray bytes)`,
      { offset: this.offset, block: this.blockIndex },
    );
  }
}
