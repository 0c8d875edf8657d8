import { isPrintable } from './split-keys';

/** The special characters of a terminal's line discipline (stty), as far as line editing goes. */
export interface TtyChars {
  erase: string;
  kill: string;
  werase: string;
  lnext: string;
}

/** Linux defaults (stty sane): erase ^?, kill ^U, werase ^W, lnext ^V. */
export const DEFAULT_TTY_CHARS: TtyChars = { erase: '\x7f', kill: '\x15', werase: '\x17', lnext: '\x16' };
/** After `stty erase ^H` (some terminals send ^H for Backspace). */
export const BACKSPACE_ERASE: TtyChars = { ...DEFAULT_TTY_CHARS, erase: '\x08' };

/**
 * A line as the kernel's canonical mode builds it when no line editor runs (dash, cat, read):
 * the tty erases, kills and word-erases; every other byte, arrows and Tab included, is data.
 * Exact when the stty characters are right, so it is checked against the echo (`echo`).
 */
export class TtyLine {
  private chars: string[] = [];
  private literalNext = false;

  constructor(private readonly tty: TtyChars = DEFAULT_TTY_CHARS) {}

  get text(): string {
    return this.chars.join('');
  }

  /** What the terminal echoes for the line (echoctl: control characters as ^X, DEL as ^?). */
  get echo(): string {
    return echoOf(this.text);
  }

  key(k: string): void {
    if (this.literalNext) {
      this.literalNext = false;
      this.chars.push(...k);
      return;
    }
    if (k === this.tty.erase) this.chars.pop();
    else if (k === this.tty.kill) this.chars = [];
    else if (k === this.tty.werase) this.eraseWord();
    else if (k === this.tty.lnext) this.literalNext = true;
    else if (isPrintable(k) || k.length === 1) this.chars.push(k);
    else this.chars.push(...k); // an escape sequence is data to the tty: ESC [ D
  }

  /** Linux's werase: back over non-word characters, then over word characters (alphanumerics, _). */
  private eraseWord(): void {
    let seenWord = false;
    while (this.chars.length > 0) {
      const c = this.chars.at(-1)!;
      const word = /[\p{L}\p{N}_]/u.test(c);
      if (word) seenWord = true;
      else if (seenWord) break;
      this.chars.pop();
    }
  }
}

/** The echo of text in canonical mode with echoctl: ^X for control characters, ^? for DEL, Tab as is. */
export function echoOf(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c === 0x7f) out += '^?';
    else if (c < 0x20 && ch !== '\t') out += '^' + String.fromCharCode(c + 64);
    else out += ch;
  }
  return out;
}
