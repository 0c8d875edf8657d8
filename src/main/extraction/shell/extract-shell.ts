import type { TerminalInfo } from '../../../shared/model';
import { resizeOf, type TerminalEvent } from '../../formats/recording';
import { OutputText } from '../../terminal/output-text';
import type { ExtractionSink, TerminalTap } from '../extraction-types';
import { ShellExtractor } from './shell-extractor';
import { zshRightPrompts, zshWidths } from './size-inference';
import { TerminalScreen } from './terminal-screen';

const EMPTY = '';
const BRACKETED_PASTE_ON = Buffer.from('\x1b[?2004h');
const BRACKETED_PASTE_OFF = Buffer.from('\x1b[?2004l');
/** Where a shell starts drawing a prompt: OSC 133;A / 633;A, and zsh's line editor clearing below before it draws. */
const PROMPT_STARTS = [
  Buffer.from('\x1b]133;A'),
  Buffer.from('\x1b]633;A'),
  Buffer.from('\r\x1b[0m\x1b[27m\x1b[24m\x1b[J'),
];
const ZLE_REDRAW = PROMPT_STARTS[2]!;
const MIN_INFERRED_COLS = 20;
const MAX_INFERRED_COLS = 1000;

/**
 * Interactive sessions, as a stream: each event is pushed as it is read, replayed through
 * the emulator the player uses, fed the text the player writes (one UTF-8 stream, so a
 * malformed byte shows as the same U+FFFD), and the ShellExtractor probes the screen at each
 * keystroke, after each piece of output, and (through the emulator's parser hooks) at each
 * newline and cursor motion. A tap reads the seek snapshots off the same pass.
 */
export class ShellCommandStream {
  readonly screen: TerminalScreen;
  private readonly x: ShellExtractor;
  private readonly text = new OutputText();
  private offset = 0;
  private lastUs = 0;
  private lastByte = -1;
  /** The recording says when the terminal was resized: no width is inferred then. */
  private resizesRecorded = false;
  /** The terminal was resized where the recording has none: the player's would not have been. */
  private widthInferred = false;
  /** zsh's line editor draws here (its right prompt then tells the width). */
  private zle = false;

  constructor(
    terminal: TerminalInfo,
    sink: ExtractionSink,
    private readonly tap?: TerminalTap,
  ) {
    this.screen = new TerminalScreen(terminal.cols, terminal.rows);
    this.x = new ShellExtractor(this.screen, sink);
  }

  /** One event of the recording, in order. Await it: output is flow-controlled. */
  async push(ev: TerminalEvent): Promise<void> {
    const tap = this.tap;
    if (tap && ev.atUs > this.lastUs && tap.wants(this.offset)) {
      const [atUs, offset] = [this.lastUs, this.offset];
      await this.screen.write(EMPTY, () => tap.take(this.screen.term, atUs, offset));
    }
    this.lastUs = ev.atUs;
    if (ev.kind === 'output') {
      for (const piece of this.cut(ev.data)) {
        if (piece.width !== null) await this.inferredWidth(ev.atUs, piece.width);
        if (piece.rightPromptBack !== null) await this.widthFromRightPrompt(ev.atUs, piece.rightPromptBack);
        const startOffset = this.offset;
        this.offset += piece.data.length;
        const newlineBefore = byteBeforeSwitchOff(piece.data, this.lastByte) === 10;
        if (piece.data.length > 0) this.lastByte = piece.data[piece.data.length - 1]!;
        this.x.queuePiece({
          atUs: ev.atUs,
          startOffset,
          endOffset: this.offset,
          promptStart: piece.promptStart,
          newlineBefore,
          data: piece.data,
        });
        await this.screen.write(this.text.next(piece.data), () => this.x.onOutput(piece.data));
      }
    } else if (ev.kind === 'input') {
      await this.screen.write(EMPTY, () => this.x.onInput(ev.atUs, ev.data));
    } else if (ev.kind === 'resize') {
      this.resizesRecorded = true;
      const size = resizeOf(ev);
      if (size)
        await this.screen.write(EMPTY, () => {
          this.screen.resize(size.cols, size.rows);
          this.x.onResize(ev.atUs, size.cols, size.rows);
        });
    }
  }

  /** zsh drew for another width than the emulator has, and the recording has no resize: follow zsh. */
  private async inferredWidth(atUs: number, cols: number): Promise<void> {
    if (this.resizesRecorded) return;
    await this.screen.write(EMPTY, () => {
      if (cols === this.screen.cols) return;
      this.widthInferred = true;
      this.screen.resize(cols, this.screen.rows);
      this.x.onResize(atUs, cols, this.screen.rows, 'inferred from the width zsh drew for');
    });
  }

  /**
   * zsh drew a right prompt that ends at another place than one column before the emulator's edge:
   * it knows another width (the terminal was resized after the last PROMPT_SP told it). One column
   * off is left alone: ZLE_RPROMPT_INDENT=0 draws the right prompt to the edge itself.
   */
  private async widthFromRightPrompt(atUs: number, back: number): Promise<void> {
    if (this.resizesRecorded || !this.zle) return;
    await this.screen.write(EMPTY, () => {
      const cols = this.screen.cursorCol + back + 1;
      if (Math.abs(cols - this.screen.cols) <= 1 || cols < MIN_INFERRED_COLS || cols > MAX_INFERRED_COLS) return;
      this.widthInferred = true;
      this.screen.resize(cols, this.screen.rows);
      this.x.onResize(atUs, cols, this.screen.rows, 'inferred from where zsh drew its right prompt');
    });
  }

  /** The recording ended: hand over what is still open. */
  async end(): Promise<void> {
    try {
      await this.screen.drain();
      this.x.finish(this.lastUs, this.offset);
      this.tap?.end(!this.widthInferred);
    } finally {
      this.screen.dispose();
    }
  }

  /**
   * Cuts an output chunk where the extractor must see the screen between bytes: around each
   * switch of bracketed paste on (a piece of its own: a prompt follows), after each switch off,
   * and before each prompt start.
   */
  private cut(
    data: Uint8Array,
  ): Array<{ data: Uint8Array; promptStart: boolean; width: number | null; rightPromptBack: number | null }> {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const cuts = new Set<number>();
    const starts = new Set<number>();
    const widths = new Map<number, number>();
    const rightPrompts = new Map<number, number>();
    if (!this.resizesRecorded) {
      for (const w of zshWidths(buf)) {
        cuts.add(w.at);
        widths.set(w.at, w.cols);
      }
      this.zle ||= buf.includes(ZLE_REDRAW);
      if (this.zle)
        for (const r of zshRightPrompts(buf)) {
          cuts.add(r.at);
          rightPrompts.set(r.at, r.back);
        }
    }
    for (let i = buf.indexOf(BRACKETED_PASTE_ON); i >= 0; i = buf.indexOf(BRACKETED_PASTE_ON, i + 1)) {
      cuts.add(i);
      starts.add(i);
      cuts.add(i + BRACKETED_PASTE_ON.length);
      this.x.noteSignals(false, true);
    }
    for (let i = buf.indexOf(BRACKETED_PASTE_OFF); i >= 0; i = buf.indexOf(BRACKETED_PASTE_OFF, i + 1))
      cuts.add(i + BRACKETED_PASTE_OFF.length);
    for (const sign of PROMPT_STARTS)
      for (let i = buf.indexOf(sign); i >= 0; i = buf.indexOf(sign, i + 1)) {
        cuts.add(i);
        starts.add(i);
        if (sign === ZLE_REDRAW) this.x.noteSignals(true, false);
      }
    cuts.delete(0);
    const piece = (from: number, to: number) => ({
      data: data.subarray(from, to),
      promptStart: starts.has(from),
      width: widths.get(from) ?? null,
      rightPromptBack: rightPrompts.get(from) ?? null,
    });
    if (cuts.size === 0) return [piece(0, data.length)];
    const points = [...cuts].filter((c) => c < data.length).sort((a, b) => a - b);
    const pieces: Array<{
      data: Uint8Array;
      promptStart: boolean;
      width: number | null;
      rightPromptBack: number | null;
    }> = [];
    let from = 0;
    for (const c of points) {
      pieces.push(piece(from, c));
      from = c;
    }
    pieces.push(piece(from, data.length));
    return pieces;
  }
}

/** Interactive sessions: every command of the events, handed to `sink` as each becomes final. */
export async function streamShellCommands(
  events: Iterable<TerminalEvent>,
  terminal: TerminalInfo,
  sink: ExtractionSink,
  tap?: TerminalTap,
): Promise<void> {
  const stream = new ShellCommandStream(terminal, sink, tap);
  try {
    for (const ev of events) await stream.push(ev);
  } finally {
    await stream.end();
  }
}

/** For a piece ending in ESC[?2004l: the byte just before that sequence (10 after an accepted line). */
function byteBeforeSwitchOff(piece: Uint8Array, lastByte: number): number {
  const n = BRACKETED_PASTE_OFF.length;
  if (
    piece.length < n ||
    !Buffer.from(piece.buffer, piece.byteOffset + piece.length - n, n).equals(BRACKETED_PASTE_OFF)
  )
    return -1;
  return piece.length > n ? piece[piece.length - n - 1]! : lastByte;
}
