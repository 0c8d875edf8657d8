import type { IBuffer, IBufferCell } from '@xterm/headless';
import { endianness } from 'node:os';
import type { HeadlessTerminal } from '../terminal/headless-terminal';

/*
 * What `new SerializeAddon().serialize({ scrollback })` (@xterm/addon-serialize 0.14, MIT, © the
 * xterm.js authors) returns, character for character, written so that a snapshot allocates
 * little: the addon builds an array for every cell (its style difference) and a string for every
 * character it appends, 2.3 GB of garbage for the 225 snapshots of the bench's 68 MB captures
 * (over half of what the import allocates), and hands back a string of thousands of pieces that
 * costs as much again to flatten when it is deflated. Here a style difference is built only when
 * there is one (a cell whose attribute words equal the last style's skips the getters), and
 * characters are copied into one reused array of UTF-16 units, turned into a string once at the
 * end. test/unit/serialize-screen.test.ts compares the two on every recording we have and on
 * seeded hostile mixes; the addon stays the reference.
 */

/** Colours and styles: a buffer cell, and xterm's current attributes, expose them alike. */
type Attributes = Omit<IBufferCell, 'getWidth' | 'getChars' | 'getCode'>;

interface XtermInternals {
  _core: { _inputHandler: { _curAttrData: Attributes } };
}

/** The screen, up to `scrollback` lines above it, the alternate screen if it is shown, and the modes. */
export function serializeScreen(term: HeadlessTerminal, scrollback: number): string {
  const normal = term.buffer.normal;
  let content = serializeBuffer(term, normal, scrollback);
  if (term.buffer.active.type === 'alternate')
    content += `\u001b[?1049h\u001b[H${serializeBuffer(term, term.buffer.alternate, undefined)}`;
  return content + serializeModes(term);
}

function serializeBuffer(term: HeadlessTerminal, buffer: IBuffer, scrollback: number | undefined): string {
  const maxRows = buffer.length;
  const rows = scrollback === undefined ? maxRows : Math.max(0, Math.min(scrollback + term.rows, maxRows));
  return new ScreenSerializer(buffer, term).serialize(maxRows - rows, maxRows - 1, term.cols);
}

function serializeModes(term: HeadlessTerminal): string {
  let content = '';
  const modes = term.modes;
  if (modes.applicationCursorKeysMode) content += '\x1b[?1h';
  if (modes.applicationKeypadMode) content += '\x1b[?66h';
  if (modes.bracketedPasteMode) content += '\x1b[?2004h';
  if (modes.insertMode) content += '\x1b[4h';
  if (modes.originMode) content += '\x1b[?6h';
  if (modes.reverseWraparoundMode) content += '\x1b[?45h';
  if (modes.sendFocusMode) content += '\x1b[?1004h';
  if (modes.wraparoundMode === false) content += '\x1b[?7l';
  switch (modes.mouseTrackingMode) {
    case 'x10':
      content += '\x1b[?9h';
      break;
    case 'vt200':
      content += '\x1b[?1000h';
      break;
    case 'drag':
      content += '\x1b[?1002h';
      break;
    case 'any':
      content += '\x1b[?1003h';
      break;
  }
  return content;
}

function equalFg(a: Attributes, b: Attributes): boolean {
  return a.getFgColorMode() === b.getFgColorMode() && a.getFgColor() === b.getFgColor();
}

function equalBg(a: Attributes, b: Attributes): boolean {
  return a.getBgColorMode() === b.getBgColorMode() && a.getBgColor() === b.getBgColor();
}

function equalFlags(a: Attributes, b: Attributes): boolean {
  return (
    a.isInverse() === b.isInverse() &&
    a.isBold() === b.isBold() &&
    a.isUnderline() === b.isUnderline() &&
    a.isOverline() === b.isOverline() &&
    a.isBlink() === b.isBlink() &&
    a.isInvisible() === b.isInvisible() &&
    a.isItalic() === b.isItalic() &&
    a.isDim() === b.isDim() &&
    a.isStrikethrough() === b.isStrikethrough()
  );
}

/** xterm's attribute words (its CellData and AttributeData): every style getter reads these two, and `extended` when flagged. */
interface AttributeWords {
  fg?: unknown;
  bg?: unknown;
}

/** xterm's flag, in `bg`, for underline styles, underline colours and links kept in `extended`. */
const HAS_EXTENDED = 0x10000000;

/**
 * Whether two cells' styles are surely the same, from xterm's attribute words: equal words and no
 * extended attributes. False says nothing (the getters decide); it only spares the ~40 getter calls
 * of a cell that keeps the style of the one before, as nearly all do.
 */
function sameWords(a: Attributes, b: Attributes): boolean {
  const x = a as AttributeWords;
  const y = b as AttributeWords;
  return typeof x.bg === 'number' && x.fg === y.fg && x.bg === y.bg && (x.bg & HAS_EXTENDED) === 0;
}

/** The SGR parameters that take `old`'s style to `cell`'s, joined with ';' ('' when there are none). */
function diffStyle(cell: Attributes, old: Attributes): string {
  const fgChanged = !equalFg(cell, old);
  const bgChanged = !equalBg(cell, old);
  const flagsChanged = !equalFlags(cell, old);
  if (!fgChanged && !bgChanged && !flagsChanged) return '';
  const seq: number[] = [];
  if (cell.isAttributeDefault()) {
    if (!old.isAttributeDefault()) seq.push(0);
    return seq.join(';');
  }
  if (fgChanged) {
    const color = cell.getFgColor();
    if (cell.isFgRGB()) seq.push(38, 2, (color >>> 16) & 0xff, (color >>> 8) & 0xff, color & 0xff);
    else if (cell.isFgPalette()) {
      if (color >= 16) seq.push(38, 5, color);
      else seq.push(color & 8 ? 90 + (color & 7) : 30 + (color & 7));
    } else seq.push(39);
  }
  if (bgChanged) {
    const color = cell.getBgColor();
    if (cell.isBgRGB()) seq.push(48, 2, (color >>> 16) & 0xff, (color >>> 8) & 0xff, color & 0xff);
    else if (cell.isBgPalette()) {
      if (color >= 16) seq.push(48, 5, color);
      else seq.push(color & 8 ? 100 + (color & 7) : 40 + (color & 7));
    } else seq.push(49);
  }
  if (flagsChanged) {
    if (cell.isInverse() !== old.isInverse()) seq.push(cell.isInverse() ? 7 : 27);
    if (cell.isBold() !== old.isBold()) seq.push(cell.isBold() ? 1 : 22);
    if (cell.isUnderline() !== old.isUnderline()) seq.push(cell.isUnderline() ? 4 : 24);
    if (cell.isOverline() !== old.isOverline()) seq.push(cell.isOverline() ? 53 : 55);
    if (cell.isBlink() !== old.isBlink()) seq.push(cell.isBlink() ? 5 : 25);
    if (cell.isInvisible() !== old.isInvisible()) seq.push(cell.isInvisible() ? 8 : 28);
    if (cell.isItalic() !== old.isItalic()) seq.push(cell.isItalic() ? 3 : 23);
    if (cell.isDim() !== old.isDim()) seq.push(cell.isDim() ? 2 : 22);
    if (cell.isStrikethrough() !== old.isStrikethrough()) seq.push(cell.isStrikethrough() ? 9 : 29);
  }
  return seq.join(';');
}

/** The addon's StringSerializeHandler, same decisions in the same order; names follow it. */
class ScreenSerializer {
  /** Where each row's content ends in `out` (its separator follows it there). */
  private rowContentEnds: number[] = [];
  private readonly out = new Utf16Out();
  private nullCellCount = 0;
  private readonly cursorStyle: IBufferCell;
  private cursorStyleRow = 0;
  private cursorStyleCol = 0;
  private readonly backgroundCell: IBufferCell;
  private firstRow = 0;
  private lastCursorRow = 0;
  private lastCursorCol = 0;
  private lastContentCursorRow = 0;
  private lastContentCursorCol = 0;
  private readonly thisRowLastChar: IBufferCell;
  private readonly thisRowLastSecondChar: IBufferCell;
  private readonly nextRowFirstChar: IBufferCell;

  constructor(
    private readonly buffer: IBuffer,
    private readonly terminal: HeadlessTerminal,
  ) {
    this.cursorStyle = buffer.getNullCell();
    this.backgroundCell = buffer.getNullCell();
    this.thisRowLastChar = buffer.getNullCell();
    this.thisRowLastSecondChar = buffer.getNullCell();
    this.nextRowFirstChar = buffer.getNullCell();
  }

  serialize(startRow: number, endRow: number, endColumn: number): string {
    const cell1 = this.buffer.getNullCell();
    const cell2 = this.buffer.getNullCell();
    let oldCell = cell1;
    this.rowContentEnds = [];
    this.out.reset();
    this.lastContentCursorRow = startRow;
    this.lastCursorRow = startRow;
    this.firstRow = startRow;
    for (let row = startRow; row <= endRow; row++) {
      const line = this.buffer.getLine(row);
      if (line) {
        const end = row === endRow ? endColumn : line.length;
        for (let col = 0; col < end; col++) {
          const c = line.getCell(col, oldCell === cell1 ? cell2 : cell1);
          if (!c) continue;
          this.nextCell(c, row, col);
          oldCell = c;
        }
      }
      this.rowEnd(row, row === endRow);
    }
    return this.serializeString();
  }

  private rowEnd(row: number, isLastRow: boolean): void {
    // A coloured empty cell at the end of a line is padded back, or the colour block goes missing.
    if (this.nullCellCount > 0 && !equalBg(this.cursorStyle, this.backgroundCell))
      this.out.put(`\u001b[${this.nullCellCount}X`);
    let rowSeparator = '';
    if (!isLastRow) {
      if (row - this.firstRow >= this.terminal.rows)
        this.buffer.getLine(this.cursorStyleRow)?.getCell(this.cursorStyleCol, this.backgroundCell);
      const currentLine = this.buffer.getLine(row)!;
      const nextLine = this.buffer.getLine(row + 1)!;
      if (!nextLine.isWrapped) {
        rowSeparator = '\r\n';
        this.lastCursorRow = row + 1;
        this.lastCursorCol = 0;
      } else {
        const thisRowLastChar = currentLine.getCell(currentLine.length - 1, this.thisRowLastChar)!;
        const thisRowLastSecondChar = currentLine.getCell(currentLine.length - 2, this.thisRowLastSecondChar)!;
        const nextRowFirstChar = nextLine.getCell(0, this.nextRowFirstChar)!;
        const isNextRowFirstCharDoubleWidth = nextRowFirstChar.getWidth() > 1;
        let isValid = false;
        // As the addon has it: `a && b ? c : d` is `(a && b) ? c : d`.
        if (
          nextRowFirstChar.getChars() && isNextRowFirstCharDoubleWidth
            ? this.nullCellCount <= 1
            : this.nullCellCount <= 0
        ) {
          if (
            (thisRowLastChar.getChars() || thisRowLastChar.getWidth() === 0) &&
            equalBg(thisRowLastChar, nextRowFirstChar)
          )
            isValid = true;
          if (
            isNextRowFirstCharDoubleWidth &&
            (thisRowLastSecondChar.getChars() || thisRowLastSecondChar.getWidth() === 0) &&
            equalBg(thisRowLastChar, nextRowFirstChar) &&
            equalBg(thisRowLastSecondChar, nextRowFirstChar)
          )
            isValid = true;
        }
        if (!isValid) {
          // Forces the wrap: enough characters to overflow, then back and erase the next line's head.
          rowSeparator = '-'.repeat(this.nullCellCount + 1);
          rowSeparator += '\u001b[1D\u001b[1X';
          if (this.nullCellCount > 0) {
            rowSeparator += '\u001b[A';
            rowSeparator += `\u001b[${currentLine.length - this.nullCellCount}C`;
            rowSeparator += `\u001b[${this.nullCellCount}X`;
            rowSeparator += `\u001b[${currentLine.length - this.nullCellCount}D`;
            rowSeparator += '\u001b[B';
          }
          this.lastContentCursorRow = row + 1;
          this.lastContentCursorCol = 0;
          this.lastCursorRow = row + 1;
          this.lastCursorCol = 0;
        }
      }
    }
    this.rowContentEnds.push(this.out.length);
    this.out.put(rowSeparator);
    this.nullCellCount = 0;
  }

  private nextCell(cell: IBufferCell, row: number, col: number): void {
    // A width-0 cell is the right half of a wide character.
    if (cell.getWidth() === 0) return;
    const chars = cell.getChars();
    const isEmptyCell = chars === '';
    // An empty cell's style changes only with its background (its foreground is always 0).
    const sgr = sameWords(cell, this.cursorStyle)
      ? null
      : isEmptyCell
        ? equalBg(this.cursorStyle, cell)
          ? null
          : diffStyle(cell, this.cursorStyle)
        : diffStyle(cell, this.cursorStyle);
    if (sgr !== null && (isEmptyCell || sgr !== '')) {
      if (this.nullCellCount > 0) {
        if (!equalBg(this.cursorStyle, this.backgroundCell)) this.out.put(`\u001b[${this.nullCellCount}X`);
        this.out.put(`\u001b[${this.nullCellCount}C`);
        this.nullCellCount = 0;
      }
      this.lastContentCursorRow = this.lastCursorRow = row;
      this.lastContentCursorCol = this.lastCursorCol = col;
      this.out.put(`\u001b[${sgr}m`);
      const line = this.buffer.getLine(row);
      if (line !== undefined) {
        line.getCell(col, this.cursorStyle);
        this.cursorStyleRow = row;
        this.cursorStyleCol = col;
      }
    }
    if (isEmptyCell) {
      this.nullCellCount += cell.getWidth();
      return;
    }
    if (this.nullCellCount > 0) {
      if (equalBg(this.cursorStyle, this.backgroundCell)) this.out.put(`\u001b[${this.nullCellCount}C`);
      else this.out.put(`\u001b[${this.nullCellCount}X\u001b[${this.nullCellCount}C`);
      this.nullCellCount = 0;
    }
    this.out.put(chars);
    this.lastContentCursorRow = this.lastCursorRow = row;
    this.lastContentCursorCol = this.lastCursorCol = col + cell.getWidth();
  }

  private serializeString(): string {
    let rowEnd = this.rowContentEnds.length;
    // Without scrollback the content ends at the last content; with it, at the last line anyway.
    if (this.buffer.length - this.firstRow <= this.terminal.rows) {
      rowEnd = this.lastContentCursorRow + 1 - this.firstRow;
      this.lastCursorCol = this.lastContentCursorCol;
      this.lastCursorRow = this.lastContentCursorRow;
    }
    // The rows and their separators up to the end of row rowEnd - 1's content (none after it).
    const parts = [this.out.text(rowEnd > 0 ? this.rowContentEnds[rowEnd - 1]! : 0)];
    // The cursor, restored.
    const realCursorRow = this.buffer.baseY + this.buffer.cursorY;
    const realCursorCol = this.buffer.cursorX;
    if (realCursorRow !== this.lastCursorRow || realCursorCol !== this.lastCursorCol) {
      const down = realCursorRow - this.lastCursorRow;
      if (down > 0) parts.push(`\u001b[${down}B`);
      else if (down < 0) parts.push(`\u001b[${-down}A`);
      const right = realCursorCol - this.lastCursorCol;
      if (right > 0) parts.push(`\u001b[${right}C`);
      else if (right < 0) parts.push(`\u001b[${-right}D`);
    }
    // The cursor's current style (xterm.js issue 3677), read from xterm's internals as the addon does.
    const current = (this.terminal as unknown as XtermInternals)._core._inputHandler._curAttrData;
    const sgr = diffStyle(current, this.cursorStyle);
    if (sgr !== '') parts.push(`\u001b[${sgr}m`);
    return parts.join('');
  }
}

/** Characters copied into one reused array, for a string made once: no string or array per cell. */
class Utf16Out {
  private static scratch = new Uint16Array(1 << 16);
  /** Larger than this, the array is let go once the string is made (a hostile screen may need megabytes). */
  private static readonly KEEP = 1 << 20;
  private units = Utf16Out.scratch;
  length = 0;

  reset(): void {
    this.units = Utf16Out.scratch;
    this.length = 0;
  }

  put(s: string): void {
    const n = s.length;
    if (this.length + n > this.units.length) this.grow(this.length + n);
    const units = this.units;
    let at = this.length;
    for (let i = 0; i < n; i++) units[at++] = s.charCodeAt(i);
    this.length = at;
  }

  private grow(needed: number): void {
    let size = this.units.length * 2;
    while (size < needed) size *= 2;
    const bigger = new Uint16Array(size);
    bigger.set(this.units.subarray(0, this.length));
    this.units = bigger;
    if (size <= Utf16Out.KEEP) Utf16Out.scratch = bigger;
  }

  /** The first `end` units as a string (lone surrogates kept, as they were put). */
  text(end: number): string {
    // The units' bytes as UCS-2: copied as they are, lone surrogates too (a UTF-16 decoder would replace those).
    if (LITTLE_ENDIAN) return Buffer.from(this.units.buffer, this.units.byteOffset, end * 2).toString('ucs2');
    const parts: string[] = [];
    for (let at = 0; at < end; at += TEXT_STEP)
      parts.push(
        String.fromCharCode.apply(null, this.units.subarray(at, Math.min(end, at + TEXT_STEP)) as unknown as number[]),
      );
    return parts.join('');
  }
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Units turned into a string per call (an argument list of this length is safe everywhere). */
const TEXT_STEP = 8192;
