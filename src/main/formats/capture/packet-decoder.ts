import { ByteQueue } from '../binary/byte-queue';
import { readU32 } from '../binary/read-u32';
import { InputError } from '../input-error';
import { eventUsProblem, MAX_PACKET_BYTES } from '../limits';

export const PACKET_HEADER_BYTES = 17; // u32 total_len, u8 source, u32 code, u64 elapsed
const MIN_TOTAL_LEN = 13;
const MAX_TOTAL_LEN = MAX_PACKET_BYTES + 13;

export type PacketSource = 0 | 1; // 0 client (keystrokes, stdin), 1 origin (server output)

export interface Packet {
  /** Offset of the packet in the decrypted stream. */
  streamOffset: number;
  source: PacketSource;
  code: number;
  elapsedUs: number;
  data: Uint8Array;
}

/**
 * Decodes the decrypted packet stream. Packets and their headers may span any number of
 * blocks; push plaintexts as they are opened, in order.
 */
export class PacketDecoder {
  private readonly queue = new ByteQueue();
  private offset = 0;

  push(plaintext: Uint8Array): Packet[] {
    this.queue.push(plaintext);
    const out: Packet[] = [];
    while (this.queue.length >= 4) {
      const total = this.queue.peekU32();
      if (total < MIN_TOTAL_LEN || total > MAX_TOTAL_LEN) {
        throw new InputError(
          'PACKET_INVALID',
          `packet at stream offset ${this.offset} declares length ${total} (${MIN_TOTAL_LEN}..${MAX_TOTAL_LEN})`,
          {},
        );
      }
      if (this.queue.length < 4 + total) break;
      const header = this.queue.peek(4, 13);
      const source = header[0]!;
      if (source !== 0 && source !== 1) {
        throw new InputError(
          'PACKET_INVALID',
          `packet at stream offset ${this.offset} has source ${source} (expected 0 or 1)`,
          {},
        );
      }
      const code = readU32(header, 1);
      const elapsedHigh = readU32(header, 5);
      // u64 read as two halves: no BigInt per packet; exact below 2^53, and limits.ts stops far below.
      const elapsed = elapsedHigh * 0x1_0000_0000 + readU32(header, 9);
      const problem = eventUsProblem(elapsed);
      if (problem !== null) {
        throw new InputError(
          'PACKET_INVALID',
          `packet at stream offset ${this.offset}: field elapsed ${elapsed} µs ${problem}`,
          {},
        );
      }
      this.queue.skip(PACKET_HEADER_BYTES);
      const data = this.queue.take(total - 13);
      out.push({ streamOffset: this.offset, source: source as PacketSource, code, elapsedUs: elapsed, data });
      this.offset += 4 + total;
    }
    return out;
  }

  /** Bytes consumed by complete packets. */
  get consumed(): number {
    return this.offset;
  }

  /** Bytes of an unfinished packet still waiting for more plaintext. */
  get pending(): number {
    return this.queue.length;
  }
}
