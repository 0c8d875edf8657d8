/** A tag as stored: lowercase, trimmed, 1-64 of a-z 0-9 . _ : - (migration 009 checks the same). */
export const TAG_PATTERN = /^[a-z0-9._:-]{1,64}$/;

/** The stored form of a tag as typed ("  Lateral-Movement " → "lateral-movement"), or null when it cannot be one. */
export function normalizeTag(typed: string): string | null {
  const tag = typed.trim().toLowerCase();
  return TAG_PATTERN.test(tag) ? tag : null;
}
