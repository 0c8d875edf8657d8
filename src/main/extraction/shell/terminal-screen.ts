import { createHeadlessTerminal, type HeadlessTerminal } from '../../terminal/headless-terminal';

/** A position in the terminal buffer that survives scrolling (an xterm marker) plus a column. */
export interface ScreenPosition {
  marker: { line: number; isDisposed: boolean; dispose(): void };
  col: number;
}

const FLOW_CONTROL_BYTES = 4 << 20; // xterm discards writes queued past 50 MB: await well before
const SCROLLBACK = 2000;

/**
 * The emulated terminal the extractor reads from. Output is queued with `write`; each
 * callback runs synchronously right after its chunk is parsed, so probes see exactly the
 * screen the user saw at that moment, without an await per keystroke.
 */
export class TerminalScreen {
  readonly term: HeadlessTerminal;
  private queued = 0;

  constructor(cols: number, rows: number) {
    this.term = createHeadlessTerminal(cols, rows, SCROLLBACK);
  }

  /** Queues data, then runs `probe` when it has been parsed. Await the result to apply flow control. */
  write(data: Uint8Array | string, probe?: () => void): Promise<void> | null {
    this.queued += typeof data === 'string' ? data.length : data.length;
    if (this.queued < FLOW_CONTROL_BYTES) {
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

  get alternateScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  get bracketedPaste(): boolean {
    return this.term.modes.bracketedPasteMode;
  }

  /** Absolute row of the cursor (scrollback included). */
  get cursorRow(): number {
    const b = this.term.buffer.active;
    return b.baseY + b.cursorY;
  }

  get cursorCol(): number {
    return this.term.buffer.active.cursorX;
  }

  /** Marks the cursor position; the marker follows its line as the buffer scrolls. */
  markCursor(): ScreenPosition | null {
    const marker = this.term.registerMarker(0);
    return marker ? { marker, col: this.cursorCol } : null;
  }

  /** Text of one row up to `col` (the prompt part of an input line). */
  rowPrefix(row: number, col: number): string {
    const line = this.term.buffer.active.getLine(row);
    return line ? line.translateToString(false, 0, col) : '';
  }

  /**
   * Text from `start` up to (not including) row `endRow`: soft-wrapped rows are joined, hard
   * line ends become "\n". Trailing cells never written are dropped, typed spaces are kept
   * (bash keeps the space Tab completion leaves).
   */
  textBetween(startRow: number, startCol: number, endRow: number): string {
    const buf = this.term.buffer.active;
    let text = '';
    for (let row = startRow; row < endRow; row++) {
      const line = buf.getLine(row);
      if (!line) break;
      const from = row === startRow ? startCol : 0;
      const next = buf.getLine(row + 1);
      const wrapsOn = row + 1 < endRow && next?.isWrapped === true;
      const to = wrapsOn ? this.term.cols : lastWrittenCol(line, this.term.cols);
      if (row > startRow && !line.isWrapped) text += '\n';
      if (to > from) text += line.translateToString(false, from, to);
    }
    return text;
  }

  dispose(): void {
    this.term.dispose();
  }
}

type BufferLine = NonNullable<ReturnType<HeadlessTerminal['buffer']['active']['getLine']>>;

/** Index after the last cell that holds a character (a written space counts, an erased cell does not). */
function lastWrittenCol(line: BufferLine, cols: number): number {
  for (let x = cols - 1; x >= 0; x--) {
    const cell = line.getCell(x);
    if (cell && cell.getChars() !== '') return x + cell.getWidth();
  }
  return 0;
}
