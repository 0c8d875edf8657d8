import type { PacketSpec } from '../src/main/formats/capture/capture-encoder';
import { Prng } from './measure';

export const encodeUtf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

/**
 * What the bench's generated shell sessions share: packets queued one command at a time, a clock
 * that only moves forward, and a command line typed one keystroke at a time (1-byte client
 * packets, each echoed by the server, Enter echoed as CR LF). Subclasses say what a command prints.
 * The session never ends: the caller decides how many packets it wants. Same seed, same packets.
 */
export abstract class TypedSession {
  protected readonly rng: Prng;
  protected readonly prompt: Uint8Array;
  private readonly crlf = encodeUtf8('\r\n');
  private readonly bytes = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));
  private queue: PacketSpec[] = [];
  private head = 0;
  private elapsedUs = 0;

  protected constructor(seed: number, prompt: string) {
    this.rng = new Prng(seed);
    this.prompt = encodeUtf8(prompt);
    this.queue.push({ source: 1, elapsedUs: 0, data: this.prompt });
  }

  next(): PacketSpec {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.command();
    }
    return this.queue[this.head++]!;
  }

  /** Queues the packets of one command: typing, output, the next prompt. */
  protected abstract command(): void;

  /** Moves the clock on and returns the new time. */
  protected at(stepUs: number): number {
    this.elapsedUs += stepUs;
    return this.elapsedUs;
  }

  protected push(packet: PacketSpec): void {
    this.queue.push(packet);
  }

  /** The line typed and echoed key by key, a keystroke every `keyMinUs`..250 ms, then Enter. */
  protected type(line: string, keyMinUs: number): void {
    const rng = this.rng;
    for (const ch of Buffer.from(line + '\r', 'utf8')) {
      this.push({ source: 0, elapsedUs: this.at(rng.int(keyMinUs, 250_000)), data: this.bytes[ch]! });
      const echo = ch === 0x0d ? this.crlf : this.bytes[ch]!;
      this.push({ source: 1, elapsedUs: this.at(rng.int(300, 3_000)), data: echo });
    }
  }

  protected pushPrompt(): void {
    this.push({ source: 1, elapsedUs: this.at(this.rng.int(100, 2_000)), data: this.prompt });
  }
}
