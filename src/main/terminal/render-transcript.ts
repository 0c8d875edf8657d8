import type { TerminalInfo } from '../../shared/model';
import { resizeOf, type TerminalEvent } from '../formats/recording';
import { bufferText, createHeadlessTerminal, writeAsync } from './headless-terminal';

/**
 * Bounds, so that a transcript never needs more memory than a case may hold output: the emulator
 * keeps at most TRANSCRIPT_CELLS cells of scrollback (12 bytes each: ~240 MB; 250,000 lines at 80
 * columns, 20,000 at 1000), and the text of a program without a terminal is cut at
 * MAX_PLAIN_CHARS. Either way the transcript then says so; `sshlens show --raw` has every byte.
 */
const TRANSCRIPT_CELLS = 20_000_000;
const MAX_SCROLLBACK = 1_000_000;
const MAX_PLAIN_CHARS = 64 * 1024 * 1024;
const WRITE_BATCH = 256 * 1024;

/**
 * Plain text of what the program showed. A terminal program is played through the emulator
 * (so edits, colours and cursor moves resolve as on screen; full-screen programs on the
 * alternate screen leave no text); a program without a terminal is its output decoded.
 */
export async function renderTranscript(
  events: Iterable<TerminalEvent>,
  terminal: TerminalInfo | null,
): Promise<string> {
  if (terminal === null) {
    const decoder = new TextDecoder();
    let text = '';
    for (const ev of events) {
      if (ev.kind !== 'output') continue;
      text += decoder.decode(ev.data, { stream: true });
      if (text.length > MAX_PLAIN_CHARS)
        return `${stripControls(text.slice(0, MAX_PLAIN_CHARS))}\n[the transcript stops here, after ${MAX_PLAIN_CHARS} characters: sshlens show --raw writes every byte]`;
    }
    return stripControls(text + decoder.decode());
  }
  const scrollbackFor = (cols: number): number => Math.min(MAX_SCROLLBACK, Math.floor(TRANSCRIPT_CELLS / cols));
  let scrollback = scrollbackFor(terminal.cols);
  const term = createHeadlessTerminal(terminal.cols, terminal.rows, scrollback);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    await writeAsync(term, Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  for (const ev of events) {
    if (ev.kind === 'resize') {
      await flush();
      const size = resizeOf(ev);
      if (size) {
        // Wider lines, fewer of them: the scrollback shrinks before the lines grow.
        if (scrollbackFor(size.cols) < scrollback) term.options.scrollback = scrollback = scrollbackFor(size.cols);
        term.resize(size.cols, size.rows);
      }
    } else if (ev.kind === 'output') {
      pending.push(ev.data);
      pendingBytes += ev.data.length;
      if (pendingBytes >= WRITE_BATCH) await flush();
    }
  }
  await flush();
  // A full scrollback has dropped its oldest lines: say so rather than pass the rest for the whole.
  const full = term.buffer.normal.length >= term.rows + scrollback;
  const lines = bufferText(term);
  term.dispose();
  if (!full) return lines.join('\n');
  return [
    `[earlier lines are not shown: the transcript keeps its last ${scrollback} lines; sshlens show --raw writes every byte]`,
    ...lines,
  ].join('\n');
}

/** Keeps text, newlines and tabs; drops escape sequences and other control characters. */
export function stripControls(text: string): string {
  return dropControlChars(stripEscapes(text).replace(/\r\n/g, '\n'));
}

/** Drops terminal escape sequences (CSI, OSC, DCS/PM/APC, charset and two-byte escapes); keeps control characters. */
export function stripEscapes(text: string): string {
  if (!text.includes('\x1b')) return text;
  /* eslint-disable no-control-regex -- escape sequences are what is removed */
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[P^_X][\s\S]*?(?:\x1b\\|$)/g, '') // DCS, PM, APC, SOS strings
    .replace(/\x1b[()*+\-./][ -~]/g, '') // charset designations (ESC ( B)
    .replace(/\x1b[ -~]/g, ''); // two-byte escapes: ESC = / ESC > keypad modes, ESC 7 / ESC 8, ...
  /* eslint-enable no-control-regex */
}

/** Drops control characters other than newline and tab. */
export function dropControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
