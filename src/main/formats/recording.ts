import type { ProgramType, TerminalInfo } from '../../shared/model';
import { integerProblem, isTerminalSize, MAX_EXIT_STATUS, MIN_EXIT_STATUS } from './limits';

/**
 * What every reader produces, whatever the input format: sessions, the programs run in
 * them, and each program's timed event stream. Times: microseconds since the epoch for
 * facts, microseconds since the program started for events.
 */
/**
 * Sources state when a program started to the second (a capture, a cast, an RFC 3339 export) or
 * to the nanosecond (a nanosecond export): two statements less than this apart are the same
 * start, and the same clock for the program's event times.
 */
export const SAME_START_US = 1_000_000;

export interface SessionFacts {
  cfSessionId?: string | null;
  accountId?: string | null;
  userEmail?: string | null;
  userId?: string | null;
  username?: string | null;
  targetId?: string | null;
  clientAddress?: string | null;
  serverAddress?: string | null;
  startedAtUs?: number | null;
  finishedAtUs?: number | null;
  error?: string | null;
}

export interface ExitFacts {
  status: number | null;
  signal: string | null;
  coreDumped: boolean | null;
  error: string | null;
}

export interface ProgramFacts {
  cfProgramId?: string | null;
  type: ProgramType;
  command?: string | null;
  startedAtUs: number | null;
  finishedAtUs?: number | null;
  /** The recording says the program had not finished when it was exported. */
  incomplete?: boolean;
  terminal?: TerminalInfo | null;
  exit?: ExitFacts | null;
}

/** input: what the user's side sent; output: what the server sent (code 1 = stderr). */
export type EventKind = 'input' | 'output' | 'resize' | 'marker' | 'exit';
export const EVENT_KINDS: readonly EventKind[] = ['input', 'output', 'resize', 'marker', 'exit'];

export interface TerminalEvent {
  atUs: number;
  kind: EventKind;
  code: number;
  data: Uint8Array;
}

/**
 * Largest event data stored as one event. A recorder may hand over one packet of up to 64 MiB
 * (limits.ts); stored and replayed whole, every copy of it downstream (chunk, compression, SQLite
 * blob, terminal) is that size, and one capture of such packets took 770 MB to import. A longer
 * event is stored as consecutive events at the same time: the bytes, their order and their times
 * are the recording's; only where one read of the pty ended is not kept, and ptys cut reads anywhere.
 */
export const MAX_STORED_EVENT_BYTES = 64 * 1024;

/** The events, with any longer than MAX_STORED_EVENT_BYTES cut into consecutive ones (views, not copies). */
export function boundedEvents(events: TerminalEvent[]): TerminalEvent[] {
  if (!events.some((ev) => ev.data.length > MAX_STORED_EVENT_BYTES)) return events;
  const out: TerminalEvent[] = [];
  for (const ev of events) {
    if (ev.data.length <= MAX_STORED_EVENT_BYTES) {
      out.push(ev);
      continue;
    }
    for (let at = 0; at < ev.data.length; at += MAX_STORED_EVENT_BYTES) {
      out.push({ ...ev, data: ev.data.subarray(at, at + MAX_STORED_EVENT_BYTES) });
    }
  }
  return out;
}

/** Where readers put what they find; the store implements it inside one transaction. */
export interface RecordingSink {
  /** Declares a program (and its session) under a reader-chosen ref; repeated calls merge facts. */
  program(ref: string, session: SessionFacts, program: ProgramFacts): void;
  /** Events of a recording read in order from its start (a capture, a cast, a ZIP). */
  events(ref: string, events: TerminalEvent[]): void;
  /**
   * One self-contained part of a program's recording, as Logpush sends a running program in
   * several records. Times count from the program start; parts may overlap, repeat or arrive out
   * of order: where the program holds that time already, the part adds no events. `continues`:
   * this part follows the previous one of the same record (a record too long for one part), so
   * together they cover the time between them, where the record holds no event.
   */
  piece(ref: string, events: TerminalEvent[], continues?: boolean): void;
  /** False when a record with this digest was already stored for the program (Logpush re-sends). */
  claimRecord(ref: string, digest: string): boolean;
}

export function textEvent(atUs: number, kind: EventKind, text: string, code = 0): TerminalEvent {
  return { atUs, kind, code, data: new TextEncoder().encode(text) };
}

/**
 * The size a resize event records ("COLSxROWS"), or null when its data is not one, or not a size
 * sshlens replays (limits.ts): readers refuse those, and one already in an older case is ignored.
 */
export function resizeOf(ev: TerminalEvent): { cols: number; rows: number } | null {
  if (ev.data.length > 16) return null;
  const m = /^(\d+)x(\d+)$/.exec(new TextDecoder().decode(ev.data));
  if (!m) return null;
  const size = { cols: Number(m[1]), rows: Number(m[2]) };
  return isTerminalSize(size.cols, size.rows) ? size : null;
}

/** The status an exit event records, or null when its data is no integer an exit status can be. */
export function exitStatusOf(ev: TerminalEvent): number | null {
  if (ev.data.length > 16) return null;
  const n = Number(new TextDecoder().decode(ev.data));
  return integerProblem(n, MIN_EXIT_STATUS, MAX_EXIT_STATUS) === null ? n : null;
}
