// The timeline's filters, zoom history and place in the list, kept for the browser tab's life
// (sessionStorage) so that coming back from a session finds the list as it was left. Not in the
// URL: they are a view of the case, not an address of something in it.

import { PROGRAM_TYPES, type ProgramType } from '../../../../shared/model';
import type { TimelineFilter } from '../../../../shared/views';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface TimelineView {
  /** The case these belong to: another case starts afresh. */
  casePath: string | null;
  filter: TimelineFilter;
  /** Earlier zooms, the most recent last: "zoom out" goes back to it. */
  zoomStack: Array<TimeRange | null>;
  /** Index of the selected row, and of the first row scrolled to. */
  selected: number;
  firstRow: number;
}

const KEY = 'sshlens:timeline-view';
const MAX_ZOOM_STACK = 50;

export const EMPTY_VIEW: TimelineView = { casePath: null, filter: {}, zoomStack: [], selected: 0, firstRow: 0 };

export function loadView(): TimelineView {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return EMPTY_VIEW;
    const v = JSON.parse(raw) as Partial<Record<keyof TimelineView, unknown>>;
    return {
      casePath: typeof v.casePath === 'string' ? v.casePath : null,
      filter: cleanFilter(v.filter),
      zoomStack: Array.isArray(v.zoomStack) ? v.zoomStack.slice(-MAX_ZOOM_STACK).map(cleanRange) : [],
      selected: wholeNumber(v.selected),
      firstRow: wholeNumber(v.firstRow),
    };
  } catch {
    return EMPTY_VIEW;
  }
}

export function saveView(view: TimelineView): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...view, zoomStack: view.zoomStack.slice(-MAX_ZOOM_STACK) }));
  } catch {
    // Storage full or disabled: the view is simply not remembered.
  }
}

/** Only the known fields, each of the right type: what the API's argument checks accept. */
export function cleanFilter(value: unknown): TimelineFilter {
  if (typeof value !== 'object' || value === null) return {};
  const f = value as Record<string, unknown>;
  const out: TimelineFilter = {};
  const str = (v: unknown, max: number): string | undefined =>
    typeof v === 'string' && v !== '' && v.length <= max ? v : undefined;
  const user = str(f['user'], 320);
  const target = str(f['target'], 320);
  const address = str(f['address'], 100);
  if (user !== undefined) out.user = user;
  if (target !== undefined) out.target = target;
  if (address !== undefined) out.address = address;
  if (typeof f['type'] === 'string' && PROGRAM_TYPES.includes(f['type'] as ProgramType))
    out.type = f['type'] as ProgramType;
  if (f['nonZeroExit'] === true) out.nonZeroExit = true;
  if (f['problemsOnly'] === true) out.problemsOnly = true;
  const range = cleanRange({ fromMs: f['fromMs'], toMs: f['toMs'] });
  if (range) {
    out.fromMs = range.fromMs;
    out.toMs = range.toMs;
  }
  return out;
}

function cleanRange(value: unknown): TimeRange | null {
  if (typeof value !== 'object' || value === null) return null;
  const { fromMs, toMs } = value as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 8.64e15;
  return ok(fromMs) && ok(toMs) && fromMs <= toMs ? { fromMs, toMs } : null;
}

const wholeNumber = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9 ? v : 0);

/** The filter's time window, or null when it shows all time. */
export function zoomOf(filter: TimelineFilter): TimeRange | null {
  return filter.fromMs !== undefined && filter.toMs !== undefined ? { fromMs: filter.fromMs, toMs: filter.toMs } : null;
}

export function withZoom(filter: TimelineFilter, range: TimeRange | null): TimelineFilter {
  const { fromMs: _from, toMs: _to, ...rest } = filter;
  return range ? { ...rest, fromMs: range.fromMs, toMs: range.toMs } : rest;
}

/** The filters other than time (what the histogram is drawn for). */
export function withoutTime(filter: TimelineFilter): TimelineFilter {
  return withZoom(filter, null);
}

export function hasFilters(filter: TimelineFilter): boolean {
  return Object.keys(filter).length > 0;
}

/** A stable text for a filter: equal filters give equal keys, whatever the order of their fields. */
export function filterKey(filter: TimelineFilter): string {
  return JSON.stringify([
    filter.user,
    filter.target,
    filter.address,
    filter.type,
    filter.nonZeroExit === true,
    filter.problemsOnly === true,
    filter.fromMs,
    filter.toMs,
  ]);
}
