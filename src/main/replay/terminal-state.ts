import type { IBufferCell } from '@xterm/headless';
import type { HeadlessTerminal } from '../terminal/headless-terminal';

/** Colours and styles, as a buffer cell and xterm's current and saved attributes all expose them. */
type Attributes = Omit<IBufferCell, 'getWidth' | 'getChars' | 'getCode'>;

/** The parts of xterm's internal state read here (xterm 6); each is checked before use. */
interface XtermInternals {
  _core?: {
    buffer?: {
      x: number;
      y: number;
      ybase: number;
      scrollTop: number;
      scrollBottom: number;
      savedX: number;
      savedY: number;
      savedCurAttrData: Attributes;
    };
    coreService?: {
      isCursorHidden: boolean;
      decPrivateModes: { origin: boolean; wraparound: boolean };
      modes: { insertMode: boolean };
    };
    _charsetService?: { glevel: number; _charsets: ReadonlyArray<Record<string, string> | undefined> };
    _inputHandler?: { _curAttrData: Attributes; _parser?: { currentState: number; initialState: number } };
  };
}

const DESIGNATE = ['(', ')', '*', '+']; // G0..G3
const SHIFT = ['\x0f', '\x0e', '\x1bn', '\x1bo']; // SI, SO, LS2, LS3
const isLineDrawing = (charset: Record<string, string> | undefined): boolean => charset?.['q'] === '─';

/**
 * Escape sequences for the terminal state @xterm/addon-serialize leaves out and that changes
 * what later output does: the scroll region (apt's progress bar, tmux, less), the saved cursor
 * (ESC 7 / ESC 8, and the one ?1049h keeps for after a full-screen program), the DEC
 * line-drawing character set (dialog, mc) and a hidden cursor (vim, top). Appended to a
 * snapshot, after the serialized screen and modes. Reads xterm internals, as the addon itself
 * does for the cursor's colours; test/unit/replay-terminal-state.test.ts pins them.
 */
export function unserializedState(term: HeadlessTerminal): string {
  const core = (term as unknown as XtermInternals)._core;
  const buffer = core?.buffer;
  const modes = core?.coreService;
  const charsets = core?._charsetService;
  const current = core?._inputHandler?._curAttrData;
  if (!buffer || !modes || !charsets || !current) return '';
  let out = '';
  const region = buffer.scrollTop !== 0 || buffer.scrollBottom !== term.rows - 1;
  const saved = buffer.savedX !== 0 || buffer.savedY !== 0;
  const origin = modes.decPrivateModes.origin;
  // The cursor past the last column (the next character wraps): the addon's cursor moves lose that.
  const pendingWrap = buffer.x >= term.cols && modes.decPrivateModes.wraparound;
  // Setting the region and origin mode move the cursor home: it is put back where it was.
  if (origin) out += '\x1b[?6l';
  if (region) out += `\x1b[${buffer.scrollTop + 1};${buffer.scrollBottom + 1}r`;
  // The saved row is absolute (ybase + y): its distance to the top of the screen is kept.
  if (saved)
    out += `${cup(Math.max(buffer.savedY - buffer.ybase, 0), buffer.savedX, term)}${sgr(buffer.savedCurAttrData)}\x1b7`;
  if (origin) out += '\x1b[?6h';
  // Always put the cursor back where it is: the addon's moves relative to the end of what it
  // wrote miss in some alternate screens (tmux's status line, irb's completion menu).
  const row = buffer.y - (origin ? buffer.scrollTop : 0);
  out += cup(row, buffer.x, term);
  if (pendingWrap) out += reprintLastCell(term, row, modes.modes.insertMode);
  out += sgr(current);
  charsets._charsets.forEach((charset, g) => {
    if (isLineDrawing(charset)) out += `\x1b${DESIGNATE[g]}0`;
  });
  if (charsets.glevel !== 0) out += SHIFT[charsets.glevel] ?? '';
  if (modes.isCursorHidden) out += '\x1b[?25l';
  return out;
}

/**
 * Whether the parser is between sequences: a snapshot taken inside one (a pty read may end in
 * the middle of ESC [ 1 m) would lose its start. Unknown (another xterm) counts as no.
 */
export function parserAtRest(term: HeadlessTerminal): boolean {
  const parser = (term as unknown as XtermInternals)._core?._inputHandler?._parser;
  return parser !== undefined && parser.currentState === parser.initialState;
}

function cup(row: number, col: number, term: HeadlessTerminal): string {
  return `\x1b[${row + 1};${Math.min(col, term.cols - 1) + 1}H`;
}

/** No cursor move reaches the place past the last column, but printing the last cell again does, changing nothing. */
function reprintLastCell(term: HeadlessTerminal, row: number, insertMode: boolean): string {
  const line = term.buffer.active.getLine(term.buffer.active.baseY + term.buffer.active.cursorY);
  let col = term.cols - 1;
  let cell = line?.getCell(col);
  if (cell?.getWidth() === 0 && col > 0) cell = line?.getCell(--col); // the right half of a wide character
  if (!cell) return '';
  const print = `${cup(row, col, term)}${sgr(cell)}${cell.getChars() || ' '}`;
  return insertMode ? `\x1b[4l${print}\x1b[4h` : print;
}

// Colour modes of xterm's attributes (getFgColorMode / getBgColorMode).
const PALETTE_16 = 0x1000000;
const PALETTE_256 = 0x2000000;
const RGB = 0x3000000;

/** One SGR sequence that sets exactly these attributes, colour modes included (31 and 38;5;1 differ). */
function sgr(a: Attributes): string {
  const p = ['0'];
  const flags: Array<[number, string]> = [
    [a.isBold(), '1'],
    [a.isDim(), '2'],
    [a.isItalic(), '3'],
    [a.isUnderline(), '4'],
    [a.isBlink(), '5'],
    [a.isInverse(), '7'],
    [a.isInvisible(), '8'],
    [a.isStrikethrough(), '9'],
    [a.isOverline(), '53'],
  ];
  for (const [on, code] of flags) if (on) p.push(code);
  p.push(
    ...colour(a.getFgColorMode(), a.getFgColor(), 30, 90, 38),
    ...colour(a.getBgColorMode(), a.getBgColor(), 40, 100, 48),
  );
  return `\x1b[${p.join(';')}m`;
}

function colour(mode: number, c: number, base: number, bright: number, extended: number): string[] {
  switch (mode) {
    case PALETTE_16:
      return [String(c < 8 ? base + c : bright + c - 8)];
    case PALETTE_256:
      return [`${extended};5;${c}`];
    case RGB:
      return [`${extended};2;${(c >> 16) & 255};${(c >> 8) & 255};${c & 255}`];
    default:
      return [];
  }
}
