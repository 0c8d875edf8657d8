import { isStoredEpochUs } from '../formats/limits';

/** Public ids: "s12" is session row 12, "p34" program row 34, "c56" command row 56; one namespace for `show ID`. */
export type EntityRef = { kind: 'session'; row: number } | { kind: 'program'; row: number };

export const sessionRef = (row: number): string => `s${row}`;
export const programRef = (row: number): string => `p${row}`;
export const commandRef = (row: number): string => `c${row}`;

export function parseEntityRef(id: string): EntityRef | null {
  const m = /^([sp])(\d{1,15})$/i.exec(id.trim());
  if (!m) return null;
  const row = Number(m[2]);
  return m[1]!.toLowerCase() === 's' ? { kind: 'session', row } : { kind: 'program', row };
}

/**
 * Microseconds since the epoch as ISO 8601 UTC with milliseconds; null stays null, and so does a
 * value no import writes today (limits.ts), such as one an older sshlens let in: the time is then
 * unknown (readStoredTime says why), never an exception that fails a whole list.
 */
export function isoFromUs(us: number | null | undefined): string | null {
  if (us === null || us === undefined || !isStoredEpochUs(us)) return null;
  return new Date(Math.floor(us / 1000)).toISOString();
}
