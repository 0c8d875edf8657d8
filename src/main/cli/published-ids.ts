// `sshlens sessions --json` and `show --json` printed Cloudflare's ids as `sessionId` and
// `programId` before sshlens named them cfSessionId / cfProgramId inside (docs/ARCHITECTURE.md,
// glossary): scripts read that output, so it keeps its names, in the same key order.

const PUBLISHED: Readonly<Record<string, string>> = { cfSessionId: 'sessionId', cfProgramId: 'programId' };

/** A copy of plain JSON data with Cloudflare's ids under their published names, at any depth. */
export function withPublishedIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withPublishedIds);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [PUBLISHED[k] ?? k, withPublishedIds(v)]));
}
