import xtermHeadless from '@xterm/headless';
import { REPLAY_TERMINAL_OPTIONS } from '../../shared/replay-terminal';

const { Terminal } = xtermHeadless;
export type HeadlessTerminal = InstanceType<typeof Terminal>;

/** The emulator the replay uses, without a screen: what is derived from it matches what is shown. */
export function createHeadlessTerminal(cols: number, rows: number, scrollback: number): HeadlessTerminal {
  // logLevel off: xterm.js would print its parser state to stderr for every malformed sequence a recording holds.
  return new Terminal({ cols, rows, scrollback, allowProposedApi: true, convertEol: false, logLevel: 'off' });
}

/**
 * The terminal the player builds (src/shared/replay-terminal.ts), without a screen: the import's
 * one pass over a program reads commands and seek snapshots off it, so both match what is shown.
 */
export function createReplayTerminal(cols: number, rows: number): HeadlessTerminal {
  return new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols, rows, logLevel: 'off' });
}

export function writeAsync(term: HeadlessTerminal, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Lines of the normal buffer (scrollback + screen), soft-wrapped rows joined back together. */
export function bufferText(term: HeadlessTerminal): string[] {
  const buf = term.buffer.normal;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
