import type { ProgramDetail, SessionSummary } from '../../shared/model';
import { resizeOf, type TerminalEvent } from '../formats/recording';
import { safeJson } from '../../shared/control-chars';

/** Used when a program had no terminal (an exec without a pty): asciinema needs some size. */
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

export interface AsciicastExportOptions {
  /**
   * Include what the user's side typed ("i" events). Off by default: input holds what was
   * typed at echo-off prompts (passwords, passphrases), which the case never shows as text.
   */
  includeInput: boolean;
}

/** What an export wrote, for the one-line summary. */
export interface AsciicastCounts {
  events: number;
  outputEvents: number;
  inputEvents: number;
  resizeEvents: number;
}

export interface AsciicastV2Header {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  env: { TERM?: string };
  title: string;
}

/** The header of a program's asciicast v2: its terminal size and start, and who ran it where. */
export function asciicastHeader(program: ProgramDetail, session: SessionSummary | null): AsciicastV2Header {
  const startMs = program.start === null ? null : Date.parse(program.start);
  const user = session?.username ?? session?.userEmail ?? 'unknown';
  const target = session?.targetId ?? 'unknown';
  return {
    version: 2,
    width: program.terminal?.cols ?? DEFAULT_COLS,
    height: program.terminal?.rows ?? DEFAULT_ROWS,
    ...(startMs === null || Number.isNaN(startMs) ? {} : { timestamp: Math.floor(startMs / 1000) }),
    env: program.terminal?.term ? { TERM: program.terminal.term } : {},
    title: `sshlens ${program.id} ${user}@${target}`,
  };
}

/**
 * The lines of an asciicast v2 document (without newlines): the header, then one event per
 * line. Lazy, so a multi-GB program streams. Each stream is decoded as one UTF-8 stream, so a
 * character split across two recorded packets survives; an event that holds only the start
 * of a character is carried into the next one of its stream.
 */
export function* asciicastLines(
  header: AsciicastV2Header,
  events: Iterable<TerminalEvent>,
  options: AsciicastExportOptions,
  counts: AsciicastCounts = { events: 0, outputEvents: 0, inputEvents: 0, resizeEvents: 0 },
): Generator<string> {
  yield safeJson(header);
  // ignoreBOM: a recorded byte-order mark is evidence too, not a hint to drop it.
  const output = new TextDecoder('utf-8', { ignoreBOM: true });
  const input = new TextDecoder('utf-8', { ignoreBOM: true });
  let lastOutputUs = 0;
  let lastInputUs = 0;
  let lastUs = 0;
  const line = (atUs: number, code: 'o' | 'i' | 'r' | 'm', data: string): string => {
    counts.events += 1;
    // The parser rejects negative or decreasing times; stored events are in time order already.
    lastUs = Math.max(lastUs, atUs);
    return `[${(lastUs / 1e6).toFixed(6)}, ${JSON.stringify(code)}, ${safeJson(data)}]`;
  };
  for (const ev of events) {
    if (ev.kind === 'output') {
      const text = output.decode(ev.data, { stream: true });
      lastOutputUs = ev.atUs;
      if (text === '') continue;
      counts.outputEvents += 1;
      yield line(ev.atUs, 'o', text);
    } else if (ev.kind === 'input' && options.includeInput) {
      const text = input.decode(ev.data, { stream: true });
      lastInputUs = ev.atUs;
      if (text === '') continue;
      counts.inputEvents += 1;
      yield line(ev.atUs, 'i', text);
    } else if (ev.kind === 'resize') {
      const size = resizeOf(ev);
      if (size === null) continue;
      counts.resizeEvents += 1;
      yield line(ev.atUs, 'r', `${size.cols}x${size.rows}`);
    } else if (ev.kind === 'marker') {
      yield line(ev.atUs, 'm', new TextDecoder().decode(ev.data));
    }
    // Exit events have no asciicast v2 code: the exit status is in the case, not the replay.
  }
  // A stream that ended inside a character: its bytes become U+FFFD, as a player would show.
  const outputTail = output.decode();
  if (outputTail !== '') {
    counts.outputEvents += 1;
    yield line(lastOutputUs, 'o', outputTail);
  }
  const inputTail = options.includeInput ? input.decode() : '';
  if (inputTail !== '') {
    counts.inputEvents += 1;
    yield line(lastInputUs, 'i', inputTail);
  }
}
