import type { ProgramType, TerminalInfo } from '../../../shared/model';
import { PROGRAM_TYPES } from '../../../shared/model';
import { InputError } from '../input-error';
import {
  epochUsProblem,
  MAX_LONG_TEXT,
  MAX_SHORT_TEXT,
  MAX_TERMINAL_MODES,
  shown,
  terminalSizeProblem,
  textProblem,
} from '../limits';
import type { ProgramFacts, SessionFacts } from '../recording';
import { parseLogpushDatetime } from './logpush-datetime';

/** The ssh_logs dataset fields, in their canonical spelling. Jobs may select any subset. */
const FIELDS = [
  'AccountID',
  'ClientAddress',
  'Datetime',
  'Error',
  'PTY',
  'Payload',
  'ProgramFinishDatetime',
  'ProgramID',
  'ProgramStartDatetime',
  'ProgramType',
  'ServerAddress',
  'SessionFinishDatetime',
  'SessionID',
  'SessionStartDatetime',
  'TargetID',
  'UserEmail',
  'UserID',
  'Username',
] as const;
export type Field = (typeof FIELDS)[number];
const CANONICAL = new Map<string, Field>(FIELDS.map((f) => [f.toLowerCase(), f]));

/** The ssh_logs field a key names (field names are matched case-insensitively), or null. */
export function canonicalField(key: string): Field | null {
  return CANONICAL.get(key.toLowerCase()) ?? null;
}

/** The longest text a field may hold: Error and the opaque PTY and datetimes are long, the rest short. */
export function fieldTextLimit(field: Field): number {
  return field === 'Error' || field === 'PTY' || field === 'Payload' || field.endsWith('Datetime')
    ? MAX_LONG_TEXT
    : MAX_SHORT_TEXT;
}

export interface LogpushRecord {
  session: SessionFacts;
  program: ProgramFacts;
  /** Merging key: ProgramID when present, else the session and program start. */
  programKey: string | null;
  datetimeUs: number | null;
  payload: string | null;
}

/**
 * A bare integer after a *Datetime key, 16 to 40 digits. Every run the pattern repeats over is
 * bounded: an unbounded `\d{16,}` kept a backtracking entry per digit and failed with "Maximum
 * call stack size exceeded" on a 16 MiB run of digits (the line refused as "import failed"); a
 * longer value stays a bare number, refused as out of range.
 */
const BIG_DATETIME = /(?<!\\)("[A-Za-z]{0,64}datetime"\s{0,64}:\s{0,64})(-?\d{16,40})(?=\s{0,64}[,}])/gi;

/**
 * Integer datetimes in nanoseconds exceed 2^53: JSON.parse would round them. Quote every
 * bare integer that follows a *Datetime key (outside JSON strings: a key inside the Payload
 * string has its quotes escaped) so they reach us as exact decimal strings.
 */
export function parseLogpushLine(text: string, line: number): Record<string, unknown> {
  const safe = text.replace(BIG_DATETIME, '$1"$2"');
  let value: unknown;
  try {
    value = JSON.parse(safe);
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : 'invalid JSON';
    throw new InputError('JSON_INVALID', `not a valid JSON record (${why})`, { line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('LOGPUSH_INVALID', 'a Logpush record must be a JSON object', { line });
  }
  return value as Record<string, unknown>;
}

/** True when an object carries at least two ssh_logs fields (used for format detection). */
export function looksLikeLogpushRecord(obj: Record<string, unknown>): boolean {
  let hits = 0;
  for (const key of Object.keys(obj)) if (CANONICAL.has(key.toLowerCase())) hits += 1;
  return hits >= 2 && !('version' in obj);
}

export function normalizeLogpushRecord(raw: Record<string, unknown>, line: number): LogpushRecord {
  const f = new Map<Field, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    const canonical = CANONICAL.get(key.toLowerCase());
    if (canonical !== undefined) f.set(canonical, value);
  }
  const text = (name: Field): string | null => {
    const v = f.get(name);
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') {
      const problem = textProblem(v, fieldTextLimit(name));
      if (problem !== null) throw new InputError('OUT_OF_RANGE', `field ${name} ${problem}`, { line });
      return v === '' ? null : v;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new InputError('LOGPUSH_INVALID', `field ${name} has an unexpected type`, { line });
  };
  const time = (name: Field): number | null => {
    const raw = f.get(name);
    const v = parseLogpushDatetime(raw);
    if (v === undefined)
      throw new InputError('LOGPUSH_INVALID', `field ${name} ${shown(raw)} is not a datetime`, { line });
    const problem = v === null ? null : epochUsProblem(v);
    if (problem !== null)
      throw new InputError(
        'OUT_OF_RANGE',
        `field ${name} ${typeof raw === 'string' ? raw.slice(0, 40) : shown(raw)} ${problem}`,
        {
          line,
        },
      );
    return v;
  };

  const sessionId = text('SessionID');
  const programId = text('ProgramID');
  const programStart = time('ProgramStartDatetime');
  const programFinish = time('ProgramFinishDatetime');
  const type = programType(text('ProgramType'));
  const session: SessionFacts = {
    cfSessionId: sessionId,
    accountId: text('AccountID'),
    userEmail: text('UserEmail'),
    userId: text('UserID'),
    username: text('Username'),
    targetId: text('TargetID'),
    clientAddress: text('ClientAddress'),
    serverAddress: text('ServerAddress'),
    startedAtUs: time('SessionStartDatetime'),
    finishedAtUs: time('SessionFinishDatetime'),
    error: text('Error'),
  };
  const program: ProgramFacts = {
    cfProgramId: programId,
    type,
    startedAtUs: programStart,
    finishedAtUs: programFinish,
    // Only a record that names a program can say it is unfinished.
    incomplete: (programId !== null || programStart !== null) && programFinish === null,
    terminal: parsePty(f.get('PTY'), line),
  };
  const programKey = programId ?? (sessionId !== null && programStart !== null ? `${sessionId}@${programStart}` : null);
  const payload = f.get('Payload');
  if (payload !== undefined && payload !== null && typeof payload !== 'string') {
    throw new InputError('LOGPUSH_INVALID', 'field Payload must be a string', { line });
  }
  return { session, program, programKey, datetimeUs: time('Datetime'), payload: payload ? payload : null };
}

function programType(v: string | null): ProgramType {
  if (v === null) return 'unknown';
  const t = v.toLowerCase() as ProgramType;
  return PROGRAM_TYPES.includes(t) ? t : 'unknown';
}

/**
 * PTY is opaque JSON in a string; use it when it parses into the capture's shape. A size it states
 * must be one a terminal can have (limits.ts): the line is refused otherwise.
 */
function parsePty(v: unknown, line: number): TerminalInfo | null {
  let obj: unknown = v;
  if (typeof v === 'string') {
    if (v.trim() === '') return null;
    try {
      obj = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const p = obj as Record<string, unknown>;
  const cols = p['width'] ?? p['cols'];
  const rows = p['height'] ?? p['rows'];
  if (typeof cols !== 'number' || typeof rows !== 'number') return null;
  const size = terminalSizeProblem(cols, rows);
  if (size !== null)
    throw new InputError('OUT_OF_RANGE', `field PTY ${size.field === 'cols' ? 'width' : 'height'} ${size.problem}`, {
      line,
    });
  const modes: Array<[string, number]> = [];
  if (Array.isArray(p['modes'])) {
    if (p['modes'].length > MAX_TERMINAL_MODES)
      throw new InputError(
        'OUT_OF_RANGE',
        `field PTY modes has ${p['modes'].length} entries (at most ${MAX_TERMINAL_MODES})`,
        { line },
      );
    for (const m of p['modes'])
      if (Array.isArray(m) && typeof m[0] === 'string' && m[0].length <= 64 && typeof m[1] === 'number')
        modes.push([m[0], m[1]]);
  }
  const term = typeof p['term'] === 'string' && p['term'].length <= MAX_SHORT_TEXT ? p['term'] : null;
  return { term, cols, rows, modes };
}
