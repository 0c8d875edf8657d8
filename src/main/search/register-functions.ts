import type { Database } from 'better-sqlite3';
import type { TermKind } from './query-types';
import { termMatches } from './text-match';

const registered = new WeakSet<Database>();

/**
 * sshlens_match(text, kind, term): 1 when the term matches the text as text-match.ts defines it.
 * SQL calls it for the tests no index can answer (whole words next to a substring index, short
 * or non-ASCII substrings), so both sides agree on what a match is.
 */
export function registerSearchFunctions(db: Database): void {
  if (registered.has(db)) return;
  db.function('sshlens_match', { deterministic: true }, (text: unknown, kind: unknown, term: unknown) =>
    typeof text === 'string' && typeof term === 'string' && termMatches(text, kind as TermKind, term) ? 1 : 0,
  );
  registered.add(db);
}
