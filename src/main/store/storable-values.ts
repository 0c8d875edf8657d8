import { PROGRAM_TYPES } from '../../shared/model';
import { InputError } from '../formats/input-error';
import {
  integerProblem,
  isStoredEpochUs,
  isTerminalSize,
  MAX_EVENT_DATA_BYTES,
  MAX_EVENT_US,
  MAX_EXIT_STATUS,
  MAX_LONG_TEXT,
  MAX_SHORT_TEXT,
  MAX_STORED_EPOCH_US,
  MAX_TERMINAL_COLS,
  MAX_TERMINAL_MODES,
  MAX_TERMINAL_ROWS,
  MIN_EXIT_STATUS,
  shown,
} from '../formats/limits';
import type { ProgramFacts, SessionFacts, TerminalEvent } from '../formats/recording';

/**
 * The last check before a value enters the case: a case must never hold a value it cannot read
 * back (a datetime Date cannot show, a terminal xterm cannot allocate, a time the chunk codec
 * cannot encode exactly). Readers refuse such values with the place they found them; this refuses
 * whatever slips past a reader, naming the column, so the file's transaction rolls back. Pure: the
 * recording writer calls it before each write.
 */
export function checkStorableFacts(session: SessionFacts, program: ProgramFacts): void {
  epoch('sessions.started_at_us', session.startedAtUs);
  epoch('sessions.finished_at_us', session.finishedAtUs);
  for (const [column, value] of [
    ['sessions.cf_session_id', session.cfSessionId],
    ['sessions.account_id', session.accountId],
    ['sessions.user_email', session.userEmail],
    ['sessions.user_id', session.userId],
    ['sessions.username', session.username],
    ['sessions.target_id', session.targetId],
    ['sessions.client_address', session.clientAddress],
    ['sessions.server_address', session.serverAddress],
    ['programs.cf_program_id', program.cfProgramId],
    ['programs.term_type', program.terminal?.term],
    ['programs.exit_signal', program.exit?.signal],
  ] as const)
    text(column, value, MAX_SHORT_TEXT);
  text('sessions.error', session.error, MAX_LONG_TEXT);
  text('programs.command', program.command, MAX_LONG_TEXT);
  text('programs.exit_error', program.exit?.error, MAX_LONG_TEXT);
  if (!PROGRAM_TYPES.includes(program.type))
    refuse('programs.type', program.type, `one of ${PROGRAM_TYPES.join(', ')}`);
  epoch('programs.started_at_us', program.startedAtUs);
  epoch('programs.finished_at_us', program.finishedAtUs);
  const t = program.terminal;
  if (t) {
    if (!isTerminalSize(t.cols, t.rows))
      refuse(
        'programs.term_cols/term_rows',
        `${shown(t.cols)}x${shown(t.rows)}`,
        `1..${MAX_TERMINAL_COLS}x1..${MAX_TERMINAL_ROWS}`,
      );
    if (t.modes.length > MAX_TERMINAL_MODES)
      refuse('programs.term_modes', `${t.modes.length} entries`, `at most ${MAX_TERMINAL_MODES}`);
    for (const [name, value] of t.modes)
      if (typeof name !== 'string' || name.length > 64 || !Number.isFinite(value))
        refuse('programs.term_modes', `[${shown(name)}, ${shown(value)}]`, 'a mode name and a number');
  }
  const status = program.exit?.status;
  if (status !== null && status !== undefined && integerProblem(status, MIN_EXIT_STATUS, MAX_EXIT_STATUS) !== null)
    refuse('programs.exit_status', status, `a whole number in ${MIN_EXIT_STATUS}..${MAX_EXIT_STATUS}`);
}

/** Each event's time, code and size, before it is encoded into a chunk. */
export function checkStorableEvents(events: readonly TerminalEvent[]): void {
  for (const ev of events) {
    if (!Number.isSafeInteger(ev.atUs) || Math.abs(ev.atUs) > MAX_EVENT_US)
      refuse('event_chunks (event time)', ev.atUs, 'a whole number of µs within 50 years of the program start');
    if (!Number.isSafeInteger(ev.code) || ev.code < 0 || ev.code > 0xffffffff)
      refuse('event_chunks (event code)', ev.code, 'a u32');
    if (ev.data.length > MAX_EVENT_DATA_BYTES)
      refuse('event_chunks (event data)', `${ev.data.length} bytes`, `at most ${MAX_EVENT_DATA_BYTES} bytes`);
  }
}

function epoch(column: string, us: number | null | undefined): void {
  if (us !== null && us !== undefined && !isStoredEpochUs(us))
    refuse(column, us, `whole µs between 1970 and ${new Date(MAX_STORED_EPOCH_US / 1000).toISOString().slice(0, 10)}`);
}

function text(column: string, value: string | null | undefined, max: number): void {
  if (typeof value === 'string' && value.length > max) refuse(column, `${value.length} characters`, `at most ${max}`);
}

function refuse(column: string, value: unknown, expected: string): never {
  throw new InputError(
    'OUT_OF_RANGE',
    `refused to store ${column} = ${typeof value === 'string' ? value : shown(value)} (expected ${expected}): the case could not read it back`,
    {},
  );
}
