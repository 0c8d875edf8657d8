import type { InputPlace } from '../../../shared/model';
import { InputError } from '../input-error';
import {
  epochUsProblem,
  eventUsProblem,
  integerProblem,
  MAX_EXIT_STATUS,
  MAX_LONG_TEXT,
  MAX_SHORT_TEXT,
  MAX_TERMINAL_COLS,
  MAX_TERMINAL_ROWS,
  MIN_EXIT_STATUS,
  textProblem,
} from '../limits';

/**
 * ssh-log-cli's term_data.txt wraps the server output in two lines it writes itself:
 *   Session started on 2026-11-21 17:20:16+00 [TERM="xterm-256color" COLUMNS="80" LINES="24"]
 *   ...output...
 *   \nScript done on 2026-11-21 17:20:43+00 [COMMAND_EXIT_CODE="0"]   (or [ERROR="..."], [CORE DUMPED])
 * They are metadata, never session output.
 */
export interface TermDataHeader {
  startedAtUs: number;
  term: string | null;
  cols: number | null;
  rows: number | null;
  /** Bytes of the header line including its newline. */
  bytes: number;
}

export interface TermDataTrailer {
  finishedAtUs: number | null;
  exitStatus: number | null;
  error: string | null;
  coreDumped: boolean;
}

const HEADER = /^Session started on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})([+-]\d{2}(?::?\d{2})?)?(?: \[(.*)\])?$/;
const TRAILER = /^Script done on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})([+-]\d{2}(?::?\d{2})?)?(?: \[(.*)\])?$/;

export function parseTermDataHeader(firstBytes: Uint8Array): TermDataHeader {
  const nl = firstBytes.indexOf(10);
  if (nl < 0)
    throw new InputError('ZIP_INVALID', 'term_data.txt has no "Session started on" line', {
      entry: 'term_data.txt',
      line: 1,
    });
  const line = Buffer.from(firstBytes.subarray(0, nl)).toString('utf8').replace(/\r$/, '');
  const m = HEADER.exec(line);
  if (!m)
    throw new InputError('ZIP_INVALID', 'term_data.txt does not start with "Session started on ..."', {
      entry: 'term_data.txt',
      line: 1,
    });
  const attrs = parseAttributes(m[3] ?? '');
  const place = { entry: 'term_data.txt', line: 1 };
  const size = (name: 'COLUMNS' | 'LINES', max: number): number | null => {
    const text = attrs.get(name);
    if (text === undefined || !/^\d+$/.test(text)) return null; // absent or not a number: the usual default
    const problem = integerProblem(Number(text), 1, max);
    if (problem !== null) throw new InputError('OUT_OF_RANGE', `term_data.txt header field ${name} ${problem}`, place);
    return Number(text);
  };
  const term = attrs.get('TERM') ?? null;
  if (term !== null && term.length > MAX_SHORT_TEXT)
    throw new InputError('OUT_OF_RANGE', `term_data.txt header field TERM ${textProblem(term, MAX_SHORT_TEXT)}`, place);
  return {
    startedAtUs: toUs(m[1]!, m[2], 'start time', place),
    term,
    cols: size('COLUMNS', MAX_TERMINAL_COLS),
    rows: size('LINES', MAX_TERMINAL_ROWS),
    bytes: nl + 1,
  };
}

/**
 * Finds the trailer in the last bytes of term_data.txt. Returns where the session output ends
 * (relative to `tail`) and what the trailer says; null when there is no trailer.
 */
export function parseTermDataTrailer(tail: Uint8Array): { outputEnd: number; trailer: TermDataTrailer } | null {
  const text = Buffer.from(tail).toString('latin1');
  const at = text.lastIndexOf('\nScript done on ');
  if (at < 0) return null;
  const line = Buffer.from(tail.subarray(at + 1))
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const m = TRAILER.exec(line);
  if (!m) return null;
  const attrs = parseAttributes(m[3] ?? '');
  const code = attrs.get('COMMAND_EXIT_CODE');
  const place = { entry: 'term_data.txt' };
  const status = code !== undefined && /^-?\d+$/.test(code) ? Number(code) : null;
  if (status !== null && integerProblem(status, MIN_EXIT_STATUS, MAX_EXIT_STATUS) !== null)
    throw new InputError(
      'OUT_OF_RANGE',
      `term_data.txt "Script done" field COMMAND_EXIT_CODE ${integerProblem(status, MIN_EXIT_STATUS, MAX_EXIT_STATUS)}`,
      place,
    );
  const error = attrs.get('ERROR') ?? null;
  if (error !== null && error.length > MAX_LONG_TEXT)
    throw new InputError(
      'OUT_OF_RANGE',
      `term_data.txt "Script done" field ERROR ${textProblem(error, MAX_LONG_TEXT)}`,
      place,
    );
  return {
    outputEnd: at,
    trailer: {
      finishedAtUs: toUs(m[1]!, m[2], 'end time', place),
      exitStatus: status,
      error,
      coreDumped: (m[3] ?? '').includes('CORE DUMPED'),
    },
  };
}

/** term_times.txt: one `<delay seconds> <byte count>` line per server packet (scriptreplay). */
export function parseTermTimesLine(text: string, line: number): { delayUs: number; bytes: number } | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?)\s+(\d+)$/.exec(t);
  const place = { entry: 'term_times.txt', line };
  if (!m) throw new InputError('ZIP_INVALID', 'term_times.txt line is not "<seconds> <bytes>"', place);
  const delayUs = Math.round(Number(m[1]) * 1e6);
  const delayProblem = eventUsProblem(delayUs);
  if (delayProblem !== null)
    throw new InputError('OUT_OF_RANGE', `term_times.txt delay ${m[1]!.slice(0, 40)} s ${delayProblem}`, place);
  const bytes = Number(m[2]);
  if (!Number.isSafeInteger(bytes))
    throw new InputError('OUT_OF_RANGE', `term_times.txt byte count ${m[2]!.slice(0, 40)} is out of range`, place);
  return { delayUs, bytes };
}

/**
 * The NAME="value" pairs of a header or trailer line, in one pass. The pattern this replaces,
 * /([A-Z_]+)="((?:[^"\\]|\\.)*)"/g, retried from every letter of a run of capitals with no `="`
 * after it: quadratic, 6 s for the 64 KiB a header line can hold. The same pairs are found: the
 * longest name before `="`, a value up to the first unescaped quote; a value that never closes
 * ends the search (no later `="` could start a pair: its quote would have closed this value).
 */
export function parseAttributes(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const isName = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || c === 0x5f; // A-Z, _
  let i = 0;
  while (i < s.length) {
    if (!isName(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && isName(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 0x3d || s.charCodeAt(i + 1) !== 0x22) continue; // not followed by ="
    let j = i + 2;
    while (j < s.length && s.charCodeAt(j) !== 0x22) j += s.charCodeAt(j) === 0x5c ? 2 : 1;
    if (j >= s.length) break; // no closing quote
    out.set(s.slice(start, i), s.slice(i + 2, j));
    i = j + 1;
  }
  return out;
}

function toUs(datetime: string, zone: string | undefined, what: string, place: InputPlace): number {
  let z = zone ?? '+00';
  if (z.length === 3) z += ':00';
  else if (z.length === 5) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  const us = Date.parse(`${datetime.replace(' ', 'T')}${z}`) * 1000;
  const problem = Number.isNaN(us) ? 'is not a valid date' : epochUsProblem(us);
  if (problem !== null)
    throw new InputError('OUT_OF_RANGE', `term_data.txt ${what} "${datetime}${zone ?? ''}" ${problem}`, place);
  return us;
}
