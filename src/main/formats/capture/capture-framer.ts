import { ByteQueue } from '../binary/byte-queue';
import { InputError } from '../input-error';
import { MAX_BLOCK_BYTES } from '../limits';
import { checkMetadataLength, hex32, parseCaptureMetadata, type CaptureMetadata } from './capture-metadata';

export type FramingEvent =
  | { kind: 'metadata'; metadata: CaptureMetadata; bytes: number }
  /** A block begins: `bytes` of ciphertext follow its length field (the body, then the tag). */
  | { kind: 'block-start'; index: number; offset: number; bytes: number }
  /** The next piece of the block's body (its ciphertext without the tag), as it arrived: a view. */
  | { kind: 'block-body'; index: number; piece: Uint8Array }
  /** The block's 16-byte AEAD tag: the block is complete. */
  | { kind: 'block-end'; index: number; offset: number; tag: Uint8Array };

/** HPKE ChaCha20-Poly1305 adds a 16-byte tag: a block shorter than that cannot be real. */
export const TAG_BYTES = 16;

/**
 * Splits the bytes of an encrypted capture into its metadata and its ciphertext blocks, each block
 * in the pieces it arrived in (a block may be 64 MiB: it is never gathered here). Push file chunks
 * of any size; call `end()` at EOF to learn whether the file stopped cleanly.
 */
export class CaptureFramer {
  private readonly queue = new ByteQueue();
  private offset = 0; // file offset of the current block's length field (or of queue[0] between blocks)
  private metadataSeen = false;
  private blockIndex = 0;
  private blockBytes = 0; // ciphertext bytes of the current block (body and tag)
  private bodyLeft = -1; // body bytes of the current block still to come; -1 between blocks
  private total = 0; // bytes pushed so far: the file's size once it ended

  push(chunk: Uint8Array): FramingEvent[] {
    this.queue.push(chunk);
    this.total += chunk.length;
    const out: FramingEvent[] = [];
    for (;;) {
      if (this.bodyLeft >= 0) {
        if (!this.continueBlock(out)) break;
        continue;
      }
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
      if (len < TAG_BYTES || len > MAX_BLOCK_BYTES) {
        throw new InputError(
          'BLOCK_TRUNCATED',
          `block ${this.blockIndex} declares ${len} bytes (${hex32(len)}): ${len < TAG_BYTES ? 'no HPKE ciphertext is that short' : `more than the ${MAX_BLOCK_BYTES / (1024 * 1024)} MiB a block may have`}`,
          { offset: this.offset, block: this.blockIndex },
        );
      }
      this.queue.skip(4);
      this.blockBytes = len;
      this.bodyLeft = len - TAG_BYTES;
      out.push({ kind: 'block-start', index: this.blockIndex, offset: this.offset, bytes: len });
    }
    return out;
  }

  /** Hands over what arrived of the current block; false when it needs more bytes. */
  private continueBlock(out: FramingEvent[]): boolean {
    if (this.bodyLeft > 0) {
      const piece = this.queue.takeContiguous(this.bodyLeft);
      if (piece.length === 0) return false;
      this.bodyLeft -= piece.length;
      out.push({ kind: 'block-body', index: this.blockIndex, piece });
      return true;
    }
    if (this.queue.length < TAG_BYTES) return false;
    const tag = this.queue.take(TAG_BYTES);
    out.push({ kind: 'block-end', index: this.blockIndex, offset: this.offset, tag });
    this.offset += 4 + this.blockBytes;
    this.blockIndex += 1;
    this.bodyLeft = -1;
    return true;
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
    if (this.bodyLeft < 0 && this.queue.length === 0) return;
    const what = this.bodyLeft < 0 ? 'the length field of' : 'the ciphertext of';
    const received = this.bodyLeft < 0 ? 0 : 4 + this.blockBytes - TAG_BYTES - this.bodyLeft;
    throw new InputError(
      'BLOCK_TRUNCATED',
      `file ends inside ${what} block ${this.blockIndex} (${received + this.queue.length} stray bytes)`,
      { offset: this.offset, block: this.blockIndex },
    );
  }
}
