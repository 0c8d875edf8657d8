import { ByteQueue } from '../binary/byte-queue';
import { readU32 } from '../binary/read-u32';
import { InputError } from '../input-error';
import { eventUsProblem, MAX_PACKET_BYTES } from '../limits';
import { MAX_STORED_EVENT_BYTES } from '../recording';

export const PACKET_HEADER_BYTES = 17; // u32 total_len, u8 source, u32 code, u64 elapsed
const MIN_TOTAL_LEN = 13;
const MAX_TOTAL_LEN = MAX_PACKET_BYTES + 13;

export type PacketSource = 0 | 1; // 0 client (keystrokes, stdin), 1 origin (server output)

/**
 * A packet, or one part of a packet whose data is longer than MAX_STORED_EVENT_BYTES: such a
 * packet comes as consecutive parts of that size (the last one shorter), each with the packet's
 * header fields, as it will be stored (recording.ts). Its data is never gathered into one buffer.
 */
export interface Packet {
  /** Offset of the packet in the decrypted stream (the same for every part of it). */
  streamOffset: number;
  source: PacketSource;
  code: number;
  elapsedUs: number;
  data: Uint8Array;
}

/** The packet being read: its header fields, and how much of its data is still to come. */
interface Current {
  streamOffset: number;
  source: PacketSource;
  code: number;
  elapsedUs: number;
  total: number;
  left: number;
}

/**
 * Decodes the decrypted packet stream. Packets and their headers may span any number of
 * blocks; push plaintexts as they are opened, in order. Parts are views of the plaintexts pushed,
 * copied only where a part straddles two. A long packet's parts are returned as they arrive (up to
 * 64 MiB of a packet is never held here), unless `wholePackets`: then a packet is returned only
 * once all of it arrived, for a reader that must keep whole packets only (a partial import).
 */
export class PacketDecoder {
  private readonly queue = new ByteQueue();
  private offset = 0;
  private current: Current | null = null;

  constructor(private readonly options: { wholePackets?: boolean } = {}) {}

  push(plaintext: Uint8Array): Packet[] {
    this.queue.push(plaintext);
    const out: Packet[] = [];
    for (;;) {
      if (this.current === null && !this.startPacket()) break;
      const p = this.current!;
      // Whole parts only, so that a packet is cut at the same places however its bytes arrived.
      // A packet without data is one event too.
      let part = p.total === 13 ? 0 : Math.min(p.left, MAX_STORED_EVENT_BYTES);
      while (part >= 0 && this.queue.length >= part) {
        const data = this.queue.take(part);
        out.push({ streamOffset: p.streamOffset, source: p.source, code: p.code, elapsedUs: p.elapsedUs, data });
        p.left -= part;
        part = p.left > 0 ? Math.min(p.left, MAX_STORED_EVENT_BYTES) : -1;
      }
      if (p.left > 0) break;
      this.offset += 4 + p.total;
      this.current = null;
    }
    return out;
  }

  /** Reads the next packet's header when it is there (and, for whole packets, all of its data). */
  private startPacket(): boolean {
    if (this.queue.length < 4) return false;
    const total = this.queue.peekU32();
    if (total < MIN_TOTAL_LEN || total > MAX_TOTAL_LEN) {
      throw new InputError(
        'PACKET_INVALID',
        `packet at stream offset ${this.offset} declares length ${total} (${MIN_TOTAL_LEN}..${MAX_TOTAL_LEN})`,
        {},
      );
    }
    if (this.queue.length < (this.options.wholePackets ? 4 + total : PACKET_HEADER_BYTES)) return false;
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
    this.current = { streamOffset: this.offset, source, code, elapsedUs: elapsed, total, left: total - 13 };
    return true;
  }

  /** Bytes consumed by complete packets. */
  get consumed(): number {
    return this.offset;
  }

  /** Bytes of an unfinished packet received so far (its header included). */
  get pending(): number {
    const p = this.current;
    return this.queue.length + (p === null ? 0 : PACKET_HEADER_BYTES + p.total - 13 - p.left);
  }
}
