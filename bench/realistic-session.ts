import type { PacketSpec } from '../src/main/formats/capture/capture-encoder';
import { Prng } from './measure';
import { RealisticOutput } from './realistic-output';

/**
 * An interactive shell session with realistic output (realistic-output.ts), packet by packet as
 * the recorder sees it: the command typed one keystroke at a time (each echoed), Enter, the
 * output as the pty hands it over (reads of up to 4 KiB, cut anywhere, UTF-8 included), then the
 * prompt. Same seed, same packets; the session never ends (the caller decides its length).
 */

const enc = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

export class RealisticSession {
  private readonly rng: Prng;
  private readonly output: RealisticOutput;
  private readonly prompt: Uint8Array;
  private readonly crlf = enc('\r\n');
  private readonly bytes = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));
  private queue: PacketSpec[] = [];
  private head = 0;
  private elapsedUs = 0;

  constructor(seed: number) {
    this.rng = new Prng(seed);
    this.output = new RealisticOutput(seed ^ 0x7e47);
    const host = `web-${String(seed % 97).padStart(2, '0')}`;
    this.prompt = enc(`\x1b[01;32mops@${host}\x1b[00m:\x1b[01;34m~\x1b[00m$ `);
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

  private at(stepUs: number): number {
    this.elapsedUs += stepUs;
    return this.elapsedUs;
  }

  private command(): void {
    const rng = this.rng;
    const { text, lines } = this.output.command(this.output.outputSize());
    this.at(rng.int(1_000_000, 20_000_000)); // reading the last output, thinking
    for (const ch of Buffer.from(text + '\r', 'utf8')) {
      this.queue.push({ source: 0, elapsedUs: this.at(rng.int(40_000, 250_000)), data: this.bytes[ch]! });
      const echo = ch === 0x0d ? this.crlf : this.bytes[ch]!;
      this.queue.push({ source: 1, elapsedUs: this.at(rng.int(300, 3_000)), data: echo });
    }
    const out = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    for (let at = 0; at < out.length;) {
      const n = Math.min(out.length - at, rng.chance(0.8) ? 4096 : rng.int(1, 4096));
      this.queue.push({ source: 1, elapsedUs: this.at(rng.int(50, 3_000)), data: out.subarray(at, at + n) });
      at += n;
    }
    this.queue.push({ source: 1, elapsedUs: this.at(rng.int(100, 2_000)), data: this.prompt });
  }
}
