import { ByteQueue } from '../binary/byte-queue';
import { InputError } from '../input-error';
import { checkMetadataLength, parseCaptureMetadata, type CaptureMetadata } from './capture-metadata';

export type FramingEvent =
  | { kind: 'metadata'; metadata: CaptureMetadata; bytes: number }
  | { kind: 'block'; index: number; offset: number; ciphertext: Uint8Array };

/** HPKE ChaCha20-Poly1305 adds a 16-byte tag: a block shorter than that cannot be real. */
const MIN_BLOCK = 16;
const MAX_BLOCK = 1 << 30;

/**
 * Splits the bytes of an encrypted capture into its metadata and its ciphertext blocks.
 * Push file chunks of any size; call `end()` at EOF to learn whether the file stopped cleanly.
 */
export class CaptureFramer {
  private readonly queue = new ByteQueue();
  private offset = 0; // file offset of queue[0]
  private metadataSeen = false;
  private blockIndex = 0;

  push(chunk: Uint8Array): FramingEvent[] {
    this.queue.push(chunk);
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
      if (len < MIN_BLOCK || len > MAX_BLOCK) {
        throw new InputError(
          'BLOCK_TRUNCATED',
          `block ${this.blockIndex} declares ${len} bytes, which no HPKE ciphertext can have`,
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
      throw new InputError('HEADER_TRUNCATED', 'file ends inside the metadata header', {
        offset: this.offset + this.queue.length,
      });
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
