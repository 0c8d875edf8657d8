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
} from '../../shared/views';
import type { ProgramType } from '../../shared/model';
import { programRef, sessionRef } from './ids';
import type { CaseDb } from './open-case';
import { SESSION_END_US, SESSION_HAS_ERROR, timelineFilterSql } from './timeline-filter-sql';
import { hostOf, timelinePage } from './timeline-queries';

/** A session's lane, and the party at its other end, over `sessions s`. */
const LANE_SQL: Record<LaneBy, { key: string; other: string }> = {
  user: { key: 'COALESCE(s.user_email, s.username)', other: 's.target_id' },
  target: { key: 's.target_id', other: 'COALESCE(s.user_email, s.username)' },
  address: { key: hostOf('s.client_address'), other: 'COALESCE(s.user_email, s.username)' },
};

interface LaneRow {
  lane: string | null;
  id: number;
  start_us: number;
  end_us: number;
  end_known: number;
  has_error: number;
  other: string | null;
}

export function timelineLanes(db: CaseDb, req: LanesRequest): LanesView {
  const { fromMs, toMs } = req;
  if (toMs < fromMs) throw new RangeError(`the lanes' window ends (${toMs}) before it starts (${fromMs})`);
  const filter = timelineFilterSql({ ...req.filter, fromMs, toMs });
  const { key, other } = LANE_SQL[req.laneBy];
  const maxLanes = Math.min(req.maxLanes, MAX_LANES);
  const maxPerLane = Math.min(req.maxPerLane, MAX_PER_LANE);
  // The window's sessions once (a temporary b-tree of their lanes), then the busiest lanes and
  // the first sessions of each: the rows sent are bounded by maxLanes × maxPerLane.
  const rows = db
    .prepare(
      `WITH win AS MATERIALIZED (
         SELECT s.id, ${key} AS lane, s.started_at_us AS start_us, ${SESSION_END_US} AS end_us,
           s.finished_at_us IS NOT NULL AS end_known, ${other} AS other
         FROM sessions s WHERE ${filter.where}),
       counts AS (SELECT lane, count(*) AS n FROM win GROUP BY lane),
       top AS (SELECT lane, n FROM counts ORDER BY n DESC, lane IS NULL, lane LIMIT @maxLanes),
       ranked AS (
         SELECT win.*, row_number() OVER (PARTITION BY win.lane ORDER BY win.start_us, win.id) AS rank
         FROM win WHERE win.lane IN (SELECT lane FROM top) OR (win.lane IS NULL AND EXISTS (SELECT 1 FROM top WHERE lane IS NULL)))
       SELECT r.lane, r.id, r.start_us, r.end_us, r.end_known, r.other,
         r.id IN (SELECT s.id FROM sessions s WHERE ${SESSION_HAS_ERROR}) AS has_error
       FROM ranked r WHERE r.rank <= @maxPerLane`,
    )
    .all({ ...filter.params, maxLanes, maxPerLane }) as LaneRow[];
  const counts = db
    .prepare(
      `SELECT ${key} AS lane, count(*) AS n FROM sessions s WHERE ${filter.where} GROUP BY lane ORDER BY n DESC, lane IS NULL, lane`,
    )
    .all(filter.params) as Array<{ lane: string | null; n: number }>;

  const lanes = counts
    .slice(0, maxLanes)
    .map((c) => ({ key: c.lane, sessions: c.n, shown: [] as LanesView['lanes'][0]['shown'] }));
  const byKey = new Map(lanes.map((l) => [l.key, l]));
  for (const r of rows) {
    byKey.get(r.lane)?.shown.push({
      id: sessionRef(r.id),
      startMs: Math.floor(r.start_us / 1000),
      endMs: Math.floor(r.end_us / 1000),
      endKnown: r.end_known === 1,
      hasError: r.has_error === 1,
      other: r.other,
    });
  }
  for (const l of lanes) l.shown.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  return {
    fromMs,
    toMs,
    laneBy: req.laneBy,
    lanes,
    lanesTotal: counts.length,
    sessionsTotal: counts.reduce((n, c) => n + c.n, 0),
  };
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
  const programs = db.prepare(
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
      programs.all({ atUs, session: Number(row.id.slice(1)) }) as Array<{
        id: number;
        type: ProgramType;
        last_command: string | null;
      }>
    ).map((p): RunningProgram => ({ id: programRef(p.id), type: p.type, lastCommand: p.last_command })),
  }));
  return { atMs: req.atMs, total: page.total, sessions };
}
