import { isStoredEpochUs } from '../formats/limits';

/**
 * Microseconds since the epoch as ISO 8601 UTC with milliseconds; null stays null, and so does a
 * value no import writes today (limits.ts), such as one an older sshlens let in: the time is then
 * unknown (readStoredTime says why), never an exception that fails a whole list.
 */
export function isoFromUs(us: number | null | undefined): string | null {
  if (us === null || us === undefined || !isStoredEpochUs(us)) return null;
  return new Date(Math.floor(us / 1000)).toISOString();
}
