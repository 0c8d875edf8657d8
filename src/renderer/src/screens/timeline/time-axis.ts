// Ticks for the timeline's time axes, in the zone times are shown in (UTC or the machine's, see
// ui/time-zone.ts; every function takes the zone, for tests with explicit zones): the step adapts
// to the zoom, from years down to tenths of a second, and ticks sit on round times of that zone
// (midnight, whole hours, the 1st of a month), also across daylight-saving changes.

import { currentZone } from '../../ui/time-zone';
import { fieldsIn, offsetMs, sameDay, zonedMs, type ZonedFields } from '../../ui/zoned-time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Step =
  | { unit: 'ms'; n: number; approxMs: number }
  | { unit: 'day'; n: number; approxMs: number }
  | { unit: 'week'; n: 1; approxMs: number }
  | { unit: 'month'; n: number; approxMs: number }
  | { unit: 'year'; n: number; approxMs: number };

const fixed = (ms: number): Step => ({ unit: 'ms', n: ms, approxMs: ms });
const STEPS: readonly Step[] = [
  ...[100, 200, 500].map(fixed),
  ...[1, 2, 5, 10, 15, 30].map((s) => fixed(s * SECOND)),
  ...[1, 2, 5, 10, 15, 30].map((m) => fixed(m * MINUTE)),
  ...[1, 2, 3, 6, 12].map((h) => fixed(h * HOUR)),
  { unit: 'day', n: 1, approxMs: DAY },
  { unit: 'day', n: 2, approxMs: 2 * DAY },
  { unit: 'week', n: 1, approxMs: 7 * DAY },
  { unit: 'month', n: 1, approxMs: 30.44 * DAY },
  { unit: 'month', n: 3, approxMs: 91.3 * DAY },
  { unit: 'month', n: 6, approxMs: 182.6 * DAY },
  ...[1, 2, 5, 10, 20, 50, 100].map((n): Step => ({ unit: 'year', n, approxMs: n * 365.25 * DAY })),
];

export interface Tick {
  ms: number;
  label: string;
  /** A tick that starts a new day (or month, year): drawn stronger, labelled with the date. */
  major: boolean;
}

// hourCycle h23, not hour12: false, which en-US resolves to h24 and shows midnight as "24:05".
const formats = new Map<string, Intl.DateTimeFormat>();
const fmt =
  (options: Intl.DateTimeFormatOptions) =>
  (zone: string): Intl.DateTimeFormat => {
    const key = `${zone}|${JSON.stringify(options)}`;
    let f = formats.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone, hourCycle: 'h23' });
      formats.set(key, f);
    }
    return f;
  };
const dayMonth = fmt({ month: 'short', day: 'numeric' });
const dayMonthYear = fmt({ year: 'numeric', month: 'short', day: 'numeric' });
const monthOnly = fmt({ month: 'short' });
const monthYear = fmt({ month: 'short', year: 'numeric' });
const hourMinute = fmt({ hour: '2-digit', minute: '2-digit' });
const withSeconds = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const withMillis = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 1 });

const isMidnight = (f: ZonedFields): boolean => f.hour === 0 && f.minute === 0 && f.second === 0 && f.ms === 0;

/** Ticks inside [fromMs, toMs], at least `minPx` apart on an axis `widthPx` wide. */
export function timeTicks(fromMs: number, toMs: number, widthPx: number, minPx = 90, zone = currentZone()): Tick[] {
  const span = toMs - fromMs;
  if (!(span > 0) || widthPx <= 0) return [];
  const step = STEPS.find((s) => (s.approxMs / span) * widthPx >= minPx) ?? STEPS[STEPS.length - 1]!;
  const times = tickTimes(fromMs, toMs, step, zone);
  return times.map((ms, i) => label(ms, i === 0 ? null : times[i - 1]!, step, zone));
}

function tickTimes(fromMs: number, toMs: number, step: Step, zone: string): number[] {
  const out: number[] = [];
  const { year: y, month: m, day: d, weekday } = fieldsIn(fromMs, zone);
  const push = (t: number): boolean => {
    if (t > toMs) return false;
    // A wall-clock time the zone skips (02:00 when clocks go forward) lands on the next one: once.
    if (t >= fromMs && (out.length === 0 || t > out[out.length - 1]!)) out.push(t);
    return out.length < 500;
  };
  switch (step.unit) {
    case 'ms': {
      if (step.n < HOUR) {
        // Steps within an hour: multiples of the step on the zone's clock (its offset at the start;
        // a zone whose offset is not whole hours, like India's +05:30, still ticks on :00 and :15).
        const offset = offsetMs(fromMs, zone);
        for (let t = Math.ceil((fromMs + offset) / step.n) * step.n - offset; push(t); t += step.n);
        break;
      }
      // Whole hours from midnight: zonedMs folds the overflowing milliseconds into the zone's
      // hours, so ticks stay on whole hours of its clock across a daylight-saving change.
      const midnight = zonedMs(zone, y, m, d);
      const first = Math.floor((fromMs - midnight) / step.n) - 1;
      for (let k = first; push(zonedMs(zone, y, m, d, 0, 0, 0, k * step.n)); k++);
      break;
    }
    case 'day':
      // Every n-th day of the month, from the 1st (a month of 31 days has two in a row).
      for (let k = 0; k < 400; k++) {
        const day = zonedMs(zone, y, m, d + k);
        if ((fieldsIn(day, zone).day - 1) % step.n !== 0) continue;
        if (!push(day)) break;
      }
      break;
    case 'week': {
      const monday = d - ((weekday + 6) % 7);
      for (let k = 0; push(zonedMs(zone, y, m, monday + 7 * k)); k++);
      break;
    }
    case 'month': {
      const first = m - (m % step.n);
      for (let k = 0; push(zonedMs(zone, y, first + k * step.n, 1)); k++);
      break;
    }
    case 'year': {
      const first = y - (y % step.n);
      for (let k = 0; push(zonedMs(zone, first + k * step.n, 0, 1)); k++);
      break;
    }
  }
  return out;
}

function label(ms: number, previousMs: number | null, step: Step, zone: string): Tick {
  const date = fieldsIn(ms, zone);
  const newYear = previousMs === null || fieldsIn(previousMs, zone).year !== date.year;
  switch (step.unit) {
    case 'year':
      return { ms, label: String(date.year), major: true };
    case 'month':
      return newYear || date.month === 0
        ? { ms, label: monthYear(zone).format(ms), major: true }
        : { ms, label: monthOnly(zone).format(ms), major: false };
    case 'week':
    case 'day':
      return { ms, label: dayMonth(zone).format(ms), major: date.day === 1 };
    case 'ms': {
      if (isMidnight(date)) return { ms, label: dayMonth(zone).format(ms), major: true };
      const f = step.n < SECOND ? withMillis : step.n < MINUTE ? withSeconds : hourMinute;
      return { ms, label: f(zone).format(ms), major: false };
    }
  }
}

/**
 * A time range in words, as short as it allows. `toMs` is inclusive (the last millisecond in
 * it), shown as the moment the range ends: [19:00:00.000, 22:29:59.999] reads "19:00 – 22:30",
 * a day's last hour "23:00 – 24:00". Seconds and milliseconds show only when needed.
 */
export function formatRange(fromMs: number, toMs: number, zone = currentZone(), nowMs = Date.now()): string {
  const endMs = toMs + 1;
  const a = fieldsIn(fromMs, zone);
  const b = fieldsIn(endMs, zone);
  const span = endMs - fromMs;
  // Round bounds show to their unit; any others to a unit that suits the span (the zone's offset
  // is whole minutes in every zone in use, so a whole UTC minute is a whole minute everywhere).
  const aligned = (unit: number): boolean => fromMs % unit === 0 && endMs % unit === 0;
  const unit = aligned(MINUTE) || span >= 2 * DAY ? 'minute' : aligned(SECOND) || span >= 2 * MINUTE ? 'second' : 'ms';
  const time = (unit === 'minute' ? hourMinute : unit === 'second' ? withSeconds : withMillis)(zone);
  const thisYear = fieldsIn(nowMs, zone).year;
  const day = (a.year === thisYear && b.year === thisYear ? dayMonth : dayMonthYear)(zone);
  const lastDayMs = endMs - 1;
  const lastDay = fieldsIn(lastDayMs, zone);
  if (isMidnight(a) && isMidnight(b)) {
    // Whole days: "Nov 3", "Nov 3 – Nov 9".
    return sameDay(a, lastDay) ? day.format(fromMs) : `${day.format(fromMs)} – ${day.format(lastDayMs)}`;
  }
  if (sameDay(a, lastDay)) {
    const end = isMidnight(b) ? (unit === 'minute' ? '24:00' : '24:00:00') : time.format(endMs);
    return `${day.format(fromMs)}, ${time.format(fromMs)} – ${end}`;
  }
  return `${day.format(fromMs)}, ${time.format(fromMs)} – ${day.format(endMs)}, ${time.format(endMs)}`;
}

/** "1 h", "15 min", "2 days": how wide one bucket is. */
export function formatSpan(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${round(ms / SECOND)} s`;
  if (ms < HOUR) return `${round(ms / MINUTE)} min`;
  if (ms < DAY) return `${round(ms / HOUR)} h`;
  const days = round(ms / DAY);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const round = (v: number): number => (v < 10 ? Math.round(v * 10) / 10 : Math.round(v));

// Bucket widths a histogram may use: round numbers of local time, so a bar is "14:00–15:00".
const BUCKET_STEPS_MS: readonly number[] = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12].map((h) => h * HOUR),
  ...[1, 2, 7, 14].map((d) => d * DAY),
];

export interface HistogramAxis {
  fromMs: number;
  toMs: number;
  buckets: number;
}

/**
 * The histogram axis for a time range: the narrowest round bucket width that fits the range in
 * at most `maxBuckets` bars, the range widened to whole buckets on local-time boundaries. Asked
 * for this axis, main answers with exactly that bucket width (bucketMs = span / buckets).
 */
export function histogramAxis(fromMs: number, toMs: number, maxBuckets: number, zone = currentZone()): HistogramAxis {
  const span = Math.max(1, toMs - fromMs + 1);
  const fits = (b: number): boolean => Math.ceil(span / b) + 1 <= maxBuckets;
  const bucket = BUCKET_STEPS_MS.find(fits) ?? Math.ceil(span / (maxBuckets - 1) / DAY) * DAY;
  const from = alignDown(fromMs, bucket, zone);
  const buckets = Math.max(1, Math.ceil((toMs + 1 - from) / bucket));
  return { fromMs: from, toMs: from + buckets * bucket - 1, buckets };
}

/** The bucket boundary at or before `ms`: counted from midnight in `zone` (from a Monday for weeks). */
function alignDown(ms: number, bucket: number, zone: string): number {
  const d = fieldsIn(ms, zone);
  if (bucket >= DAY) {
    const weekly = bucket % (7 * DAY) === 0;
    return zonedMs(zone, d.year, d.month, d.day - (weekly ? (d.weekday + 6) % 7 : 0));
  }
  const midnight = zonedMs(zone, d.year, d.month, d.day);
  return midnight + Math.floor((ms - midnight) / bucket) * bucket;
}
