import type { ExitClaim } from './model';

/**
 * One source's exit in words, the same in the program tab, `show` and reports: "exit 4",
 * "signal KILL", "error: …", "no exit status" (it states none) or "not recorded" (imported before
 * sshlens kept what each source states).
 */
export function exitClaimWords(c: ExitClaim): string {
  if (!c.known) return 'not recorded';
  const parts: string[] = [];
  if (c.status !== null) parts.push(`exit ${c.status}`);
  if (c.signal !== null) parts.push(`signal ${c.signal}`);
  if (c.error !== null) parts.push(`error: ${c.error}`);
  return parts.length === 0 ? 'no exit status' : parts.join(', ');
}

/** Who states it: the source's file name and format, or the value the program kept. */
export function exitClaimSource(c: ExitClaim): string {
  if (c.source === null) return 'kept by the program (source not recorded)';
  const name = c.source.path.split(/[\\/]/).pop() ?? c.source.path;
  return `${c.source.format} ${name}`;
}
