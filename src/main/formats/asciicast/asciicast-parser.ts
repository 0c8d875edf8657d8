import { InputError } from '../input-error';
import {
  epochUsProblem,
  eventUsProblem,
  integerProblem,
  MAX_LONG_TEXT,
  MAX_SHORT_TEXT,
  MAX_TERMINAL_COLS,
  MAX_TERMINAL_ROWS,
  shown,
  terminalSizeProblem,
  textProblem,
} from '../limits';
import { textEvent, type EventKind, type TerminalEvent } from '../recording';

export interface AsciicastHeader {
  version: 2 | 3;
  cols: number;
  rows: number;
  /** Unix seconds, when the header has it. */
  timestamp: number | null;
  command: string | null;
  title: string | null;
  term: string | null;
  shell: string | null;
}

/** Parses the header line (line 1) of an asciicast v2 or v3 file. */
export function parseAsciicastHeader(value: unknown, line: number): AsciicastHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('ASCIICAST_INVALID', 'the asciicast header is not a JSON object', { line });
  }
  const h = value as Record<string, unknown>;
  const version = h['version'];
  if (version !== 2 && version !== 3) {
    throw new InputError(
      'ASCIICAST_INVALID',
      version === undefined
        ? 'the asciicast header has no version (2 or 3)'
        : `asciicast version ${shown(version)} is not supported (2 or 3)`,
      {
        line,
      },
    );
  }
  const env = isObject(h['env']) ? h['env'] : {};
  const common = {
    timestamp: timestamp(h['timestamp'], line),
    command: str(h['command'], 'command', MAX_LONG_TEXT, line),
    title: str(h['title'], 'title', MAX_SHORT_TEXT, line),
    shell: str(env['SHELL'], 'env.SHELL', MAX_SHORT_TEXT, line),
  };
  if (version === 2) {
    return {
      version,
      cols: ranged(h['width'], 'width', MAX_TERMINAL_COLS, line),
      rows: ranged(h['height'], 'height', MAX_TERMINAL_ROWS, line),
      ...common,
      term: str(env['TERM'], 'env.TERM', MAX_SHORT_TEXT, line),
    };
  }
  const term = isObject(h['term']) ? h['term'] : {};
  return {
    version,
    cols: ranged(term['cols'], 'term.cols', MAX_TERMINAL_COLS, line),
    rows: ranged(term['rows'], 'term.rows', MAX_TERMINAL_ROWS, line),
    ...common,
    term: str(term['type'], 'term.type', MAX_SHORT_TEXT, line) ?? str(env['TERM'], 'env.TERM', MAX_SHORT_TEXT, line),
  };
}

/**
 * Turns asciicast event lines into terminal events. v2 times are seconds since the start,
 * v3 times are intervals since the previous event; both become microseconds since the start.
 */
export class AsciicastEventParser {
  private clockUs = 0;
  unknownCodes = 0;

  constructor(readonly version: 2 | 3) {}

  /** One parsed JSON event line; returns null for codes sshlens does not use. */
  event(value: unknown, line: number): TerminalEvent | null {
    if (!Array.isArray(value) || value.length < 3) {
      throw new InputError('ASCIICAST_INVALID', 'an event must be [time, code, data]', { line });
    }
    const [time, code, data] = value as [unknown, unknown, unknown];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      throw new InputError('ASCIICAST_INVALID', `event time ${shown(time)} is not a non-negative number`, { line });
    }
    if (typeof code !== 'string' || typeof data !== 'string') {
      throw new InputError('ASCIICAST_INVALID', 'event code and data must be strings', { line });
    }
    this.advance(time, line);
    switch (code) {
      case 'o':
        return textEvent(this.clockUs, 'output', data);
      case 'i':
        return textEvent(this.clockUs, 'input', data);
      case 'r': {
        const m = /^(\d+)x(\d+)$/.exec(data);
        if (!m) throw new InputError('ASCIICAST_INVALID', `resize ${shown(data)} is not COLSxROWS`, { line });
        const size = terminalSizeProblem(Number(m[1]), Number(m[2]));
        if (size !== null)
          throw new InputError('OUT_OF_RANGE', `resize ${shown(data)}: ${size.field} ${size.problem}`, { line });
        return textEvent(this.clockUs, 'resize', data);
      }
      case 'm':
        return textEvent(this.clockUs, 'marker', data);
      case 'x':
        return textEvent(this.clockUs, 'exit', data);
      default:
        this.unknownCodes += 1;
        return null;
    }
  }

  /**
   * The time and kind of an event whose data is read as a stream (a line of many MB:
   * formats/asciicast/event-line-stream.ts), checked and counted as event() does; kind null for a
   * code sshlens does not use (its data is read and dropped).
   */
  streamed(time: number, code: string, line: number): { atUs: number; kind: EventKind | null } {
    if (!Number.isFinite(time) || time < 0) {
      throw new InputError('ASCIICAST_INVALID', `event time ${shown(time)} is not a non-negative number`, { line });
    }
    this.advance(time, line);
    const kind = STREAMED_KINDS[code] ?? null;
    if (kind === null) this.unknownCodes += 1;
    return { atUs: this.clockUs, kind };
  }

  /** Moves the clock to an event's time (v2: since the start; v3: since the previous event). */
  private advance(time: number, line: number): void {
    const us = Math.round(time * 1e6);
    const clockUs = this.version === 2 ? us : this.clockUs + us;
    const problem = eventUsProblem(clockUs);
    if (problem !== null) {
      const what =
        this.version === 2
          ? `event time ${shown(time)} s`
          : `event time (the sum of the intervals, ${clockUs / 1e6} s)`;
      throw new InputError('OUT_OF_RANGE', `${what} ${problem}`, { line });
    }
    this.clockUs = clockUs;
  }
}

/** The kind of each code event() reads. */
const STREAMED_KINDS: Partial<Record<string, EventKind>> = {
  o: 'output',
  i: 'input',
  r: 'resize',
  m: 'marker',
  x: 'exit',
};

/** Parses one line of JSON, naming the line on failure. */
export function parseJsonLine(
  text: string,
  line: number,
  code: 'ASCIICAST_INVALID' | 'JSON_INVALID' = 'JSON_INVALID',
): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : 'invalid JSON';
    throw new InputError(code, `line is not valid JSON (${why})`, { line });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, field: string, max: number, line: number): string | null {
  if (typeof v !== 'string') return null;
  const problem = textProblem(v, max);
  if (problem !== null) throw new InputError('OUT_OF_RANGE', `asciicast header field ${field} ${problem}`, { line });
  return v;
}

/** A terminal size: required, a whole number from 1 to the limit. */
function ranged(v: unknown, field: string, max: number, line: number): number {
  const problem = integerProblem(v, 1, max);
  if (problem !== null) {
    const code = typeof v === 'number' && Number.isInteger(v) && v > 0 ? 'OUT_OF_RANGE' : 'ASCIICAST_INVALID';
    throw new InputError(code, `asciicast header field ${field} ${problem}`, { line });
  }
  return v as number;
}

/** Unix seconds, when the header has them; a stated time must be a datetime sshlens keeps. */
function timestamp(v: unknown, line: number): number | null {
  if (typeof v !== 'number') return null; // absent, or not what the format defines: the start is unknown
  const problem = epochUsProblem(Math.round(v * 1e6));
  if (problem !== null)
    throw new InputError('OUT_OF_RANGE', `asciicast header field timestamp ${shown(v)} ${problem}`, { line });
  return v;
}
