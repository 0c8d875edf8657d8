import { isPrintable, keyName } from './split-keys';

/** Where the two emacs keymaps a recording may meet differ. */
export type EmacsDialect = 'readline' | 'zle';

/** zsh's default WORDCHARS: these count as word characters for zle's word motions and kills. */
const ZLE_WORDCHARS = '*?_-.[]~=/&;!#$%^(){}<>';

/**
 * A line edited with emacs keys, as bash's readline or zsh's zle apply them: motions by
 * character and word (over wide characters too: one code point is one character), kills into a
 * kill ring (consecutive kills append), yank, transposition and case changes. Keys whose effect
 * only the shell knows (Tab, history, Alt-. and Ctrl-R) make the line `unknown`; the screen is
 * trusted for those lines.
 */
export class EmacsLine {
  chars: string[] = [];
  cursor = 0;
  /** A key only the shell can resolve (completion, history, undo) was pressed. */
  unknown = false;
  private killRing: string[] = [];
  private lastWasKill = false;
  private quoteNext = false;

  constructor(private readonly dialect: EmacsDialect = 'readline') {}

  get text(): string {
    return this.chars.join('');
  }

  /** Replaces the line (what the screen showed), keeping the kill ring: editing goes on from there. */
  reset(text: string, cursor = [...text].length): void {
    this.chars = [...text];
    this.cursor = Math.min(cursor, this.chars.length);
  }

  key(k: string): void {
    const wasKill = this.lastWasKill;
    this.lastWasKill = false;
    if (this.quoteNext) {
      this.quoteNext = false;
      this.insert(k);
      return;
    }
    if (isPrintable(k)) return this.insert(k);
    const named = keyName(k);
    switch (named ?? k) {
      case '\x7f':
      case '\x08':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return;
      case '\x04':
      case 'delete':
        if (this.cursor < this.chars.length) this.chars.splice(this.cursor, 1);
        return;
      case '\x01':
      case 'home':
        this.cursor = 0;
        return;
      case '\x05':
      case 'end':
        this.cursor = this.chars.length;
        return;
      case '\x02':
      case 'left':
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case '\x06':
      case 'right':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        return;
      case '\x1bb':
      case 'word-left':
        this.cursor = this.wordStartBefore(this.cursor);
        return;
      case '\x1bf':
      case 'word-right':
        this.cursor = this.dialect === 'zle' ? this.nextWordStart(this.cursor) : this.wordEndAfter(this.cursor);
        return;
      case '\x15': // readline: unix-line-discard (to the start); zle: kill-whole-line
        if (this.dialect === 'zle') this.kill(0, this.chars.length, wasKill, 'backward');
        else this.kill(0, this.cursor, wasKill, 'backward');
        return;
      case '\x0b':
        this.kill(this.cursor, this.chars.length, wasKill, 'forward');
        return;
      case '\x17': {
        // readline: unix-word-rubout (white space delimited); zle: backward-kill-word
        let i = this.cursor;
        if (this.dialect === 'zle') i = this.wordStartBefore(i);
        else {
          while (i > 0 && /\s/.test(this.chars[i - 1]!)) i--;
          while (i > 0 && !/\s/.test(this.chars[i - 1]!)) i--;
        }
        this.kill(i, this.cursor, wasKill, 'backward');
        return;
      }
      case '\x1b\x7f':
      case '\x1b\x08':
        this.kill(this.wordStartBefore(this.cursor), this.cursor, wasKill, 'backward');
        return;
      case '\x1bd':
        this.kill(this.cursor, this.wordEndAfter(this.cursor), wasKill, 'forward');
        return;
      case '\x19': {
        const text = this.killRing.at(-1);
        if (text !== undefined) this.insert(text);
        return;
      }
      case '\x14':
        this.transposeChars();
        return;
      case '\x1bu':
      case '\x1bl':
      case '\x1bc':
        this.changeCase(k[1]!);
        return;
      case '\x16':
        this.quoteNext = true;
        return;
      case '\x0c': // clear screen: redraws, changes nothing
        return;
      default:
        // Tab, Up/Down, Ctrl-R/S/P/N, Alt-. and the rest: the shell decides what they do.
        this.unknown = true;
    }
  }

  insert(text: string): void {
    const add = [...text];
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
  }

  private isWordChar(c: string | undefined): boolean {
    if (c === undefined) return false;
    if (/[\p{L}\p{N}]/u.test(c)) return true;
    return this.dialect === 'zle' ? ZLE_WORDCHARS.includes(c) : false;
  }

  /** backward-word: to the start of the word at or before the cursor. */
  private wordStartBefore(from: number): number {
    let i = from;
    while (i > 0 && !this.isWordChar(this.chars[i - 1])) i--;
    while (i > 0 && this.isWordChar(this.chars[i - 1])) i--;
    return i;
  }

  /** readline's forward-word: to the end of the word at or after the cursor. */
  private wordEndAfter(from: number): number {
    let i = from;
    while (i < this.chars.length && !this.isWordChar(this.chars[i])) i++;
    while (i < this.chars.length && this.isWordChar(this.chars[i])) i++;
    return i;
  }

  /** zle's forward-word: to the start of the next word. */
  private nextWordStart(from: number): number {
    let i = from;
    while (i < this.chars.length && this.isWordChar(this.chars[i])) i++;
    while (i < this.chars.length && !this.isWordChar(this.chars[i])) i++;
    return i;
  }

  private kill(from: number, to: number, append: boolean, direction: 'forward' | 'backward'): void {
    if (to < from) [from, to] = [to, from];
    const text = this.chars.splice(from, to - from).join('');
    this.cursor = from;
    if (append && this.killRing.length > 0) {
      const last = this.killRing.pop()!;
      this.killRing.push(direction === 'forward' ? last + text : text + last);
    } else if (text !== '') this.killRing.push(text);
    this.lastWasKill = true;
  }

  private transposeChars(): void {
    const n = this.chars.length;
    if (n < 2 || this.cursor === 0) return;
    const at = this.cursor === n ? n - 1 : this.cursor;
    [this.chars[at - 1], this.chars[at]] = [this.chars[at]!, this.chars[at - 1]!];
    this.cursor = Math.min(n, at + 1);
  }

  private changeCase(how: string): void {
    let i = this.cursor;
    while (i < this.chars.length && !this.isWordChar(this.chars[i])) i++;
    let first = true;
    while (i < this.chars.length && this.isWordChar(this.chars[i])) {
      const c = this.chars[i]!;
      this.chars[i] = how === 'u' || (how === 'c' && first) ? c.toUpperCase() : c.toLowerCase();
      first = false;
      i++;
    }
    this.cursor = i;
  }
}
