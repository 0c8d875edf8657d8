import { RealisticOutput } from './realistic-output';
import { TypedSession } from './typed-session';

/**
 * An interactive shell session with realistic output (realistic-output.ts), packet by packet as
 * the recorder sees it: the command typed one keystroke at a time (each echoed), Enter, the
 * output as the pty hands it over (reads of up to 4 KiB, cut anywhere, UTF-8 included), then the
 * prompt. Same seed, same packets; the session never ends (the caller decides its length).
 */
export class RealisticSession extends TypedSession {
  private readonly output: RealisticOutput;

  constructor(seed: number) {
    const host = `web-${String(seed % 97).padStart(2, '0')}`;
    super(seed, `\x1b[01;32mops@${host}\x1b[00m:\x1b[01;34m~\x1b[00m$ `);
    this.output = new RealisticOutput(seed ^ 0x7e47);
  }

  protected command(): void {
    const rng = this.rng;
    const { text, lines } = this.output.command(this.output.outputSize());
    this.at(rng.int(1_000_000, 20_000_000)); // reading the last output, thinking
    this.type(text, 40_000);
    const out = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    for (let at = 0; at < out.length;) {
      const n = Math.min(out.length - at, rng.chance(0.8) ? 4096 : rng.int(1, 4096));
      this.push({ source: 1, elapsedUs: this.at(rng.int(50, 3_000)), data: out.subarray(at, at + n) });
      at += n;
    }
    this.pushPrompt();
  }
}
