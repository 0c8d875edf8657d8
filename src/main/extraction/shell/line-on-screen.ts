import { samePrompt } from './prompts/prompt-memory';
import type { Columns, ScreenPosition, TerminalScreen } from './terminal-screen';

/** What reading a line off the screen found. */
export interface ScreenLine {
  /** From the input start to the end of the line's last row (a prompt drawn in between included). */
  text: string;
  /** The prompt on the row the text starts on (the relocated one when the prompt was redrawn lower). */
  prompt: string;
  /** The row the input started on, as read. */
  startRow: number;
  /**
   * The prompt the line was typed at is still before it (as drawn, or redrawn with another mode
   * string or nesting level). When it is not, something drew over it: the screen cannot be read
   * as the shell meant it (a resize the recording does not have, a full redraw).
   */
  promptFound: boolean;
}

/**
 * A line being typed, where the screen holds it: the input starts where the cursor stood at
 * the first key (after the prompt the shell drew and left the cursor at), or at a shell
 * integration mark; it ends on the row the cursor leaves when the line is accepted. Whatever
 * a right-hand prompt (zsh's RPROMPT) or another pane put right of it is not part of it.
 */
export class LineOnScreen {
  readonly start: ScreenPosition;
  /** A pane of a multiplexer; null: the whole width, whatever it is when the line is read (a resize changes it). */
  private readonly pane: Columns | null;
  /** The row text left of the input start (the prompt's last line). */
  readonly prompt: string;
  /** The row above the prompt row (a two-line prompt's first line), for user/host/directory. */
  readonly promptAbove: string | null;
  /** Text right of the cursor when the line started, past a gap: a right prompt. */
  readonly rightPrompt: { col: number; text: string } | null;
  /** The lowest row the cursor rested on while keys were typed. */
  private lowest: ScreenPosition;
  /** In the alternate buffer rows are not tracked through scrolls: the rows the cursor went down while typing. */
  private rowsBelowStart = 0;

  constructor(
    private readonly screen: TerminalScreen,
    mark: ScreenPosition | null,
  ) {
    this.start = mark ?? screen.markCursor();
    const row = screen.rowOf(this.start) >= 0 ? screen.rowOf(this.start) : screen.cursorRow;
    const pane = screen.paneAt(row, Math.min(this.start.col, screen.cols - 1));
    this.pane = pane.left === 0 && pane.right >= screen.cols ? null : pane;
    this.prompt = screen.rowPrefix(row, this.start.col, this.columns);
    this.promptAbove = row > 0 ? screen.rowText(row - 1, this.columns.left, this.columns.right).trimEnd() : null;
    this.rightPrompt = screen.writtenRightOf(row, this.start.col, this.columns.right);
    this.lowest = this.start;
  }

  private get columns(): Columns {
    return this.pane ?? this.screen.fullWidth();
  }

  /** At each key: remember how far down the line reaches (a long line wraps, a paste spans rows). */
  noteCursor(): void {
    const row = this.screen.cursorRow;
    const lowest = this.screen.rowOf(this.lowest);
    if (this.start.alternate) {
      const startRow = this.screen.rowOf(this.start);
      this.rowsBelowStart = Math.max(this.rowsBelowStart, row - startRow);
    } else if (row > lowest) {
      if (this.lowest !== this.start) this.lowest.marker?.dispose();
      this.lowest = this.screen.markCursor();
    }
  }

  /** The last row of the line as far as the screen tells: the lowest row typed on and the rows wrapped after it. */
  lastRow(): number {
    if (this.start.alternate) return this.screen.cursorRow;
    const lowest = this.screen.rowOf(this.lowest);
    const start = this.screen.rowOf(this.start);
    if (Math.max(lowest, start) < 0) return this.screen.cursorRow;
    let row = this.screen.wrappedEnd(Math.max(lowest, start));
    // readline wraps a full row by writing a space on the next one: a row of blanks is not the line's
    while (row > start && this.screen.rowText(row, 0, this.screen.lastWrittenCol(row)).trim() === '') row--;
    return row;
  }

  /**
   * Rows the cursor still has to go down before it leaves the line, in the alternate buffer
   * (the shell moves to the end of a line that spans rows before its newline).
   */
  get rowsToEnd(): number {
    return this.rowsBelowStart;
  }

  /**
   * The line ending on `lastRow`. After a completion listing readline draws the prompt and
   * line again below it: the lowest row that starts with the same prompt wins.
   */
  read(lastRow: number, promptEnd?: (rowText: string) => number): ScreenLine {
    const found = this.findStart(lastRow, promptEnd);
    if (found.col !== this.start.col) {
      // the prompt was somewhere else than where the first key was typed (a multiplexer's message, a repaint)
      return {
        text: this.screen.textOfRows(found.row, found.col, lastRow, this.columns),
        prompt: this.screen.rowPrefix(found.row, found.col, this.columns),
        startRow: found.row,
        promptFound: found.found,
      };
    }
    const startRow = found.row;
    let text = this.screen.textOfRows(startRow, this.start.col, lastRow, this.columns);
    const rp = this.rightPrompt;
    if (rp !== null && startRow === lastRow && rp.col > this.start.col) {
      const there = this.screen.rowText(
        startRow,
        rp.col,
        this.screen.lastWrittenCol(startRow, rp.col, this.columns.right),
      );
      if (there === rp.text && rp.text.trim() !== '') {
        const end = this.screen.lastWrittenCol(startRow, this.start.col, rp.col);
        text = this.screen.rowText(startRow, this.start.col, end);
      }
    }
    if (rp === null && this.prompt === '') text = this.withoutRightPrompt(text, startRow, lastRow);
    return {
      text,
      prompt: this.screen.rowPrefix(startRow, this.start.col, this.columns),
      startRow,
      promptFound: found.found,
    };
  }

  /**
   * A line typed ahead started before its prompt was drawn, so no right prompt was seen then:
   * one drawn with the prompt sits right-aligned past a gap of cells never written on the last row.
   */
  private withoutRightPrompt(text: string, startRow: number, lastRow: number): string {
    const from = startRow === lastRow ? this.start.col : this.columns.left;
    const right = this.screen.rightAligned(lastRow, from, this.columns.right);
    if (right === null || right.text.trim() === '') return text;
    const cut = text.length - right.text.length - right.gap;
    if (cut < 0 || !text.endsWith(' '.repeat(right.gap) + right.text)) return text;
    return text.slice(0, cut);
  }

  private findStart(
    lastRow: number,
    promptEnd?: (rowText: string) => number,
  ): { row: number; col: number; found: boolean } {
    const known = this.screen.rowOf(this.start);
    const col = this.start.col;
    if (this.prompt === '') return { row: known >= 0 && known <= lastRow ? known : lastRow, col, found: true };
    const lowestAllowed =
      known >= 0 && known <= lastRow ? known : Math.max(0, lastRow - this.screen.rows - this.rowsBelowStart);
    for (let row = lastRow; row >= lowestAllowed; row--)
      if (this.screen.rowPrefix(row, col, this.columns) === this.prompt) return { row, col, found: true };
    const bare = this.prompt.trimEnd();
    const indent = this.prompt.slice(bare.length);
    if (known >= 0 && known <= lastRow) {
      // the prompt redrawn with other text in place (irb's nesting level, a vi mode string)
      const here = this.screen.rowPrefix(known, col, this.columns);
      if ((here.endsWith(indent) && here.slice(0, 3) === this.prompt.slice(0, 3)) || samePrompt(here, this.prompt))
        return { row: known, col, found: true };
    }
    if (bare !== this.prompt && known >= 0 && known <= lastRow) {
      // A REPL indented the line for its block and took the indent back (irb's `end`): the prompt without it
      const at = this.columns.left + this.screen.cellsOf(bare) + 1;
      const there = this.screen.rowPrefix(known, at, this.columns);
      // (its prompt may change as the block closes: irb(main):003:1* becomes irb(main):003:0>)
      if (
        at < col &&
        there.endsWith(' ') &&
        there.trimEnd().length === bare.length &&
        there.slice(0, 3) === bare.slice(0, 3)
      )
        return { row: known, col: at, found: true };
    }
    if (promptEnd !== undefined && this.start.alternate) {
      // a multiplexer moved the cursor between keys: a prompt seen before, on the rows of the line
      for (let row = lastRow; row >= Math.max(0, lastRow - this.rowsBelowStart - 1); row--) {
        const text = this.screen.rowText(row, this.columns.left, this.columns.right);
        const end = promptEnd(text);
        if (end > 0) return { row, col: this.columns.left + this.screen.cellsOf(text.slice(0, end)), found: true };
      }
    }
    // The prompt changed in place (a vi mode string), or scrolled: where it started, else the last row.
    return {
      row: known >= 0 && known <= lastRow ? known : Math.max(lowestAllowed, lastRow - this.rowsBelowStart),
      col,
      found: false,
    };
  }

  dispose(): void {
    this.start.marker?.dispose();
    if (this.lowest !== this.start) this.lowest.marker?.dispose();
  }
}
