// The swim-lane timeline's queries: the sessions overlapping the visible window, one lane per
// user, target or client host, and what was running at one instant. Both read only the window
// (the start index bounds it, see timeline-filter-sql.ts) and both are capped, so a case of
// 100,000 sessions answers as fast as a small one (`npm run bench -- --only timeline`).

import {
  MAX_LANES,
  MAX_PER_LANE,
  MAX_RUNNING,
  type LaneBy,
  type LanesRequest,
  type LanesView,
  type RunningAt,
  type RunningAtRequest,
  type RunningProgram,
  type TimelineFilter,
} from '../../shared/views';
import type { ProgramType } from '../../shared/model';
import { programRef, rowOfRef, sessionRef } from '../../shared/ids';
import type { CaseDb } from './open-case';
import { SESSION_END_US, SESSION_NON_ZERO_EXIT, SESSION_PROBLEM, timelineFilterSql } from './timeline-filter-sql';
import { hostOf, sessionSpan, timelinePage } from './timeline-queries';
import { statement } from './statement-cache';

/** A session's lane, and the party at its other end, over `sessions s`. */
const LANE_SQL: Record<LaneBy, { key: string; other: string }> = {
  user: { key: 'COALESCE(s.user_email, s.username)', other: 's.target_id' },
  target: { key: 's.target_id', other: 'COALESCE(s.user_email, s.username)' },
  address: { key: hostOf('s.client_address'), other: 'COALESCE(s.user_email, s.username)' },
};

interface LaneRow {
  id: number;
  start_us: number;
  end_us: number;
  end_known: number;
  other: string | null;
  non_zero_exit: number;
  problem: number;
}

/** What a bar shows of its session, over `sessions s`: its flags are bits of the row (migration 017). */
const BAR_COLUMNS = `s.started_at_us AS start_us, ${SESSION_END_US} AS end_us, s.finished_at_us IS NOT NULL AS end_known,
  ${SESSION_NON_ZERO_EXIT} AS non_zero_exit, ${SESSION_PROBLEM} AS problem`;

export function timelineLanes(db: CaseDb, req: LanesRequest): LanesView {
  const { fromMs, toMs } = req;
  if (toMs < fromMs) throw new RangeError(`the lanes' window ends (${toMs}) before it starts (${fromMs})`);
  // A window over the whole case bounds nothing: without its time terms, each lane's first
  // sessions come through the lane's own index (migration 011), one statement a lane (by user
  // over 100,000 sessions, p50: 219 → 27 ms). A narrower window is read once and ranked per lane in one
  // statement (a week, p50: 13 ms; one statement a lane took 37).
  const span = sessionSpan(db, timelineFilterSql({}));
  const whole =
    span.fromUs !== null && span.toUs !== null && fromMs * 1000 <= span.fromUs && toMs * 1000 + 999 >= span.toUs;
  const filter = timelineFilterSql(whole ? withoutTime(req.filter) : { ...req.filter, fromMs, toMs });
  const placed = whole ? `${filter.where} AND s.started_at_us IS NOT NULL` : filter.where;
  const { key, other } = LANE_SQL[req.laneBy];
  const maxLanes = Math.min(req.maxLanes, MAX_LANES);
  const maxPerLane = Math.min(req.maxPerLane, MAX_PER_LANE);
  const kept = FACET_LANES[req.laneBy];
  const counts = statement(
    db,
    whole && kept !== undefined && filter.where === NO_FILTER
      ? keptLaneCounts(kept, key)
      : `SELECT ${key} AS lane, count(*) AS n FROM sessions s WHERE ${placed} GROUP BY lane ORDER BY n DESC, lane IS NULL, lane`,
  ).all(filter.params) as Array<{ lane: string | null; n: number }>;
  const laneQuery: LaneQuery = {
    lanes: counts.slice(0, maxLanes),
    where: placed,
    params: filter.params,
    key,
    other,
    maxPerLane,
  };
  const lanes = whole ? firstPerLaneIndexed(db, laneQuery) : firstPerLaneRanked(db, laneQuery);
  return {
    fromMs,
    toMs,
    laneBy: req.laneBy,
    lanes: lanes.map((l) => ({
      key: l.key,
      sessions: l.sessions,
      shown: l.rows.map((r) => ({
        id: sessionRef(r.id),
        startMs: Math.floor(r.start_us / 1000),
        endMs: Math.floor(r.end_us / 1000),
        endKnown: r.end_known === 1,
        nonZeroExit: r.non_zero_exit === 1,
        problem: r.problem === 1,
        other: r.other,
      })),
    })),
    lanesTotal: counts.length,
    sessionsTotal: counts.reduce((n, c) => n + c.n, 0),
  };
}

/** The filter SQL of no filter at all. */
const NO_FILTER = timelineFilterSql({}).where;

/** Lanes whose key is a facet kept by triggers (session_facets, migration 017): user and target, not address (a facet of both ends). */
const FACET_LANES: Partial<Record<LaneBy, string>> = { user: 'user', target: 'target' };

/**
 * The whole case's sessions per lane, without counting every session (a GROUP BY over 100,000 rows
 * was 17 ms of the 61 of `npm run bench`'s whole-case lanes): the kept count of each key, less its
 * sessions without a start (not on the axis, few), and the placed sessions without a key, found
 * through the key's index. Ordered as the GROUP BY orders.
 */
function keptLaneCounts(kind: string, key: string): string {
  return `WITH counts AS (
      SELECT lane, sum(n) AS n FROM (
        SELECT f.value AS lane, f.sessions AS n FROM session_facets f WHERE f.kind = '${kind}'
        UNION ALL
        SELECT ${key}, -1 FROM sessions s INDEXED BY sessions_started WHERE s.started_at_us IS NULL AND ${key} IS NOT NULL)
      GROUP BY lane
      UNION ALL
      SELECT NULL, (SELECT count(*) FROM sessions s WHERE ${key} IS NULL AND s.started_at_us IS NOT NULL))
    SELECT lane, n FROM counts WHERE n > 0 ORDER BY n DESC, lane IS NULL, lane`;
}

type Params = Record<string, string | number>;
/** What both ways of reading the lanes' first sessions are asked. */
interface LaneQuery {
  lanes: Array<{ lane: string | null; n: number }>;
  /** Sessions in the window, and the filter's parameters. */
  where: string;
  params: Params;
  /** The lane's column, and the column shown beside each bar. */
  key: string;
  other: string;
  maxPerLane: number;
}
interface LaneRows {
  key: string | null;
  sessions: number;
  rows: LaneRow[];
}

/** Each lane's first sessions by start, one statement a lane through the lane's own index. */
function firstPerLaneIndexed(db: CaseDb, { lanes, where, params, key, other, maxPerLane }: LaneQuery): LaneRows[] {
  const select = (match: string) =>
    statement(
      db,
      `SELECT s.id, s.started_at_us, ${SESSION_END_US}, ${PACKED_FLAGS}, ${other}
       FROM sessions s WHERE ${where} AND ${match} ORDER BY s.started_at_us, s.id LIMIT @maxPerLane`,
    );
  const ofLane = select(`${key} = @lane`);
  const ofNoLane = select(`${key} IS NULL`);
  return lanes.map((c) => {
    const p = { ...params, maxPerLane, ...(c.lane !== null && { lane: c.lane }) };
    // Rows as arrays, the three flags in one column: up to 6,000 rows, where each value handed to
    // JavaScript costs (the whole case's lanes by user: 38 -> 20 ms for their rows).
    const rows = (c.lane === null ? ofNoLane : ofLane).raw(true).all(p) as PackedLaneRow[];
    return { key: c.lane, sessions: c.n, rows: rows.map(unpackLaneRow) };
  });
}

/** A bar's flags in one integer: non-zero exit 1, problem 2, end known 4. */
const PACKED_FLAGS = `(${SESSION_NON_ZERO_EXIT}) | ((${SESSION_PROBLEM}) << 1) | ((s.finished_at_us IS NOT NULL) << 2)`;
type PackedLaneRow = [id: number, startUs: number, endUs: number, flags: number, other: string | null];

function unpackLaneRow([id, start, end, flags, other]: PackedLaneRow): LaneRow {
  return {
    id,
    start_us: start,
    end_us: end,
    end_known: (flags >> 2) & 1,
    other,
    non_zero_exit: flags & 1,
    problem: (flags >> 1) & 1,
  };
}

/**
 * Each lane's first sessions by start, the window read once (a temporary b-tree of its lanes)
 * and ranked per lane in the same statement, the busiest lanes chosen there too.
 */
function firstPerLaneRanked(db: CaseDb, { lanes, where, params, key, other, maxPerLane }: LaneQuery): LaneRows[] {
  const rows = statement(
    db,
    `WITH win AS MATERIALIZED (
         SELECT s.id, ${key} AS lane, ${BAR_COLUMNS}, ${other} AS other
         FROM sessions s WHERE ${where}),
       counts AS (SELECT lane, count(*) AS n FROM win GROUP BY lane),
       top AS (SELECT lane FROM counts ORDER BY n DESC, lane IS NULL, lane LIMIT @maxLanes),
       ranked AS (
         SELECT win.*, row_number() OVER (PARTITION BY win.lane ORDER BY win.start_us, win.id) AS rank
         FROM win WHERE win.lane IN (SELECT lane FROM top)
           OR (win.lane IS NULL AND EXISTS (SELECT 1 FROM top WHERE lane IS NULL)))
       SELECT r.lane, r.id, r.start_us, r.end_us, r.end_known, r.other, r.non_zero_exit, r.problem FROM ranked r WHERE r.rank <= @maxPerLane`,
  ).all({ ...params, maxLanes: lanes.length, maxPerLane }) as Array<LaneRow & { lane: string | null }>;
  const byLane = new Map<string | null, LaneRow[]>(lanes.map((l) => [l.lane, []]));
  for (const r of rows) byLane.get(r.lane)?.push(r);
  return lanes.map((c) => ({
    key: c.lane,
    sessions: c.n,
    rows: (byLane.get(c.lane) ?? []).sort((a, b) => a.start_us - b.start_us || a.id - b.id),
  }));
}

/** The filter without its time bounds. */
function withoutTime(filter: TimelineFilter): TimelineFilter {
  const { fromMs: _from, toMs: _to, ...rest } = filter;
  return rest;
}

/**
 * The sessions open at one instant (at millisecond precision), oldest first, with the programs
 * running in each and the last command typed in each before that instant.
 */
export function runningAt(db: CaseDb, req: RunningAtRequest): RunningAt {
  const page = timelinePage(db, {
    filter: { ...req.filter, fromMs: req.atMs, toMs: req.atMs },
    offset: 0,
    limit: Math.min(req.limit, MAX_RUNNING),
  });
  const atUs = Math.floor(req.atMs) * 1000;
  const programs = statement(
    db,
    `SELECT p.id, p.type,
       (SELECT c.text FROM commands c WHERE c.program_id = p.id AND c.at_us <= @atUs - p.started_at_us
         ORDER BY c.at_us DESC LIMIT 1) AS last_command
     FROM programs p
     WHERE p.session_id = @session AND p.variant_of IS NULL AND p.started_at_us <= @atUs + 999
       AND COALESCE(p.finished_at_us, p.started_at_us) >= @atUs
     ORDER BY p.started_at_us, p.id`,
  );
  const sessions = page.rows.map((row) => ({
    ...row,
    running: (
      programs.all({ atUs, session: rowOfRef(row.id) }) as Array<{
        id: number;
        type: ProgramType;
        last_command: string | null;
      }>
    ).map((p): RunningProgram => ({ id: programRef(p.id), type: p.type, lastCommand: p.last_command })),
  }));
  return { atMs: req.atMs, total: page.total, sessions };
}
