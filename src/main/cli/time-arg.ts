import { CliError } from './cli-error';

/** A --since/--until value: an ISO date (UTC midnight) or datetime, or unix seconds. */
export function parseTimeArg(value: string, flag: string): number {
  const v = value.trim();
  if (/^\d{9,11}$/.test(v)) return Number(v) * 1_000_000;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new CliError(`${flag}: "${value}" is not a date or time (use e.g. 2026-11-21 or 2026-11-21T17:20:00Z)`, 2);
  return ms * 1000;
}
