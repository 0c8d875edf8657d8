/**
 * Dates and times in `after:` / `before:`: 2026-11-21 (midnight UTC), 2026-11-21T17:20,
 * 2026-11-21T17:20:05.5Z, with an offset (+02:00), or unix seconds. No zone means UTC, as
 * everywhere in sshlens. Returns microseconds since the epoch, or null when it is not a time.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseQueryTime(value: string): number | null {
  const v = value.trim();
  if (/^\d{9,11}$/.test(v)) return Number(v) * 1_000_000;
  const m = ISO.exec(v);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.UTC rolls 2026-02-30 over into March: check every field instead of trusting it.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
    return null;
  const offset = offsetMs(m[8]);
  if (offset === null) return null;
  const fraction = Number((m[7] ?? '').padEnd(6, '0') || 0);
  return (Date.UTC(year, month - 1, day, hour, minute, second) - offset) * 1000 + fraction;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMs(zone: string | undefined): number | null {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 23 || minutes > 59) return null;
  return (digits.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
