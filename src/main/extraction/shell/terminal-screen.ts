import type { IBufferCell } from '@xterm/headless';
import { createReplayTerminal, type HeadlessTerminal } from '../../terminal/headless-terminal';
import { queuedWriteCost, WRITE_QUEUE_BUDGET } from '../../terminal/write-flow';

/**
 * A place on the screen that outlives scrolling where the emulator allows it: in the normal
 * buffer an xterm marker follows its line; the alternate buffer (vim, tmux, screen) has no
 * markers and no scrollback, so a position there is its viewport row at the time.
 */
export interface ScreenPosition {
  marker: { line: number; isDisposed: boolean; dispose(): void } | null;
  row: number;
  col: number;
  alternate: boolean;
}

/** Columns [left, right) of the screen a shell draws in: the whole width, or one pane of tmux or screen. */
export interface Columns {
  left: number;
  right: number;
}

/** What the extractor is told while output is parsed, at the exact byte where it happens. */
export interface ScreenHooks {
  /** A line feed (LF, VT, FF, IND, NEL) moved the cursor down or scrolled. */
  lineFeed(): void;
  /** A cursor motion (CSI B, E, e, d, H, f) is about to move the cursor to this absolute row. */
  cursorMove(toRow: number): void;
  /** A shell integration mark: OSC 133 (FinalTerm, iTerm2, kitty, WezTerm) or OSC 633 (VS Code). */
  shellMark(code: 133 | 633, data: string): void;
  /** OSC 7: the shell reported its working directory. */
  workingDirectory(uri: string): void;
}

/** Box-drawing vertical line: tmux's pane border (a | in a command line is not one). */
const PANE_BORDER = '│';

/**
 * The emulated terminal the extractor reads from. Output is queued with `write`; each
 * callback runs synchronously right after its chunk is parsed, so probes see exactly the
 * screen the user saw at that moment, without an await per keystroke. Hooks run during
 * parsing, at the byte that triggers them.
 */
export class TerminalScreen {
  readonly term: HeadlessTerminal;
  private queued = 0;
  private hooks: ScreenHooks | null = null;
  /** The row watchers while they are on (see watchRows). */
  private rowWatchers: Array<{ dispose(): void }> | null = null;
  /** The cell the scans below load cells into: a getCell without one allocates a cell (400 MB per 68 MB imported). */
  private readonly cell: IBufferCell;

  constructor(cols: number, rows: number) {
    // The player's terminal (its scrollback too): the seek snapshots are read off this same pass.
    this.term = createReplayTerminal(cols, rows);
    this.cell = this.term.buffer.active.getNullCell();
    const parser = this.term.parser;
    for (const code of [133, 633] as const)
      parser.registerOscHandler(code, (data) => (this.hooks?.shellMark(code, data), true));
    parser.registerOscHandler(7, (data) => (this.hooks?.workingDirectory(data), true));
  }

  setHooks(hooks: ScreenHooks): void {
    this.hooks = hooks;
  }

  /**
   * Reports line feeds and downward cursor motions to the hooks while on. Off the rest of the
   * time, so a command's long output costs no call per line. Switch it between writes only: a
   * piece is watched whole or not at all.
   */
  watchRows(on: boolean): void {
    if (on === (this.rowWatchers !== null)) return;
    if (!on) {
      for (const w of this.rowWatchers!) w.dispose();
      this.rowWatchers = null;
      return;
    }
    const parser = this.term.parser;
    const motion = (final: string, rows: (n: number) => number): { dispose(): void } =>
      parser.registerCsiHandler({ final }, (params) => {
        const n = typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1;
        this.hooks?.cursorMove(rows(n));
        return false; // the emulator still moves the cursor
      });
    this.rowWatchers = [
      this.term.onLineFeed(() => this.hooks?.lineFeed()),
      motion('B', (n) => this.cursorRow + n),
      motion('E', (n) => this.cursorRow + n),
      motion('e', (n) => this.cursorRow + n),
      motion('d', (n) => this.baseRow + n - 1),
      motion('H', (n) => this.baseRow + n - 1),
      motion('f', (n) => this.baseRow + n - 1),
    ];
  }

  /** Queues data, then runs `probe` when it has been parsed. Await the result to apply flow control. */
  write(data: Uint8Array | string, probe?: () => void): Promise<void> | null {
    this.queued += queuedWriteCost(data);
    if (this.queued < WRITE_QUEUE_BUDGET) {
      this.term.write(data, probe);
      return null;
    }
    this.queued = 0;
    return new Promise((resolve) =>
      this.term.write(data, () => {
        probe?.();
        resolve();
      }),
    );
  }

  /** Resolves when everything queued so far has been parsed (and its probes have run). */
  drain(): Promise<void> {
    this.queued = 0;
    return new Promise((resolve) => this.term.write('', resolve));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  get alternateScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  get bracketedPaste(): boolean {
    return this.term.modes.bracketedPasteMode;
  }

  /** Absolute row of the top of the screen (the scrollback above it). */
  get baseRow(): number {
    return this.term.buffer.active.baseY;
  }

  /** Absolute row of the cursor (scrollback included). */
  get cursorRow(): number {
    const b = this.term.buffer.active;
    return b.baseY + b.cursorY;
  }

  /** Column of the cursor, at most the last column (xterm reports `cols` while a wrap is pending). */
  get cursorCol(): number {
    return Math.min(this.term.buffer.active.cursorX, this.term.cols - 1);
  }

  /** The cursor waits past the last column: the next character wraps. */
  get wrapPending(): boolean {
    return this.term.buffer.active.cursorX >= this.term.cols;
  }

  /** Marks the cursor position (a marker in the normal buffer; the viewport row in the alternate one). */
  markCursor(): ScreenPosition {
    const alternate = this.alternateScreen;
    const marker = alternate ? null : (this.term.registerMarker(0) ?? null);
    return { marker, row: this.cursorRow, col: this.term.buffer.active.cursorX, alternate };
  }

  /** The position's row now, or -1 when its line is gone (scrolled out, or the buffer switched). */
  rowOf(p: ScreenPosition): number {
    if (p.alternate !== this.alternateScreen) return -1;
    if (p.marker === null) return p.alternate ? p.row : -1;
    return p.marker.isDisposed ? -1 : p.marker.line;
  }

  /** Whether the row continues the one above it (the emulator wrapped text there). */
  isWrapped(row: number): boolean {
    return this.term.buffer.active.getLine(row)?.isWrapped === true;
  }

  /** Text of a row between two columns (cells never written read as spaces). */
  rowText(row: number, from: number, to: number): string {
    const line = this.term.buffer.active.getLine(row);
    return line ? line.translateToString(false, from, to) : '';
  }

  /** Text of a row up to `col` (the prompt part of an input line), from the left edge of `columns`. */
  rowPrefix(row: number, col: number, columns: Columns = this.fullWidth()): string {
    return this.rowText(row, columns.left, col);
  }

  /** Index after the last cell in [from, to) that holds a character (a written space counts, an erased cell not). */
  lastWrittenCol(row: number, from = 0, to = this.term.cols): number {
    const line = this.term.buffer.active.getLine(row);
    if (!line) return from;
    for (let x = Math.min(to, this.term.cols) - 1; x >= from; x--) {
      const cell = line.getCell(x, this.cell);
      if (cell && cell.getChars() !== '') return x + Math.max(1, cell.getWidth());
    }
    return from;
  }

  /** The first written cell right of `col` and before `to` that follows at least one empty cell. */
  writtenRightOf(row: number, col: number, to = this.term.cols): { col: number; text: string } | null {
    const line = this.term.buffer.active.getLine(row);
    if (!line) return null;
    let gap = false;
    for (let x = col; x < to; x++) {
      const cell = line.getCell(x, this.cell);
      const written = cell !== undefined && cell.getChars() !== '';
      if (!written) gap = true;
      else if (gap) return { col: x, text: line.translateToString(false, x, this.lastWrittenCol(row, x, to)) };
      else if (x > col) return null; // text right at the cursor: the line itself, not a right prompt
    }
    return null;
  }

  /**
   * Text flush with the right edge of [from, to) on `row` that follows a gap of at least two cells
   * never written (a cursor motion jumped over them): how a right-hand prompt is drawn. Null when
   * the row ends elsewhere or the text is not set apart. Typed text never leaves such a gap.
   */
  rightAligned(row: number, from: number, to: number): { col: number; gap: number; text: string } | null {
    const line = this.term.buffer.active.getLine(row);
    if (!line) return null;
    const end = this.lastWrittenCol(row, from, to);
    if (end < to - 2) return null;
    const written = (x: number): boolean => (line.getCell(x, this.cell)?.getChars() ?? '') !== '';
    const width = (x: number): number | undefined => line.getCell(x, this.cell)?.getWidth();
    let col = end;
    while (col > from && (written(col - 1) || width(col - 1) === 0)) col--;
    let gapStart = col;
    while (gapStart > from && !written(gapStart - 1) && width(gapStart - 1) !== 0) gapStart--;
    if (col - gapStart < 2 || gapStart === from) return null;
    return { col, gap: col - gapStart, text: line.translateToString(false, col, end) };
  }

  /**
   * Text from (`startRow`, `startCol`) through row `lastRow`, within `columns`: rows the
   * emulator wrapped are joined (in a pane, a row filled to its edge is taken as wrapped),
   * other row ends become "\n". Trailing cells never written are dropped, typed spaces kept
   * (bash keeps the space Tab completion leaves).
   */
  textOfRows(startRow: number, startCol: number, lastRow: number, columns: Columns = this.fullWidth()): string {
    let text = '';
    for (let row = startRow; row <= lastRow; row++) {
      const from = row === startRow ? startCol : columns.left;
      const continues = row < lastRow && this.continuesOnNextRow(row, from, columns);
      let to = this.lastWrittenCol(row, from, columns.right);
      // a double-width character that does not fit in the last column: readline pads it with a space
      if (
        continues &&
        to === columns.right &&
        this.rowText(row, to - 1, to) === ' ' &&
        this.startsWide(row + 1, columns)
      )
        to--;
      if (to > from) text += this.rowText(row, from, to);
      if (row < lastRow && !continues) text += '\n';
    }
    return text;
  }

  /**
   * Whether text on `row` goes on at the start of the next: the emulator wrapped it, or the row
   * is filled to its right edge (a line editor redrawing a long line moves the cursor itself; a
   * double-width character that does not fit in the last column starts the next row).
   */
  private continuesOnNextRow(row: number, from: number, columns: Columns): boolean {
    if (columns.left === 0 && columns.right >= this.term.cols && this.isWrapped(row + 1)) return true;
    const end = this.lastWrittenCol(row, from, columns.right);
    if (end >= columns.right) return true;
    return end === columns.right - 1 && this.startsWide(row + 1, columns);
  }

  private startsWide(row: number, columns: Columns): boolean {
    return (this.term.buffer.active.getLine(row)?.getCell(columns.left)?.getWidth() ?? 1) === 2;
  }

  /** The last row of the text that starts on `row`: the rows the emulator wrapped after it. */
  wrappedEnd(row: number): number {
    let end = row;
    const last = this.term.buffer.active.length - 1;
    while (end < last && this.isWrapped(end + 1)) end++;
    return end;
  }

  /** Columns the text takes (double-width characters count two). */
  cellsOf(text: string): number {
    let n = 0;
    for (const ch of text) n += isWide(ch.codePointAt(0)!) ? 2 : 1;
    return n;
  }

  fullWidth(): Columns {
    return { left: 0, right: this.term.cols };
  }

  /**
   * The columns of the pane holding the cursor when a multiplexer splits the screen side by
   * side: the nearest pane borders left and right of the cursor that continue on the rows
   * above or below (a border runs the height of the pane).
   */
  paneAt(row: number, col: number): Columns {
    if (!this.alternateScreen) return this.fullWidth();
    const line = this.term.buffer.active.getLine(row);
    if (!line || !line.translateToString(false).includes(PANE_BORDER)) return this.fullWidth();
    const isBorder = (x: number): boolean =>
      line.getCell(x)?.getChars() === PANE_BORDER &&
      (this.term.buffer.active
        .getLine(row - 1)
        ?.getCell(x)
        ?.getChars() === PANE_BORDER ||
        this.term.buffer.active
          .getLine(row + 1)
          ?.getCell(x)
          ?.getChars() === PANE_BORDER);
    let left = 0;
    for (let x = Math.min(col, this.term.cols) - 1; x >= 0; x--)
      if (isBorder(x)) {
        left = x + 1;
        break;
      }
    let right = this.term.cols;
    for (let x = col; x < this.term.cols; x++)
      if (isBorder(x)) {
        right = x;
        break;
      }
    return { left, right };
  }

  dispose(): void {
    this.term.dispose();
  }
}

/** East Asian wide and fullwidth characters, and emoji: two cells (the ranges xterm's Unicode 6 tables use, roughly). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
