import type { ExtractedMark } from '../extraction-types';

/** Full-screen programs (vim, less, tmux...): when the alternate screen was on, and for which command. */
export class FullscreenSpans {
  private on = false;
  private start: { atUs: number; detail: string | null } | null = null;

  constructor(private readonly marks: ExtractedMark[]) {}

  /** After each piece of output: 'entered' or 'left' when the alternate screen switched. */
  update(alternate: boolean, atUs: number, command: () => string | null): 'entered' | 'left' | null {
    if (alternate === this.on) return null;
    this.on = alternate;
    if (alternate) {
      this.start = { atUs, detail: command() };
      return 'entered';
    }
    this.close(atUs);
    return 'left';
  }

  /** The recording ended: a span still open has no end. */
  finish(): void {
    this.close(null);
  }

  private close(endUs: number | null): void {
    if (this.start !== null)
      this.marks.push({ atUs: this.start.atUs, endUs, kind: 'fullscreen', detail: this.start.detail });
    this.start = null;
  }
}
