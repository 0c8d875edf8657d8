/**
 * What a line looks like from the keystrokes alone: printable characters, Backspace, Ctrl-U,
 * Ctrl-W, Ctrl-A/E, arrows and Delete, bracketed paste. Tab completion and history recall
 * come from the server, so such a line is marked `unknown` and the screen is trusted instead.
 */
export class KeystrokeLine {
  private chars: string[] = [];
  private cursor = 0;
  /** True once a key whose effect only the server knows (Tab, Up/Down, Ctrl-R, ...) was pressed. */
  unknown = false;
  /** Count of characters typed (for "was anything typed at all"). */
  typed = 0;

  get text(): string {
    return this.chars.join('');
  }

  reset(): void {
    this.chars = [];
    this.cursor = 0;
    this.unknown = false;
    this.typed = 0;
  }

  insert(text: string): void {
    const add = [...text];
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    this.typed += add.length;
  }

  /** Applies one key (a control byte or an escape sequence). */
  key(k: string): void {
    switch (k) {
      case '\x7f':
      case '\x08':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return;
      case '\x15': // Ctrl-U: kill to start of line
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        return;
      case '\x17': {
        // Ctrl-W: kill the word before the cursor (white-space delimited, as readline's unix-word-rubout)
        let i = this.cursor;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        return;
      }
      case '\x0b': // Ctrl-K
        this.chars.splice(this.cursor);
        return;
      case '\x01':
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
        this.cursor = 0;
        return;
      case '\x05':
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
        this.cursor = this.chars.length;
        return;
      case '\x1b[D':
      case '\x1bOD':
      case '\x02':
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case '\x1b[C':
      case '\x1bOC':
      case '\x06':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        return;
      case '\x1b[3~':
      case '\x04':
        if (this.cursor < this.chars.length) this.chars.splice(this.cursor, 1);
        return;
      default:
        // Tab, Up/Down, Ctrl-R/S/P/N, Alt-keys...: the server decides what they do.
        this.unknown = true;
    }
  }
}

/**
 * Splits raw input into keys: escape sequences (the paste brackets ESC[200~ / ESC[201~ among
 * them), control bytes, and runs of printable text.
 */
export function splitKeys(input: string): string[] {
  const keys: string[] = [];
  // eslint-disable-next-line no-control-regex -- keys are control bytes and escape sequences
  const re = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1bO.|\x1b[\s\S]?|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+/g;
  for (const m of input.matchAll(re)) keys.push(m[0]);
  return keys;
}
