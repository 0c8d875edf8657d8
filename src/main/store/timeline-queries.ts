import { PROGRAM_TYPES, type ProgramType } from '../../shared/model';
import {
  FACET_LIMIT,
  MAX_PAGE_ROWS,
  type Histogram,
  type HistogramRequest,
  type TimelineFacet,
  type TimelineFacets,
  type TimelinePage,
  type TimelinePageRequest,
  type SessionFlags,
  type TimelineFilter,
  type TimelineRow,
} from '../../shared/views';
import { sessionRef } from '../../shared/ids';
import { sessionWhoWhen, type SessionWhoWhenRow } from './session-who-when';
import { isStoredEpochUs } from '../formats/limits';
import type { CaseDb } from './open-case';
import {
  ALL_SESSIONS,
  SESSION_END_US,
  SESSION_NON_ZERO_EXIT,
  SESSION_PROBLEM,
  timelineFilterSql,
  windowUs,
  type FilterSql,
} from './timeline-filter-sql';
import { statement } from './statement-cache';
import { HOUR_US } from './migrations/019-session-hours';

/**
 * The queries behind the timeline screen. The UI asks again on every brush, so each one is
 * answered by SQLite with indexes and GROUP BY, never by loading sessions into memory (see
 * `npm run bench -- --only timeline` for the figures at 100,000 sessions).
 */

/** Start ascending, unknown starts last, then by row: the order of the list and of its pages. */
const PAGE_ORDER = 's.started_at_us NULLS LAST, s.id';

/**
 * An address without its port, for the facet: every connection has its own client port, so
 * whole addresses would all count 1. What is left is still a prefix for the address filter:
 * "10.0.3.7:22" → "10.0.3.7", "[2001:db8::1]:22" → "[2001:db8::1]"; a bare IPv6 address stays
 * whole. The same expression as the indexes sessions_client_host and sessions_server_host (005):
 * SQLite uses an expression index only for an identical expression.
 */
export const hostOf = (a: string): string =>
  `CASE WHEN ${a} GLOB '[[]*]*' THEN substr(${a}, 1, instr(${a}, ']')) WHEN ${a} GLOB '*:*:*' THEN ${a}
    WHEN instr(${a}, ':') > 0 THEN substr(${a}, 1, instr(${a}, ':') - 1) ELSE ${a} END`;

/**
 * The facets are counts kept on write (session_facets, migration 017): the top of each list is a
 * short walk of one index, whatever the size of the case.
 */
export function timelineFacets(db: CaseDb): TimelineFacets {
  const top = (kind: 'user' | 'target' | 'address' | 'type'): TimelineFacet[] =>
    statement(
      db,
      `SELECT value, sessions FROM session_facets WHERE kind = ? AND sessions > 0 ORDER BY sessions DESC, value LIMIT ${FACET_LIMIT}`,
    ).all(kind) as TimelineFacet[];
  const span = sessionSpan(db, timelineFilterSql({}));
  return {
    users: top('user'),
    targets: top('target'),
    // Client and server hosts are counted apart: one session with the same host at both ends (never seen) counts twice.
    addresses: top('address'),
    types: top('type'),
    fromMs: msFromUs(span.fromUs),
    toMs: msFromUs(span.toUs),
  };
}

/** A bucket's sessions, and of them those with a non-zero exit and with a problem (null: none). */
type BucketCounts = [n: number, nonZeroExit: number | null, problems: number | null];

/**
 * Session starts per bucket: bucket i holds the sessions starting in
 * [fromMs + i·bucketMs, fromMs + (i+1)·bucketMs), where bucketMs is a whole number of
 * milliseconds chosen so that `buckets` buckets cover [fromMs, toMs] (the last ones may reach
 * past toMs, and then count nothing). Without an axis, the filtered sessions' own span. Counts
 * and flagged counts come from one pass (the flags are a column: migration 017).
 */
export function timelineHistogram(db: CaseDb, req: HistogramRequest): Histogram {
  const filter = timelineFilterSql(req.filter);
  const span =
    req.fromMs === undefined || req.toMs === undefined ? sessionSpan(db, filter) : { fromUs: null, toUs: null };
  const fromMs = Math.floor(req.fromMs ?? msFromUs(span.fromUs) ?? req.toMs ?? 0);
  const toMs = Math.floor(req.toMs ?? Math.max(fromMs, msFromUs(span.toUs) ?? fromMs));
  if (toMs < fromMs) throw new RangeError(`histogram axis ends (${toMs}) before it starts (${fromMs})`);
  const bucketMs = Math.max(1, Math.ceil((toMs - fromMs + 1) / req.buckets));
  const axis = windowUs(fromMs, toMs);
  const counts = new Array<number>(req.buckets).fill(0);
  const nonZeroExit = new Array<number>(req.buckets).fill(0);
  const problems = new Array<number>(req.buckets).fill(0);
  const add = (bucket: number, [n, nz, pr]: BucketCounts): void => {
    counts[bucket] = n;
    nonZeroExit[bucket] = nz ?? 0;
    problems[bucket] = pr ?? 0;
  };
  if (!keepsMost(db, req.filter)) {
    // Few rows: grouped in one statement. Numbers bind as REAL: CAST makes the bucket a whole
    // number (exact below 2^53 µs). When the filter has an index of its own (user, target,
    // address), the unary + keeps SQLite from walking the start index for the axis instead (35 ms
    // instead of 0.5 ms for an address prefix); else the axis is a range of sessions_page.
    const start = filter.ownIndex ? '+s.started_at_us' : 's.started_at_us';
    const rows = statement(
      db,
      `SELECT CAST((s.started_at_us - @axisFromUs) / @bucketUs AS INTEGER), count(*),
           sum(${SESSION_NON_ZERO_EXIT}), sum(${SESSION_PROBLEM})
         FROM sessions s WHERE ${filter.where} AND ${start} BETWEEN @axisFromUs AND @axisToUs GROUP BY 1`,
    )
      .raw()
      .all({ ...filter.params, axisFromUs: axis.fromUs, axisToUs: axis.toUs, bucketUs: bucketMs * 1000 }) as Array<
      [number, ...BucketCounts]
    >;
    for (const [bucket, ...n] of rows) add(bucket, n);
  } else {
    // Most of the case: each bucket's whole hours are summed from the counts kept per hour
    // (session_hours, migration 019), its partial hours at either edge counted as ranges of
    // sessions_page, which holds every column read here. Counting every session of the axis in
    // 200 ranges was p50 28 ms for type shell over 100,000 sessions (one GROUP BY sorting them, 46).
    const range = statement(
      db,
      `SELECT count(*), sum(${SESSION_NON_ZERO_EXIT}), sum(${SESSION_PROBLEM})
         FROM sessions s WHERE ${filter.where} AND s.started_at_us >= @fromUs AND s.started_at_us < @untilUs`,
    ).raw();
    const hours = statement(
      db,
      `SELECT sum(s.sessions), sum(s.sessions * (${SESSION_NON_ZERO_EXIT})), sum(s.sessions * (${SESSION_PROBLEM}))
         FROM session_hours s WHERE ${filter.where} AND s.hour >= @fromHour AND s.hour < @untilHour`,
    ).raw();
    const count = (fromUs: number, untilUs: number): BucketCounts =>
      fromUs >= untilUs ? [0, 0, 0] : (range.get({ ...filter.params, fromUs, untilUs }) as BucketCounts);
    const bucketUs = bucketMs * 1000;
    for (let i = 0; i < req.buckets; i++) {
      const fromUs = axis.fromUs! + i * bucketUs;
      if (fromUs > axis.toUs!) break;
      const untilUs = Math.min(fromUs + bucketUs, axis.toUs! + 1);
      // The hours that lie wholly in [fromUs, untilUs).
      const fromHour = Math.ceil(fromUs / HOUR_US);
      const untilHour = Math.floor(untilUs / HOUR_US);
      const parts =
        untilHour > fromHour
          ? [
              count(fromUs, fromHour * HOUR_US),
              hours.get({ ...filter.params, fromHour, untilHour }) as BucketCounts,
              count(untilHour * HOUR_US, untilUs),
            ]
          : [count(fromUs, untilUs)];
      const n: BucketCounts = [0, 0, 0];
      for (const p of parts) for (let k = 0; k < 3; k++) n[k] = n[k]! + (p[k] ?? 0);
      if (n[0] > 0) add(i, n);
    }
  }
  return { fromMs, toMs, bucketMs, counts, nonZeroExit, problems };
}

/**
 * Whether a filter keeps most sessions: none, or only a program type that a quarter or more of the
 * sessions have (session_facets). Only the time axis narrows those, so they are counted bucket by
 * bucket; any other filter keeps few enough rows that sorting them into buckets costs less than
 * 200 range counts over the axis.
 */
function keepsMost(db: CaseDb, f: TimelineFilter): boolean {
  const { type, ...rest } = f;
  if (Object.values(rest).some((v) => v !== undefined && v !== false)) return false;
  if (type === undefined) return true;
  const { of, all } = statement(
    db,
    `SELECT sum(sessions) FILTER (WHERE value = ?) AS of, sum(sessions) AS "all" FROM session_facets WHERE kind = 'type'`,
  ).get(type) as { of: number | null; all: number | null };
  return (of ?? 0) * 4 >= (all ?? 0);
}

interface PageRow extends SessionWhoWhenRow {
  id: number;
  types: string | null;
  programs: number;
  commands: number;
  session_error: number;
  killed: number;
  exit_statuses: string | null;
  exit_errors: number;
  incomplete: number;
}

/** One page of the filtered sessions in PAGE_ORDER, and how many there are in all. */
export function timelinePage(db: CaseDb, req: TimelinePageRequest): TimelinePage {
  const filter = timelineFilterSql(req.filter);
  const total = statement(db, `SELECT count(*) FROM sessions s WHERE ${filter.where}`, true).get(
    filter.params,
  ) as number;
  // The page's ids first: the per-session counts below run for its rows only, not for every row skipped by OFFSET.
  // CROSS JOIN: the page drives (a sort of its rows), where SQLite chose to walk every session in
  // list order and probe the page for each.
  const rows = statement(
    db,
    `WITH page AS MATERIALIZED (SELECT s.id FROM sessions s WHERE ${filter.where} ORDER BY ${PAGE_ORDER} LIMIT @limit OFFSET @offset)
       SELECT s.id, s.user_email, s.username, s.target_id, s.client_address, s.server_address, s.started_at_us, s.finished_at_us,
         (SELECT group_concat(DISTINCT p.type) FROM programs p WHERE p.session_id = s.id) AS types,
         (SELECT count(*) FROM programs p WHERE p.session_id = s.id AND p.variant_of IS NULL) AS programs,
         (SELECT count(*) FROM programs p JOIN commands c ON c.program_id = p.id WHERE p.session_id = s.id) AS commands,
         s.error IS NOT NULL AS session_error,
         (SELECT count(*) FROM programs p WHERE p.session_id = s.id AND p.exit_signal IS NOT NULL) AS killed,
         (SELECT group_concat(DISTINCT p.exit_status) FROM programs p
           WHERE p.session_id = s.id AND p.exit_signal IS NULL AND p.exit_status <> 0) AS exit_statuses,
         (SELECT count(*) FROM programs p
           WHERE p.session_id = s.id AND p.exit_signal IS NULL AND p.exit_status IS NULL AND p.exit_error IS NOT NULL) AS exit_errors,
         (SELECT count(*) FROM programs p WHERE p.session_id = s.id AND p.incomplete = 1) AS incomplete
       FROM page CROSS JOIN sessions s ON s.id = page.id ORDER BY ${PAGE_ORDER}`,
  ).all({ ...filter.params, limit: Math.min(req.limit, MAX_PAGE_ROWS), offset: req.offset }) as PageRow[];
  return { total, offset: req.offset, rows: rows.map(toTimelineRow) };
}

function toTimelineRow(r: PageRow): TimelineRow {
  return {
    id: sessionRef(r.id),
    ...sessionWhoWhen(r),
    types: programTypes(r.types),
    programs: r.programs,
    commands: r.commands,
    ...flagsOf(toSessionFlags(r)),
  };
}

/**
 * The row's two flags from the page's own per-session counts, which the row also shows (its exit
 * statuses, killed programs...). The same definitions as the flags column the filter reads
 * (SESSION_NON_ZERO_EXIT, SESSION_PROBLEM; migration 017), which the integration test checks.
 */
function flagsOf(f: SessionFlags): Pick<TimelineRow, 'nonZeroExit' | 'problem' | 'flags'> {
  const nonZeroExit = f.exitStatuses.length > 0;
  const problem = f.sessionError || f.killed > 0 || f.exitErrors > 0 || f.incomplete > 0;
  return { nonZeroExit, problem, flags: nonZeroExit || problem ? f : null };
}

function toSessionFlags(r: PageRow): SessionFlags {
  const statuses = r.exit_statuses === null ? [] : r.exit_statuses.split(',').map(Number).filter(Number.isFinite);
  return {
    sessionError: r.session_error === 1,
    killed: r.killed,
    exitStatuses: statuses.sort((a, b) => a - b),
    exitErrors: r.exit_errors,
    incomplete: r.incomplete,
  };
}

/** group_concat's types in PROGRAM_TYPES order (its own order is unspecified). */
function programTypes(list: string | null): ProgramType[] {
  const present = new Set(list === null ? [] : list.split(','));
  return PROGRAM_TYPES.filter((t) => present.has(t));
}

/**
 * First start and last end of the filtered sessions that can be placed in time. Filtered by type,
 * flags or time only: each the first row in the order of an index (sessions_page or sessions_started,
 * sessions_end), where min and max read every session row (type shell: 80 ms p50 at 100,000
 * sessions, load 4). A user, target or address has an index of its own: one pass over its rows beats
 * walking the start and end indexes until one matches (all of them for a value no session has).
 */
export function sessionSpan(db: CaseDb, filter: FilterSql): { fromUs: number | null; toUs: number | null } {
  const placed = `FROM sessions s WHERE ${filter.where} AND s.started_at_us IS NOT NULL`;
  const sql =
    filter.where === ALL_SESSIONS // each the end of an index (sessions_started, sessions_end)
      ? `SELECT (SELECT min(s.started_at_us) ${placed}) AS fromUs, (SELECT max(${SESSION_END_US}) ${placed}) AS toUs`
      : filter.ownIndex
        ? `SELECT min(s.started_at_us) AS fromUs, max(${SESSION_END_US}) AS toUs ${placed}`
        : `SELECT (SELECT s.started_at_us ${placed} ORDER BY s.started_at_us LIMIT 1) AS fromUs,
      (SELECT ${SESSION_END_US} ${placed} ORDER BY ${SESSION_END_US} DESC LIMIT 1) AS toUs`;
  return statement(db, sql).get(filter.params) as { fromUs: number | null; toUs: number | null };
}

// A value no import writes today (from an older case) leaves the axis alone rather than stretch it to year 10^13.
const msFromUs = (us: number | null): number | null =>
  us === null || !isStoredEpochUs(us) ? null : Math.floor(us / 1000);
