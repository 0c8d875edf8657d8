import { InputError } from '../input-error';
import { textEvent, type TerminalEvent } from '../recording';

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
    throw new InputError('ASCIICAST_INVALID', `asciicast version ${String(version)} is not supported (2 or 3)`, {
      line,
    });
  }
  const env = isObject(h['env']) ? h['env'] : {};
  if (version === 2) {
    return {
      version,
      cols: positive(h['width'], 'width', line),
      rows: positive(h['height'], 'height', line),
      timestamp: typeof h['timestamp'] === 'number' ? h['timestamp'] : null,
      command: str(h['command']),
      title: str(h['title']),
      term: str(env['TERM']),
      shell: str(env['SHELL']),
    };
  }
  const term = isObject(h['term']) ? h['term'] : {};
  return {
    version,
    cols: positive(term['cols'], 'term.cols', line),
    rows: positive(term['rows'], 'term.rows', line),
    timestamp: typeof h['timestamp'] === 'number' ? h['timestamp'] : null,
    command: str(h['command']),
    title: str(h['title']),
    term: str(term['type']) ?? str(env['TERM']),
    shell: str(env['SHELL']),
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
      throw new InputError('ASCIICAST_INVALID', 'event time is not a non-negative number', { line });
    }
    if (typeof code !== 'string' || typeof data !== 'string') {
      throw new InputError('ASCIICAST_INVALID', 'event code and data must be strings', { line });
    }
    const us = Math.round(time * 1e6);
    this.clockUs = this.version === 2 ? us : this.clockUs + us;
    switch (code) {
      case 'o':
        return textEvent(this.clockUs, 'output', data);
      case 'i':
        return textEvent(this.clockUs, 'input', data);
      case 'r':
        if (!/^\d+x\d+$/.test(data))
          throw new InputError('ASCIICAST_INVALID', `resize "${data.slice(0, 20)}" is not COLSxROWS`, { line });
        return textEvent(this.clockUs, 'resize', data);
      case 'm':
        return textEvent(this.clockUs, 'marker', data);
      case 'x':
        return textEvent(this.clockUs, 'exit', data);
      default:
        this.unknownCodes += 1;
        return null;
    }
  }
}

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

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function positive(v: unknown, field: string, line: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new InputError('ASCIICAST_INVALID', `header field ${field} must be a positive integer`, { line });
  }
  return v;
}
