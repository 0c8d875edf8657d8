import { isPrintable, keyName } from './split-keys';

type Motion = (from: number) => number;

/**
 * A line edited in readline's vi mode (`set -o vi`): insert mode types, Escape enters command
 * mode, where keys move (h l 0 ^ $ w b e W B E f F t T ; ,), delete, change and yank with
 * motions and counts (x X D C s S dd cc d{m} c{m} y{m} p P r ~), and i a I A return to insert
 * mode. History keys (k j / ? n N), undo and repeat are the shell's to resolve: `unknown`.
 */
export class ViLine {
  chars: string[] = [];
  cursor = 0;
  unknown = false;
  insertMode = true;
  private pending = '';
  private register = '';
  private lastFind: { key: string; char: string } | null = null;

  get text(): string {
    return this.chars.join('');
  }

  reset(text: string): void {
    this.chars = [...text];
    this.cursor = this.chars.length;
    this.insertMode = true;
    this.pending = '';
  }

  key(k: string): void {
    if (this.insertMode) return this.insertKey(k);
    this.pending += k;
    if (this.command(this.pending)) this.pending = '';
    else if (this.pending.length > 12) this.pending = '';
  }

  private insertKey(k: string): void {
    if (isPrintable(k)) {
      const add = [...k];
      this.chars.splice(this.cursor, 0, ...add);
      this.cursor += add.length;
      return;
    }
    switch (keyName(k) ?? k) {
      case '\x1b':
        this.insertMode = false;
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case '\x7f':
      case '\x08':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return;
      case '\x15':
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        return;
      case '\x17': {
        let i = this.cursor;
        while (i > 0 && /\s/.test(this.chars[i - 1]!)) i--;
        while (i > 0 && !/\s/.test(this.chars[i - 1]!)) i--;
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        return;
      }
      case 'left':
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case 'right':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        return;
      case 'home':
        this.cursor = 0;
        return;
      case 'end':
        this.cursor = this.chars.length;
        return;
      case 'delete':
        if (this.cursor < this.chars.length) this.chars.splice(this.cursor, 1);
        return;
      default:
        this.unknown = true;
    }
  }

  /** Applies a complete command-mode command; false while it still needs keys (a count, an operator, f's character). */
  private command(seq: string): boolean {
    const m = /^([1-9][0-9]*)?([\s\S]*)$/.exec(seq)!;
    const count = m[1] ? Number(m[1]) : 1;
    const rest = m[2]!;
    if (rest === '') return false;
    const named = keyName(rest);
    const c = named === 'left' ? 'h' : named === 'right' ? 'l' : named === 'home' ? '0' : named === 'end' ? '$' : rest;
    const last = Math.max(0, this.chars.length - 1);
    const motion = this.motion(c, count);
    if (motion === 'pending') return false;
    if (motion !== null) {
      this.cursor = Math.min(motion(this.cursor), last);
      return true;
    }
    switch (c[0]) {
      case 'i':
        this.insertMode = true;
        return true;
      case 'a':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        this.insertMode = true;
        return true;
      case 'I':
        this.cursor = this.firstNonBlank();
        this.insertMode = true;
        return true;
      case 'A':
        this.cursor = this.chars.length;
        this.insertMode = true;
        return true;
      case 'x':
        this.cut(this.cursor, Math.min(this.chars.length, this.cursor + count));
        this.cursor = Math.min(this.cursor, Math.max(0, this.chars.length - 1));
        return true;
      case 'X':
        this.cut(Math.max(0, this.cursor - count), this.cursor);
        return true;
      case 'D':
        this.cut(this.cursor, this.chars.length);
        this.cursor = Math.max(0, this.cursor - 1);
        return true;
      case 'C':
        this.cut(this.cursor, this.chars.length);
        this.insertMode = true;
        return true;
      case 's':
        this.cut(this.cursor, Math.min(this.chars.length, this.cursor + count));
        this.insertMode = true;
        return true;
      case 'S':
        this.cut(0, this.chars.length);
        this.insertMode = true;
        return true;
      case '~':
        for (let n = 0; n < count && this.cursor < this.chars.length; n++) {
          const ch = this.chars[this.cursor]!;
          this.chars[this.cursor] = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
          this.cursor++;
        }
        this.cursor = Math.min(this.cursor, last);
        return true;
      case 'r':
        if (c.length < 2) return false;
        if (this.cursor < this.chars.length) this.chars[this.cursor] = c.slice(1);
        return true;
      case 'p':
      case 'P': {
        const add = [...this.register];
        const at = c[0] === 'p' ? Math.min(this.chars.length, this.cursor + 1) : this.cursor;
        this.chars.splice(at, 0, ...add);
        this.cursor = at + Math.max(0, add.length - 1);
        return true;
      }
      case 'd':
      case 'c':
      case 'y':
        return this.operator(c, count);
      case '\x1b':
        return true;
      default:
        // k j / ? n N u . and the rest: history, search, undo and repeat are the shell's.
        this.unknown = true;
        return true;
    }
  }

  private operator(seq: string, count: number): boolean {
    const op = seq[0]!;
    const rest = seq.slice(1);
    if (rest === '') return false;
    const m = /^([1-9][0-9]*)?([\s\S]*)$/.exec(rest)!;
    const n = count * (m[1] ? Number(m[1]) : 1);
    const what = m[2]!;
    if (what === '') return false;
    let from: number;
    let to: number;
    if (what === op) {
      from = 0;
      to = this.chars.length;
    } else {
      // cw acts like ce (vi's rule), dw/yw to the start of the next word
      const motionKey = op === 'c' && what === 'w' ? 'e' : op === 'c' && what === 'W' ? 'E' : what;
      const motion = this.motion(motionKey, n);
      if (motion === 'pending') return false;
      if (motion === null) {
        this.unknown = true;
        return true;
      }
      const target = motion(this.cursor);
      const inclusive = /^[eEfFtT$]/.test(motionKey) && target >= this.cursor;
      from = Math.min(this.cursor, target);
      to = Math.min(this.chars.length, Math.max(this.cursor, target) + (inclusive ? 1 : 0));
    }
    if (op === 'y') {
      this.register = this.chars.slice(from, to).join('');
      return true;
    }
    this.cut(from, to);
    if (op === 'c') this.insertMode = true;
    else this.cursor = Math.min(this.cursor, Math.max(0, this.chars.length - 1));
    return true;
  }

  private cut(from: number, to: number): void {
    this.register = this.chars.splice(from, to - from).join('');
    this.cursor = from;
  }

  /** The motion a key names, 'pending' while it needs its character (f, t, ...), null for no motion. */
  private motion(c: string, count: number): Motion | 'pending' | null {
    const repeat =
      (step: Motion): Motion =>
      (from) => {
        let i = from;
        for (let n = 0; n < count; n++) i = step(i);
        return i;
      };
    switch (c[0]) {
      case 'h':
      case '\x7f':
      case '\x08':
        return (from) => Math.max(0, from - count);
      case 'l':
      case ' ':
        return (from) => Math.min(this.chars.length, from + count);
      case '0':
        return () => 0;
      case '^':
        return () => this.firstNonBlank();
      case '$':
        return () => this.chars.length;
      case 'w':
      case 'W':
        return repeat((i) => this.nextWordStart(i, c === 'W'));
      case 'b':
      case 'B':
        return repeat((i) => this.prevWordStart(i, c === 'B'));
      case 'e':
      case 'E':
        return repeat((i) => this.wordEnd(i, c === 'E'));
      case 'f':
      case 'F':
      case 't':
      case 'T':
        if (c.length < 2) return 'pending';
        this.lastFind = { key: c[0], char: c.slice(1) };
        return repeat((i) => this.find(c[0]!, c.slice(1), i));
      case ';':
      case ',': {
        const f = this.lastFind;
        if (f === null) return () => this.cursor;
        const key = c === ';' ? f.key : ({ f: 'F', F: 'f', t: 'T', T: 't' } as Record<string, string>)[f.key]!;
        return repeat((i) => this.find(key, f.char, i));
      }
      default:
        return null;
    }
  }

  private find(key: string, ch: string, from: number): number {
    if (key === 'f' || key === 't') {
      for (let i = from + 1; i < this.chars.length; i++)
        if (this.chars[i] === ch) return key === 'f' ? i : Math.max(from, i - 1);
    } else {
      for (let i = from - 1; i >= 0; i--) if (this.chars[i] === ch) return key === 'F' ? i : Math.min(from, i + 1);
    }
    return from;
  }

  private cls(i: number, big: boolean): number {
    const c = this.chars[i];
    if (c === undefined || /\s/.test(c)) return 0;
    if (big) return 1;
    return /[\p{L}\p{N}_]/u.test(c) ? 1 : 2;
  }

  private nextWordStart(from: number, big: boolean): number {
    let i = from;
    const start = this.cls(i, big);
    while (i < this.chars.length && start !== 0 && this.cls(i, big) === start) i++;
    while (i < this.chars.length && this.cls(i, big) === 0) i++;
    return i;
  }

  private prevWordStart(from: number, big: boolean): number {
    let i = from - 1;
    while (i > 0 && this.cls(i, big) === 0) i--;
    const k = this.cls(i, big);
    while (i > 0 && this.cls(i - 1, big) === k) i--;
    return Math.max(0, i);
  }

  private wordEnd(from: number, big: boolean): number {
    let i = from + 1;
    while (i < this.chars.length && this.cls(i, big) === 0) i++;
    const k = this.cls(i, big);
    while (i + 1 < this.chars.length && this.cls(i + 1, big) === k) i++;
    return Math.min(i, Math.max(0, this.chars.length - 1));
  }

  private firstNonBlank(): number {
    let i = 0;
    while (i < this.chars.length && /\s/.test(this.chars[i]!)) i++;
    return i;
  }
}
