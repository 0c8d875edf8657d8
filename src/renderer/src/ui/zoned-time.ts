// Calendar arithmetic in a named IANA time zone ('UTC', 'Europe/Berlin'…), not only the machine's:
// the UI shows times in UTC or in the local zone (time-zone.ts), and the time axis places its
// ticks on round times of that zone, across daylight-saving changes. Pure: no DOM, no settings.

const HOUR = 3_600_000;

export interface ZonedFields {
  year: number;
  /** 0–11, as Date's. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** 0 = Sunday, as Date's. */
  weekday: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    partsFormats.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in `zone`. */
export function fieldsIn(ms: number, zone: string): ZonedFields {
  const out: ZonedFields = { year: 0, month: 0, day: 1, hour: 0, minute: 0, second: 0, ms: 0, weekday: 0 };
  let bc = false;
  for (const p of partsFormat(zone).formatToParts(ms)) {
    switch (p.type) {
      case 'year':
        out.year = Number(p.value);
        break;
      case 'month':
        out.month = Number(p.value) - 1;
        break;
      case 'day':
        out.day = Number(p.value);
        break;
      case 'hour':
        out.hour = Number(p.value);
        break;
      case 'minute':
        out.minute = Number(p.value);
        break;
      case 'second':
        out.second = Number(p.value);
        break;
      case 'weekday':
        out.weekday = WEEKDAYS[p.value] ?? 0;
        break;
      case 'era':
        bc = p.value === 'BC' || p.value === 'B';
        break;
    }
  }
  if (bc) out.year = 1 - out.year;
  out.ms = ((ms % 1000) + 1000) % 1000;
  return out;
}

/** How far `zone`'s wall clock is ahead of UTC at an instant, in milliseconds (+3,600,000 for CET). */
export function offsetMs(ms: number, zone: string): number {
  const f = fieldsIn(ms, zone);
  const wall = Date.UTC(f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms);
  // Date.UTC maps years 0–99 to 1900–1999: no recording is that old, and the axis never goes there.
  return wall - ms;
}

/**
 * The instant a wall-clock time in `zone` names, with Date's rules: fields may overflow (hour 25
 * is the next day's 01:00), a time that happens twice (clocks turned back) is the earlier one,
 * and a time that never happens (clocks turned forward) is read with the offset before the change.
 */
export function zonedMs(
  zone: string,
  year: number,
  month: number,
  day = 1,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const wall = Date.UTC(year, month, day, hour, minute, second, ms);
  // The offsets in force around it: a zone changes its offset at most once within a day.
  const before = offsetMs(wall - 14 * HOUR, zone);
  const after = offsetMs(wall + 14 * HOUR, zone);
  const fits = [before, after].map((o) => wall - o).filter((t) => offsetMs(t, zone) === wall - t);
  return fits.length > 0 ? Math.min(...fits) : wall - before;
}

/** Midnight at the start of the day an instant falls on, in `zone`. */
export function startOfDay(ms: number, zone: string): number {
  const f = fieldsIn(ms, zone);
  return zonedMs(zone, f.year, f.month, f.day);
}

/** The same calendar day in `zone` (both instants). */
export function sameDay(a: ZonedFields, b: ZonedFields): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}
