// What a session reads as in a title line.

import type { SessionDetail } from '../../../../shared/views';

/** Who: the email, else the username, else the user id; null when the recording names nobody. */
export function userOf(s: SessionDetail): string | null {
  return s.userEmail ?? s.username ?? s.userId ?? null;
}

/** Span from start to end in ms, or the programs' own when the session has no end. */
export function sessionDurationMs(s: SessionDetail): number | null {
  if (s.start && s.end) return Math.max(0, Date.parse(s.end) - Date.parse(s.start));
  const known = s.programDetails.map((p) => p.durationMs).filter((d): d is number => d !== null);
  return known.length > 0 ? Math.max(...known) : null;
}
