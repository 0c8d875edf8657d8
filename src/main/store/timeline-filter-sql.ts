import { PROGRAM_TYPES, type ProgramType } from '../../shared/model';
import type { TimelineFilter } from '../../shared/views';
import { FLAG_NON_ZERO_EXIT, FLAG_PROBLEM } from './migrations/017-session-flags-and-facets';

/**
 * The timeline's filter as SQL over `sessions s`, shared by the page, the histogram and the
 * counts so that all of them agree on which sessions are in. The SQL text is assembled from
 * fixed fragments only; every value the user typed is a bound parameter.
 */
export interface FilterSql {
  /** A boolean expression; ALL_SESSIONS when nothing is filtered. */
  where: string;
  /** A term has an index of its own (user, target, address), better than walking sessions by start. */
  ownIndex: boolean;
  params: Record<string, string | number>;
}

export const ALL_SESSIONS = '1';

/**
 * A session with a non-zero exit, over `sessions s`: a program that ended with a non-zero status
 * and was not killed, its own answer ("no match", "test failed"), not an error of the recording
 * (issue 14 item 7). The one definition behind nonZeroExit, Histogram.nonZeroExit and
 * TimelineRow.nonZeroExit: a bit of the row, kept by the triggers of migration 017.
 */
export const SESSION_NON_ZERO_EXIT = `(s.flags & ${FLAG_NON_ZERO_EXIT}) <> 0`;

/**
 * A session with a problem, over `sessions s`: its own error, or a program killed by a signal,
 * ended with an error and no status, or only partly recorded. The one definition behind
 * problemsOnly, Histogram.problems and TimelineRow.problem (migration 017).
 */
export const SESSION_PROBLEM = `(s.flags & ${FLAG_PROBLEM}) <> 0`;

/**
 * When a session ends on the time axis, over `sessions s`: its finish, or its start when the
 * finish is unknown (an instant). A session whose start is unknown is not on the axis at all.
 */
export const SESSION_END_US = 'COALESCE(s.finished_at_us, s.started_at_us)';

/** How long a session lasts on the axis, over `sessions` unaliased: the expression of the index sessions_length (005). */
const SESSION_LENGTH_US = 'COALESCE(finished_at_us, started_at_us) - started_at_us';

/**
 * Time bounds are whole milliseconds, both inclusive: a session is in [fromMs, toMs] when it
 * overlaps it at millisecond precision. A session with an unknown start cannot be placed in
 * time, so any time bound leaves it out (it is listed only when the filter has no time bounds).
 */
export function windowUs(fromMs: number | undefined, toMs: number | undefined): { fromUs?: number; toUs?: number } {
  const out: { fromUs?: number; toUs?: number } = {};
  if (fromMs !== undefined) out.fromUs = Math.floor(fromMs) * 1000;
  if (toMs !== undefined) out.toUs = Math.floor(toMs) * 1000 + 999;
  return out;
}

export function timelineFilterSql(filter: TimelineFilter): FilterSql {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.user !== undefined) {
    where.push('(lower(s.user_email) = lower(@user) OR s.username = @user OR s.user_id = @user)');
    params['user'] = filter.user;
  }
  if (filter.target !== undefined) {
    where.push('s.target_id = @target');
    params['target'] = filter.target;
  }
  if (filter.address !== undefined) {
    // A range, not LIKE: it walks the address indexes (LIKE with ESCAPE cannot), and the user's
    // text has no wildcards to escape. Case-sensitive, as the addresses are stored.
    const end = afterPrefix(filter.address);
    const within = (column: string): string =>
      `(${column} >= @address${end === null ? '' : ` AND ${column} < @addressEnd`})`;
    where.push(`(${within('s.client_address')} OR ${within('s.server_address')})`);
    params['address'] = filter.address;
    if (end !== null) params['addressEnd'] = end;
  }
  if (filter.type !== undefined) {
    // A bit of the session's own row (migration 007), not a join over programs.
    where.push('(s.program_types & @typeBit) != 0');
    params['typeBit'] = programTypeBit(filter.type);
  }
  if (filter.nonZeroExit === true) where.push(SESSION_NON_ZERO_EXIT);
  if (filter.problemsOnly === true) where.push(SESSION_PROBLEM);
  const { fromUs, toUs } = windowUs(filter.fromMs, filter.toMs);
  if (fromUs !== undefined || toUs !== undefined) where.push('s.started_at_us IS NOT NULL');
  if (fromUs !== undefined) {
    // No session is longer than the longest one (an index answers which): so a session that ends
    // after `from` also starts after `from` minus that, and the start index gives a short range
    // instead of everything before `to` (1 ms instead of 8 for a week at 100k sessions).
    where.push(
      `${SESSION_END_US} >= @fromUs`,
      `s.started_at_us >= @fromUs - (SELECT max(${SESSION_LENGTH_US}) FROM sessions)`,
    );
    params['fromUs'] = fromUs;
  }
  if (toUs !== undefined) {
    where.push('s.started_at_us <= @toUs');
    params['toUs'] = toUs;
  }
  const ownIndex = filter.user !== undefined || filter.target !== undefined || filter.address !== undefined;
  return { where: where.length > 0 ? where.join(' AND ') : ALL_SESSIONS, params, ownIndex };
}

/**
 * The least string above every string that starts with `prefix` in SQLite's BINARY order (UTF-8
 * bytes, which is code point order): the prefix with its last code point one higher. Null when
 * there is none (an empty prefix, or one of U+10FFFF only).
 */
function afterPrefix(prefix: string): string | null {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) return String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

/** The bit of a program type in sessions.program_types (migration 007): its place in PROGRAM_TYPES. */
export function programTypeBit(type: ProgramType): number {
  return 1 << PROGRAM_TYPES.indexOf(type);
}
