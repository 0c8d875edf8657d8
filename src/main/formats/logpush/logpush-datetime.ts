/**
 * Logpush datetimes arrive as RFC 3339 strings, unix seconds or unix nanoseconds (or, from
 * some jobs, milliseconds), depending on the job's timestamp option. Returns microseconds
 * since the epoch, or null for an empty value (a program or session still running).
 */
export function parseLogpushDatetime(v: unknown): number | null | undefined {
  if (v === null || v === undefined || v === '' || v === 0 || v === '0') return null;
  if (typeof v === 'bigint') return fromInteger(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return undefined;
    if (Number.isInteger(v)) return fromInteger(BigInt(v));
    return Math.round(v * 1e6); // fractional unix seconds
  }
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return fromInteger(BigInt(s));
  if (/^\d+\.\d+$/.test(s)) return Math.round(Number(s) * 1e6);
  return parseRfc3339(s);
}

/** Integer timestamps: the magnitude tells the unit (valid for years 1973..5138). */
function fromInteger(n: bigint): number {
  if (n < 100_000_000_000n) return Number(n) * 1_000_000; // seconds
  if (n < 100_000_000_000_000n) return Number(n) * 1_000; // milliseconds
  if (n < 100_000_000_000_000_000n) return Number(n); // microseconds
  return Number(n / 1_000n); // nanoseconds, exact integer division before any float
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

function parseRfc3339(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, date, time, frac, zone] = m;
  const zoneIso =
    zone === undefined || zone === 'z' || zone === 'Z'
      ? 'Z'
      : zone.length === 5
        ? `${zone.slice(0, 3)}:${zone.slice(3)}`
        : zone;
  const ms = Date.parse(`${date}T${time}${zoneIso}`);
  if (Number.isNaN(ms)) return undefined;
  const micros = frac === undefined ? 0 : Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros;
}
