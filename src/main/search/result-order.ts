import { SEARCH_GROUPS, SEARCH_SORTS, type SearchGroup, type SearchSort } from '../../shared/search';
import { sourceOrder, type Scored } from './rank-hits';

/**
 * The order of a result list, grouped or not, and pages of it. Every candidate gets a key, a
 * short list of numbers compared element by element; keys are unique (they end with the row),
 * so a page can start right after the last key shown (a keyset cursor): hits indexed between
 * two pages do not shift or repeat the next page the way an offset would.
 */

export type OrderKey = readonly number[];

export interface Ordered {
  scored: Scored;
  key: OrderKey;
}

/** Unknown times (a program without a start) sort after every known time, in both time orders. */
const UNKNOWN_TIME = Number.MAX_VALUE;

function hitKey(s: Scored, sort: SearchSort): number[] {
  const source = sourceOrder(s.c.source);
  switch (sort) {
    case 'relevance':
      return [-s.quality, source, -s.relevance, s.time === null ? UNKNOWN_TIME : -s.time, -s.c.rowId];
    case 'time':
      return [s.time ?? UNKNOWN_TIME, source, s.c.rowId];
    case '-time':
      return [s.time === null ? UNKNOWN_TIME : -s.time, source, -s.c.rowId];
  }
}

export function compareKeys(x: OrderKey, y: OrderKey): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * Every candidate in the order asked for. Grouped by session, a session's hits stay together
 * and sessions come in the order of their first hit: the key is that hit's key, the session,
 * then the hit's own key.
 */
export function orderCandidates(scored: readonly Scored[], sort: SearchSort, group: SearchGroup): Ordered[] {
  const flat = scored.map((s) => ({ scored: s, key: hitKey(s, sort) }));
  flat.sort((x, y) => compareKeys(x.key, y.key));
  if (group === 'none') return flat;
  const first = new Map<number, OrderKey>();
  for (const o of flat) if (!first.has(o.scored.c.sessionRow)) first.set(o.scored.c.sessionRow, o.key);
  const grouped = flat.map((o) => ({
    scored: o.scored,
    key: [...first.get(o.scored.c.sessionRow)!, o.scored.c.sessionRow, ...o.key],
  }));
  grouped.sort((x, y) => compareKeys(x.key, y.key));
  return grouped;
}

/** Where a page starts: after a cursor's key, or at an offset (0 without either). */
export function pageStart(ordered: readonly Ordered[], after: OrderKey | null, offset: number): number {
  if (after === null) return Math.min(offset, ordered.length);
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(ordered[mid]!.key, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The cursor after a key: opaque to callers, it names the order it belongs to. */
export function encodeCursor(sort: SearchSort, group: SearchGroup, key: OrderKey): string {
  return Buffer.from(JSON.stringify({ s: sort, g: group, k: key })).toString('base64url');
}

const MAX_CURSOR_CHARS = 1000;

/** The key in a cursor, or a message when it is not a cursor of this sort and grouping. */
export function decodeCursor(cursor: string, sort: SearchSort, group: SearchGroup): OrderKey | string {
  const bad =
    'the cursor is not one this search gave (pass the "next" of a previous page, with the same --sort and --group)';
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) return bad;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad;
  }
  if (typeof value !== 'object' || value === null) return bad;
  const { s, g, k } = value as { s?: unknown; g?: unknown; k?: unknown };
  if (!SEARCH_SORTS.includes(s as SearchSort) || !SEARCH_GROUPS.includes(g as SearchGroup)) return bad;
  if (!Array.isArray(k) || k.length === 0 || k.length > 16 || !k.every((n) => typeof n === 'number' && isFinite(n)))
    return bad;
  if (s !== sort || g !== group)
    return `the cursor belongs to --sort ${String(s)}${g === 'session' ? ' --group session' : ''}: ask for the same order, or start again without it`;
  return k as number[];
}
