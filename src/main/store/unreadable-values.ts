import {
  integerProblem,
  isStoredEpochUs,
  isTerminalSize,
  MAX_EVENT_US,
  MAX_EXIT_STATUS,
  MAX_STORED_EPOCH_US,
  MAX_TERMINAL_COLS,
  MAX_TERMINAL_ROWS,
  MIN_EPOCH_US,
  MIN_EXIT_STATUS,
  shown,
} from '../formats/limits';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * Values an older sshlens let into a case that this one would refuse (store/storable-values.ts):
 * a datetime of 10^21 µs, a terminal 2^31 columns wide. Reading tolerates them (the value shows as
 * unknown and the row says why) so one bad row never fails a whole list; `sshlens reindex` clears
 * them (repairUnreadableValues), and the audit log keeps what each was.
 */
export interface UnreadableValue {
  table: 'sessions' | 'programs';
  row: number;
  column: string;
  /** The stored value, as text (it may be a REAL no JSON number can carry). */
  value: string;
  why: string;
}

type Row = Record<string, unknown>;

const TIME_WHY = 'is not a time a case can hold (1970..2250)';

/** What is wrong with one sessions row: its start and end. */
export function sessionRowProblems(row: Row): UnreadableValue[] {
  const out: UnreadableValue[] = [];
  for (const column of ['started_at_us', 'finished_at_us']) time(out, 'sessions', row, column);
  return out;
}

/** What is wrong with one programs row: times, terminal size and modes, exit status. */
export function programRowProblems(row: Row): UnreadableValue[] {
  const out: UnreadableValue[] = [];
  for (const column of ['started_at_us', 'finished_at_us']) time(out, 'programs', row, column);
  const last = row['last_event_us'];
  if (last !== null && last !== undefined && !(Number.isSafeInteger(last) && Math.abs(last as number) <= MAX_EVENT_US))
    out.push(problem('programs', row, 'last_event_us', 'is not a time within 50 years of the start'));
  const cols = row['term_cols'];
  const rows = row['term_rows'];
  if ((cols !== null || rows !== null) && !isTerminalSize(cols, rows)) {
    out.push({
      table: 'programs',
      row: row['id'] as number,
      column: 'term_cols, term_rows',
      value: `${shown(cols)}x${shown(rows)}`,
      why: 'is not a terminal size sshlens replays (1..1000 x 1..1000)',
    });
  }
  const modes = row['term_modes'];
  if (modes !== null && modes !== undefined && parseModes(modes) === null)
    out.push(problem('programs', row, 'term_modes', 'is not a list of terminal modes'));
  const status = row['exit_status'];
  if (status !== null && status !== undefined && integerProblem(status, MIN_EXIT_STATUS, MAX_EXIT_STATUS) !== null)
    out.push(problem('programs', row, 'exit_status', 'is not an exit status'));
  return out;
}

/** Terminal modes as stored (JSON), or null when the text is not such a list. */
export function parseModes(text: unknown): Array<[string, number]> | null {
  if (typeof text !== 'string') return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return null;
    return v.every((m) => Array.isArray(m) && typeof m[0] === 'string' && typeof m[1] === 'number')
      ? (v as Array<[string, number]>)
      : null;
  } catch {
    return null;
  }
}

/** One line for a person: "start: the stored value 1e+21 is not a time ... (shown as unknown; ...)". */
export function describeUnreadable(p: UnreadableValue): string {
  return `${p.column}: the stored value ${p.value} ${p.why} (shown as unknown; sshlens reindex clears it)`;
}

/** Every unreadable value in the case, in table and row order. */
export function findUnreadableValues(db: CaseDb): UnreadableValue[] {
  const out: UnreadableValue[] = [];
  // Only rows that can be wrong are looked at: a range test in SQL first, then the same rules as reading.
  const sessions = statement(
    db,
    // In id order: the repairs and their audit entries come in an order that no index choice changes.
    `SELECT id, started_at_us, finished_at_us FROM sessions WHERE ${outOfRange('started_at_us')} OR ${outOfRange('finished_at_us')} ORDER BY id`,
  ).all() as Row[];
  for (const r of sessions) out.push(...sessionRowProblems(r));
  const programs = statement(
    db,
    `SELECT id, started_at_us, finished_at_us, last_event_us, term_cols, term_rows, term_modes, exit_status FROM programs
       WHERE ${outOfRange('started_at_us')} OR ${outOfRange('finished_at_us')} OR typeof(last_event_us) NOT IN ('null', 'integer')
          OR abs(last_event_us) > ${MAX_EVENT_US} OR typeof(term_cols) NOT IN ('null', 'integer') OR typeof(term_rows) NOT IN ('null', 'integer')
          OR term_cols NOT BETWEEN 1 AND ${MAX_TERMINAL_COLS} OR term_rows NOT BETWEEN 1 AND ${MAX_TERMINAL_ROWS} OR (term_cols IS NULL) <> (term_rows IS NULL)
          OR (term_modes IS NOT NULL AND json_valid(term_modes) = 0)
          OR typeof(exit_status) NOT IN ('null', 'integer') OR exit_status NOT BETWEEN ${MIN_EXIT_STATUS} AND ${MAX_EXIT_STATUS}
       ORDER BY id`,
  ).all() as Row[];
  for (const r of programs) out.push(...programRowProblems(r));
  return out;
}

/**
 * Clears each unreadable value (NULL: unknown, as a file that did not state it), inside the
 * caller's transaction. A terminal size is cleared as a pair, so the program replays at 80x24.
 */
export function repairUnreadableValues(db: CaseDb, found: readonly UnreadableValue[]): void {
  for (const p of found) {
    const columns = p.column.split(', ');
    const set = columns.map((c) => `${c} = NULL`).join(', ');
    // Column names come from the fixed list above, never from the case.
    statement(db, `UPDATE ${p.table} SET ${set} WHERE id = ?`).run(p.row);
  }
}

/** The same bound as isStoredEpochUs, in SQL. */
function outOfRange(column: string): string {
  return `(typeof(${column}) NOT IN ('null', 'integer') OR ${column} NOT BETWEEN ${MIN_EPOCH_US} AND ${MAX_STORED_EPOCH_US})`;
}

function time(out: UnreadableValue[], table: UnreadableValue['table'], row: Row, column: string): void {
  const v = row[column];
  if (v !== null && v !== undefined && !isStoredEpochUs(v)) out.push(problem(table, row, column, TIME_WHY));
}

function problem(table: UnreadableValue['table'], row: Row, column: string, why: string): UnreadableValue {
  const v = row[column];
  return { table, row: row['id'] as number, column, value: typeof v === 'string' ? shown(v) : String(v), why };
}
