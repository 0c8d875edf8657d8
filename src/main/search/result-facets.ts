import type { Database } from 'better-sqlite3';
import { sessionRef } from '../../shared/ids';
import type { FacetList, HitSource, SearchFacets, SearchSessionGroup } from '../../shared/search';
import { isoFromUs } from '../store/stored-time';
import type { Candidate } from './rank-hits';
import { noteRowFilters } from './note-filters';
import { noFilters } from './query-types';
import { SqlParams } from './sql-params';
import { statement } from '../store/statement-cache';

/**
 * What goes beside and above the hits: facet counts over every candidate (the matches found,
 * up to the cap: never a count over the whole table), and the header of each session group.
 * Both read only the programs and sessions the candidates name, by primary key.
 */

/** Values listed per facet; the rest are counted in `more`. */
export const FACET_VALUES = 12;

/** `cappedIn`: the tables (commands, output) whose matches stopped at the cap. */
export function countFacets(db: Database, found: readonly Candidate[], cappedIn: readonly HitSource[]): SearchFacets {
  const types = programTypes(
    db,
    found.map((c) => c.programRow),
  );
  return {
    users: tally(found.map((c) => c.userEmail)),
    targets: tally(found.map((c) => c.targetId)),
    types: tally(found.map((c) => types.get(c.programRow) ?? null)),
    in: tally(found.map((c) => c.source)),
    noted: countNoted(db, found),
    counted: found.length,
    capped: cappedIn.length > 0,
    cappedIn: [...cappedIn],
  };
}

/** The most frequent values first (ties by value), "none" (null) counted like a value. */
function tally(values: ReadonlyArray<string | null>): FacetList {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort(
    (x, y) => y[1] - x[1] || (x[0] === null ? 1 : y[0] === null ? -1 : x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0),
  );
  return {
    values: sorted.slice(0, FACET_VALUES).map(([value, count]) => ({ value, count })),
    more: Math.max(0, sorted.length - FACET_VALUES),
  };
}

const SHAPES: Record<HitSource, { table: string; a: string; at: string }> = {
  command: { table: 'commands', a: 'c', at: 'c.at_us' },
  output: { table: 'outputs', a: 'o', at: 'o.start_us' },
};

/**
 * Candidates a note covers (is:noted: the same EXISTS as the filter, note-filters.ts), each
 * looked up by key; nothing to do in a case without notes, the usual case.
 */
function countNoted(db: Database, found: readonly Candidate[]): number {
  if (found.length === 0 || statement(db, 'SELECT EXISTS (SELECT 1 FROM notes)', true).get() !== 1) return 0;
  let n = 0;
  for (const source of ['command', 'output'] as const) {
    const ids = found.filter((c) => c.source === source).map((c) => c.rowId);
    if (ids.length === 0) continue;
    const { table, a, at } = SHAPES[source];
    const params = new SqlParams();
    const covered = noteRowFilters({ ...noFilters(), noted: true }, { source, a, at }, params);
    const sql = `SELECT count(*) FROM json_each(@ids) j CROSS JOIN ${table} ${a} ON ${a}.id = j.value
      CROSS JOIN programs p ON p.id = ${a}.program_id WHERE ${covered.join(' AND ')}`;
    n += statement(db, sql, true).get({ ...params.values, ids: JSON.stringify(ids) }) as number;
  }
  return n;
}

function programTypes(db: Database, rows: readonly number[]): Map<number, string> {
  const ids = [...new Set(rows)];
  if (ids.length === 0) return new Map();
  const found = statement(
    db,
    'SELECT p.id AS id, p.type AS type FROM json_each(?) j JOIN programs p ON p.id = j.value',
  ).all(JSON.stringify(ids)) as Array<{ id: number; type: string }>;
  return new Map(found.map((r) => [r.id, r.type]));
}

/** The header of each session of a page, in the order given, with its hits among all candidates. */
export function sessionGroups(
  db: Database,
  pageSessions: readonly number[],
  found: readonly Candidate[],
): SearchSessionGroup[] {
  const order = [...new Set(pageSessions)];
  if (order.length === 0) return [];
  const counts = new Map<number, number>();
  for (const c of found) counts.set(c.sessionRow, (counts.get(c.sessionRow) ?? 0) + 1);
  const rows = statement(
    db,
    `SELECT s.id AS id, s.user_email AS userEmail, s.target_id AS targetId, s.started_at_us AS startedAtUs
       FROM json_each(?) j JOIN sessions s ON s.id = j.value`,
  ).all(JSON.stringify(order)) as Array<{
    id: number;
    userEmail: string | null;
    targetId: string | null;
    startedAtUs: number | null;
  }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return order.map((row) => {
    const s = byId.get(row);
    return {
      session: sessionRef(row),
      userEmail: s?.userEmail ?? null,
      targetId: s?.targetId ?? null,
      start: isoFromUs(s?.startedAtUs ?? null),
      hits: counts.get(row) ?? 0,
    };
  });
}
