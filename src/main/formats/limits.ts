/**
 * Every bound sshlens puts on what an input file may declare, in one place. Recordings and every
 * unencrypted field around them (capture metadata, Logpush fields, asciicast headers, the official
 * ZIP's text) are written by whoever controlled the server or the file: a size, time or count taken
 * on trust can exhaust memory (a 100000x100000 terminal), hang the import (an event at 1e308 s) or
 * store a value the case cannot read back (a datetime in the year 10^19). Readers check each value
 * where they read it and refuse the file (or, for Logpush, the line) with an InputError naming the
 * file, the place and the field; the store checks again before writing (store/storable-values.ts).
 *
 * | limit                        | value             | why                                                      |
 * | ---------------------------- | ----------------- | -------------------------------------------------------- |
 * | terminal columns             | 1..1000           | xterm.js allocates 12 bytes a cell for screen and        |
 * | terminal rows                | 1..1000           | scrollback: 1000x1000 is ~24 MB a terminal; real screens |
 * |                              |                   | (8K, small font) stay under ~1000 columns, ~300 rows     |
 * | event time since the start   | ±50 years (µs)    | no recording lasts longer; the stored delta between two  |
 * |                              |                   | events (zigzag varint) stays an exact integer < 2^53     |
 * | datetimes (starts, ends)     | 1970..2150 (UTC)  | Unix time; start + event time stays below 2^53 µs        |
 * | exit status                  | -2^31..2^32-1     | what an int32 or u32 status can be                       |
 * | one line (Logpush, asciicast)| 64 MiB            | a Logpush record carries a whole Payload; 32 MiB lines   |
 * |                              |                   | are read, a longer one is refused by number              |
 * | asciicast line read whole    | 8 MiB             | a header (its command is at most 1 MiB of characters,    |
 * | (header, odd start)          |                   | up to 6 bytes each in JSON); event lines are streamed    |
 * |                              |                   | (formats/asciicast/asciicast-lines.ts), comments skipped |
 * | one term_times.txt line      | 1 KiB             | "<seconds> <bytes>"                                      |
 * | Logpush record nesting       | 64 levels         | records are flat; PTY nests two levels; a record is read |
 * |                              |                   | as a stream (formats/logpush/record-stream.ts)           |
 * | Logpush fields but Payload   | 1 MiB each        | the Payload is streamed, never held as one string        |
 * | short text fields            | 4096 characters   | ids, emails, addresses, terminal type, signal            |
 * | command, error text          | 1 MiB             | an exec command line or an error message                 |
 * | terminal modes               | 1024 entries      | SSH defines ~60                                          |
 * | capture metadata             | 1 MiB (base64)    | its JSON has five fields                                 |
 * | capture block, packet        | 64 MiB each       | the recorder writes a block per flush (KiBs); a block's  |
 * |                              |                   | plaintext is held once until its tag verifies; a packet  |
 * |                              |                   | goes on in 64 KiB parts (whole in a partial import)      |
 * | one event's data             | 64 MiB            | the largest packet; readers cut other data smaller       |
 * | decompressed size (gzip, ZIP)| 200x the file,    | JSON and stored ZIPs expand a few times; a bomb expands  |
 * |                              | at least 64 MiB,  | 1000x: refused as soon as it passes the bound            |
 * |                              | at most 16 GiB    |                                                          |
 * | ZIP entries                  | 1000              | the official ZIP holds two                               |
 * | events per stored chunk      | 4096 (64 KiB)     | store/event-chunk-codec.ts                               |
 * | Logpush Payload events at one| 65536             | a Payload is stored in pieces cut where time moves on    |
 * | time, or out of time order   |                   | (ingest/readers/logpush-payload.ts): a piece that cannot |
 * |                              |                   | be cut is held whole; real ones are in order, µs apart   |
 */

export const MAX_TERMINAL_COLS = 1000;
export const MAX_TERMINAL_ROWS = 1000;

const YEAR_US = 365.25 * 24 * 3600 * 1e6;
/** Largest time of an event from its program's start, in µs (50 years, either way). */
export const MAX_EVENT_US = 50 * YEAR_US;
/** Datetimes (session, program, exit) in µs since the epoch: from 1970 up to 2150-01-01. */
export const MIN_EPOCH_US = 0;
export const MAX_EPOCH_US = Date.UTC(2150, 0, 1) * 1000;

export const MIN_EXIT_STATUS = -(2 ** 31);
export const MAX_EXIT_STATUS = 2 ** 32 - 1;

export const MAX_LINE_BYTES = 64 * 1024 * 1024;
export const MAX_TERM_TIMES_LINE_BYTES = 1024;
export const MAX_WHOLE_LINE_BYTES = 8 * 1024 * 1024;

export const MAX_JSON_DEPTH = 64;

export const MAX_SHORT_TEXT = 4096;
export const MAX_LONG_TEXT = 1024 * 1024;
export const MAX_TERMINAL_MODES = 1024;

export const MAX_METADATA_BYTES = 1 << 20;
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
export const MAX_PACKET_BYTES = 64 * 1024 * 1024;
export const MAX_EVENT_DATA_BYTES = MAX_PACKET_BYTES;

export const MAX_EXPANSION_RATIO = 200;
export const MIN_EXPANSION_ALLOWANCE = 64 * 1024 * 1024;
export const MAX_EXPANDED_BYTES = 16 * 1024 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 1000;

/** Most events of one Logpush Payload at one instant (or in all, when out of order). */
export const MAX_PAYLOAD_EVENTS_AT_ONCE = 65536;
/** A Payload is given to the store in pieces of about this many events or bytes of data. */
export const PAYLOAD_PIECE_EVENTS = 16384;
export const PAYLOAD_PIECE_BYTES = 4 * 1024 * 1024;

/** How many bytes a compressed input of `compressedBytes` may expand to before it is refused. */
export function expansionAllowance(compressedBytes: number): number {
  return Math.min(MAX_EXPANDED_BYTES, Math.max(MIN_EXPANSION_ALLOWANCE, compressedBytes * MAX_EXPANSION_RATIO));
}

/** A value for a message: short, never the whole of a hostile string. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

/** Why `value` is not a whole number in min..max, or null when it is one. */
export function integerProblem(value: unknown, min: number, max: number): string | null {
  if (value === undefined) return 'is missing';
  if (typeof value !== 'number' || Number.isNaN(value)) return `${shown(value)} is not a whole number`;
  if (!(value >= min && value <= max)) return `${shown(value)} is out of range (${min}..${max})`;
  if (!Number.isInteger(value)) return `${shown(value)} is not a whole number`;
  return null;
}

/** Why a terminal size is not one sshlens replays, or null. */
export function terminalSizeProblem(cols: unknown, rows: unknown): { field: 'cols' | 'rows'; problem: string } | null {
  const c = integerProblem(cols, 1, MAX_TERMINAL_COLS);
  if (c !== null) return { field: 'cols', problem: c };
  const r = integerProblem(rows, 1, MAX_TERMINAL_ROWS);
  return r === null ? null : { field: 'rows', problem: r };
}

/** Whether a size is one sshlens replays (for values read back from a case). */
export function isTerminalSize(cols: unknown, rows: unknown): boolean {
  return terminalSizeProblem(cols, rows) === null;
}

/** Why µs since the epoch is not a datetime sshlens reads ("is out of range (...)"), or null. */
export function epochUsProblem(us: number): string | null {
  if (Number.isNaN(us)) return 'is not a time';
  if (us < MIN_EPOCH_US || us >= MAX_EPOCH_US) return 'is out of range (1970-01-01..2150-01-01)';
  return null;
}

/**
 * The largest datetime a case holds: a start read from a file (at most MAX_EPOCH_US) plus the time
 * of its last event (at most MAX_EVENT_US); still below 2^53 µs, so every value is exact.
 */
export const MAX_STORED_EPOCH_US = MAX_EPOCH_US + MAX_EVENT_US;

/** Whether µs since the epoch is a datetime a case may hold (checked on write, and on reading it back). */
export function isStoredEpochUs(us: unknown): us is number {
  return typeof us === 'number' && Number.isSafeInteger(us) && us >= MIN_EPOCH_US && us <= MAX_STORED_EPOCH_US;
}

/** Why a time from the program start (µs) is not one sshlens keeps ("is out of range (...)"), or null. */
export function eventUsProblem(us: number): string | null {
  if (Number.isNaN(us)) return 'is not a time';
  if (Math.abs(us) > MAX_EVENT_US) return 'is out of range (at most 50 years from the start)';
  return null;
}

/** Why a string is longer than `max` characters, or null. */
export function textProblem(value: string, max: number): string | null {
  return value.length > max ? `is ${value.length} characters long (at most ${max})` : null;
}
