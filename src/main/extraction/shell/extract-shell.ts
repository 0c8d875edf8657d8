import type { TerminalInfo } from '../../../shared/model';
import { resizeOf, type TerminalEvent } from '../../formats/recording';
import type { ExtractionSink } from '../extraction-types';
import { ShellExtractor } from './shell-extractor';
import { TerminalScreen } from './terminal-screen';

const EMPTY = new Uint8Array(0);
const BRACKETED_PASTE_ON = Buffer.from('\x1b[?2004h');
const BRACKETED_PASTE_OFF = Buffer.from('\x1b[?2004l');

/**
 * Interactive sessions: replays the recording through the emulator the replay uses and lets
 * the ShellExtractor probe the screen at each keystroke and at the points where the shell
 * reacts (the newline after Enter, the moment it starts reading a new line).
 */
export async function streamShellCommands(
  events: Iterable<TerminalEvent>,
  terminal: TerminalInfo,
  sink: ExtractionSink,
): Promise<void> {
  const screen = new TerminalScreen(terminal.cols, terminal.rows);
  const x = new ShellExtractor(screen, sink);
  let offset = 0;
  let lastUs = 0;
  let enterPending = false;
  let lastByte = -1;
  try {
    for (const ev of events) {
      lastUs = ev.atUs;
      if (ev.kind === 'output') {
        for (const piece of splitOutput(ev.data, enterPending)) {
          const start = offset;
          offset += piece.data.length;
          const end = offset;
          const newlineBefore = byteBeforeSwitchOff(piece.data, lastByte) === 10;
          if (piece.data.length > 0) lastByte = piece.data[piece.data.length - 1]!;
          const output = (): void => x.onOutput(ev.atUs, piece.data, start, end, newlineBefore);
          const probe = piece.ack ? () => (output(), x.onAck(ev.atUs, end)) : output;
          if (piece.ack) enterPending = false;
          await screen.write(piece.data, probe);
        }
      } else if (ev.kind === 'input') {
        if (ev.data.includes(13) || ev.data.includes(10)) enterPending = true;
        await screen.write(EMPTY, () => x.onInput(ev.atUs, ev.data));
      } else if (ev.kind === 'resize') {
        const size = resizeOf(ev);
        if (size)
          await screen.write(
            EMPTY,
            () => (screen.resize(size.cols, size.rows), x.onResize(ev.atUs, size.cols, size.rows)),
          );
      }
    }
    await screen.drain();
    x.finish(lastUs, offset);
  } finally {
    screen.dispose();
  }
}

/**
 * Cuts an output chunk where the extractor must look at the screen: right after the first
 * newline following an Enter (a program's line was echoed), around each switch to
 * bracketed-paste mode (the shell starts reading a line: output ends, the prompt starts) and
 * after each switch off (the shell accepted or abandoned the line).
 */
function splitOutput(data: Uint8Array, enterPending: boolean): Array<{ data: Uint8Array; ack: boolean }> {
  const cuts = new Set<number>();
  let ackAt = -1;
  if (enterPending) {
    const nl = data.indexOf(10);
    if (nl >= 0) {
      ackAt = nl + 1;
      cuts.add(ackAt);
    }
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let i = buf.indexOf(BRACKETED_PASTE_ON); i >= 0; i = buf.indexOf(BRACKETED_PASTE_ON, i + 1)) {
    if (i > 0) cuts.add(i);
    cuts.add(i + BRACKETED_PASTE_ON.length); // a piece of its own: the cursor then marks where the prompt starts
  }
  // Right after the switch off, so a recording without keystrokes can read the accepted line.
  for (let i = buf.indexOf(BRACKETED_PASTE_OFF); i >= 0; i = buf.indexOf(BRACKETED_PASTE_OFF, i + 1))
    cuts.add(i + BRACKETED_PASTE_OFF.length);
  if (cuts.size === 0) return [{ data, ack: false }];
  const points = [...cuts].filter((c) => c < data.length).sort((a, b) => a - b);
  const pieces: Array<{ data: Uint8Array; ack: boolean }> = [];
  let from = 0;
  for (const c of points) {
    pieces.push({ data: data.subarray(from, c), ack: c === ackAt });
    from = c;
  }
  pieces.push({ data: data.subarray(from), ack: ackAt === data.length });
  return pieces;
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
