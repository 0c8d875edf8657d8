import { EmacsLine, type EmacsDialect } from './emacs-line';
import { isPrintable, PASTE_END, PASTE_START } from './split-keys';
import { BACKSPACE_ERASE, DEFAULT_TTY_CHARS, TtyLine } from './tty-line';
import { ViLine } from './vi-line';

export type EditingMode = 'emacs' | 'vi';

/** Keys kept per line: beyond, the models stop (a hostile recording's endless line stays linear) and the screen decides. */
const MAX_KEYS = 1 << 16;

/**
 * What the keys of one line make of it under each rule that may be in force: the terminal's
 * canonical mode (with ^? or ^H as erase) when no line editor reads, and the line editor's
 * emacs or vi keymap when one does. The extractor picks the reading the echo confirms.
 */
export class TypedLine {
  readonly tty = new TtyLine(DEFAULT_TTY_CHARS);
  readonly ttyBackspace = new TtyLine(BACKSPACE_ERASE);
  readonly editor: EmacsLine | ViLine;
  /** Characters typed or pasted (is anything there at all). */
  typed = 0;
  /** Keys other than printable characters (a plain typed line needs no editing model). */
  edits = 0;
  pasted = false;
  /** The last key (a completion's suffix a shell removes at Enter is not a typed space). */
  lastKey = '';
  /** More keys than the models keep: their readings are not used. */
  overflow = false;
  private keys = 0;
  private inPaste = false;

  constructor(mode: EditingMode, dialect: EmacsDialect) {
    this.editor = mode === 'vi' ? new ViLine() : new EmacsLine(dialect);
  }

  /** Applies one key; returns false for the keys that end the line (Enter) or leave it to the caller. */
  key(k: string): void {
    this.lastKey = k;
    if (++this.keys > MAX_KEYS) {
      this.overflow = true;
      if (isPrintable(k)) this.typed++;
      return;
    }
    if (this.inPaste) {
      if (k === PASTE_END) this.inPaste = false;
      else this.insert(k === '\r' ? '\n' : k);
      return;
    }
    if (k === PASTE_START) {
      this.inPaste = true;
      this.pasted = true;
      return;
    }
    if (isPrintable(k)) return this.insert(k);
    this.edits++;
    this.tty.key(k);
    this.ttyBackspace.key(k);
    this.editor.key(k);
  }

  private insert(text: string): void {
    this.typed += [...text].length;
    for (const ch of text) {
      this.tty.key(ch);
      this.ttyBackspace.key(ch);
    }
    if (this.editor instanceof EmacsLine) this.editor.insert(text);
    else for (const ch of text) this.editor.key(ch);
  }

  /** The editor's reading, or null when a key only the shell can resolve was pressed. */
  get editorText(): string | null {
    return this.editor.unknown || this.overflow ? null : this.editor.text;
  }
}
