// Ticks for the histogram's time axis, in the machine's local zone (as every time on screen): the
// step adapts to the zoom, from years down to tenths of a second, and ticks sit on round local
// times (midnight, whole hours, the 1st of a month), also across daylight-saving changes.

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
const fmt = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(undefined, { ...options, hourCycle: 'h23' });
const dayMonth = fmt({ month: 'short', day: 'numeric' });
const monthOnly = fmt({ month: 'short' });
const monthYear = fmt({ month: 'short', year: 'numeric' });
const hourMinute = fmt({ hour: '2-digit', minute: '2-digit' });
const withSeconds = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const withMillis = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 1 });

/** Ticks inside [fromMs, toMs], at least `minPx` apart on an axis `widthPx` wide. */
export function timeTicks(fromMs: number, toMs: number, widthPx: number, minPx = 90): Tick[] {
  const span = toMs - fromMs;
  if (!(span > 0) || widthPx <= 0) return [];
  const step = STEPS.find((s) => (s.approxMs / span) * widthPx >= minPx) ?? STEPS[STEPS.length - 1]!;
  const times = tickTimes(fromMs, toMs, step);
  return times.map((ms, i) => label(ms, i === 0 ? null : times[i - 1]!, step));
}

function tickTimes(fromMs: number, toMs: number, step: Step): number[] {
  const out: number[] = [];
  const start = new Date(fromMs);
  const y = start.getFullYear();
  const m = start.getMonth();
  const d = start.getDate();
  const push = (t: number): boolean => {
    if (t > toMs) return false;
    if (t >= fromMs) out.push(t);
    return out.length < 500;
  };
  switch (step.unit) {
    case 'ms': {
      if (step.n < HOUR) {
        // Steps within an hour: multiples of the step in local time (the zone's offset at the start).
        const offset = -start.getTimezoneOffset() * MINUTE;
        for (let t = Math.ceil((fromMs + offset) / step.n) * step.n - offset; push(t); t += step.n);
        break;
      }
      // Whole hours from local midnight: new Date() folds the overflowing milliseconds into local
      // hours, so ticks stay on whole local hours across a daylight-saving change.
      const midnight = new Date(y, m, d).getTime();
      const first = Math.floor((fromMs - midnight) / step.n) - 1;
      for (let k = first; push(new Date(y, m, d, 0, 0, 0, k * step.n).getTime()); k++);
      break;
    }
    case 'day':
      // Every n-th day of the month, from the 1st (a month of 31 days has two in a row).
      for (let k = 0; k < 400; k++) {
        const day = new Date(y, m, d + k);
        if ((day.getDate() - 1) % step.n !== 0) continue;
        if (!push(day.getTime())) break;
      }
      break;
    case 'week': {
      const monday = d - ((start.getDay() + 6) % 7);
      for (let k = 0; push(new Date(y, m, monday + 7 * k).getTime()); k++);
      break;
    }
    case 'month': {
      const first = m - (m % step.n);
      for (let k = 0; push(new Date(y, first + k * step.n, 1).getTime()); k++);
      break;
    }
    case 'year': {
      const first = y - (y % step.n);
      for (let k = 0; push(new Date(first + k * step.n, 0, 1).getTime()); k++);
      break;
    }
  }
  return out;
}

function label(ms: number, previousMs: number | null, step: Step): Tick {
  const date = new Date(ms);
  const previous = previousMs === null ? null : new Date(previousMs);
  const newYear = previous === null || previous.getFullYear() !== date.getFullYear();
  switch (step.unit) {
    case 'year':
      return { ms, label: String(date.getFullYear()), major: true };
    case 'month':
      return newYear || date.getMonth() === 0
        ? { ms, label: monthYear.format(date), major: true }
        : { ms, label: monthOnly.format(date), major: false };
    case 'week':
    case 'day':
      return { ms, label: dayMonth.format(date), major: date.getDate() === 1 };
    case 'ms': {
      const midnight =
        date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
      if (midnight) return { ms, label: dayMonth.format(date), major: true };
      const text =
        step.n < SECOND
          ? withMillis.format(date)
          : step.n < MINUTE
            ? withSeconds.format(date)
            : hourMinute.format(date);
      return { ms, label: text, major: false };
    }
  }
}

/**
 * A time range in words, as short as it allows. `toMs` is inclusive (the last millisecond in
 * it), shown as the moment the range ends: [19:00:00.000, 22:29:59.999] reads "19:00 – 22:30",
 * a day's last hour "23:00 – 24:00". Seconds and milliseconds show only when needed.
 */
export function formatRange(fromMs: number, toMs: number): string {
  const endMs = toMs + 1;
  const a = new Date(fromMs);
  const b = new Date(endMs);
  const span = endMs - fromMs;
  const aligned = (unit: number): boolean => fromMs % unit === 0 && endMs % unit === 0;
  // Round bounds show to their unit; any others to a unit that suits the span.
  const unit = aligned(MINUTE) || span >= 2 * DAY ? 'minute' : aligned(SECOND) || span >= 2 * MINUTE ? 'second' : 'ms';
  const time = unit === 'minute' ? hourMinute : unit === 'second' ? withSeconds : withMillis;
  const thisYear = new Date().getFullYear();
  const day =
    a.getFullYear() === thisYear && b.getFullYear() === thisYear
      ? dayMonth
      : fmt({ year: 'numeric', month: 'short', day: 'numeric' });
  const midnight = (d: Date): boolean =>
    d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 && d.getMilliseconds() === 0;
  const lastDay = new Date(endMs - 1);
  if (midnight(a) && midnight(b)) {
    // Whole days: "Nov 3", "Nov 3 – Nov 9".
    return a.toDateString() === lastDay.toDateString() ? day.format(a) : `${day.format(a)} – ${day.format(lastDay)}`;
  }
  if (a.toDateString() === lastDay.toDateString()) {
    const end = midnight(b) ? (unit === 'minute' ? '24:00' : '24:00:00') : time.format(b);
    return `${day.format(a)}, ${time.format(a)} – ${end}`;
  }
  return `${day.format(a)}, ${time.format(a)} – ${day.format(b)}, ${time.format(b)}`;
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
export function histogramAxis(fromMs: number, toMs: number, maxBuckets: number): HistogramAxis {
  const span = Math.max(1, toMs - fromMs + 1);
  const fits = (b: number): boolean => Math.ceil(span / b) + 1 <= maxBuckets;
  const bucket = BUCKET_STEPS_MS.find(fits) ?? Math.ceil(span / (maxBuckets - 1) / DAY) * DAY;
  const from = alignDown(fromMs, bucket);
  const buckets = Math.max(1, Math.ceil((toMs + 1 - from) / bucket));
  return { fromMs: from, toMs: from + buckets * bucket - 1, buckets };
}

/** The bucket boundary at or before `ms`: counted from local midnight (from a Monday for weeks). */
function alignDown(ms: number, bucket: number): number {
  const d = new Date(ms);
  if (bucket >= DAY) {
    const weekly = bucket % (7 * DAY) === 0;
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() - (weekly ? (d.getDay() + 6) % 7 : 0)).getTime();
  }
  const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return midnight + Math.floor((ms - midnight) / bucket) * bucket;
}
