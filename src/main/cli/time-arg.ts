import { parseQueryTime } from '../search/query-time';
import { CliError } from './cli-error';

/** A --since/--until value: read exactly as the search's after:/before: (one parser for both). */
export function parseTimeArg(value: string, flag: string): number {
  const us = parseQueryTime(value);
  if (us === null)
    throw new CliError(`${flag}: "${value}" is not a date or time (use e.g. 2026-11-21 or 2026-11-21T17:20:00Z)`, 2);
  return us;
}
