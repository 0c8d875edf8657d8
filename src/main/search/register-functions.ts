import type { Database } from 'better-sqlite3';
import type { TermKind } from './query-types';
import { termMatches } from './text-match';
import { joinPieces, unpackPiece } from '../store/output-pieces';

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
  // The same test on an output piece's stored (deflated) text, and an output's whole text from its pieces.
  db.function(
    'sshlens_piece_match',
    { deterministic: true, varargs: true },
    (blob: unknown, kind: unknown, term: unknown) =>
      blob instanceof Uint8Array && typeof term === 'string' && termMatches(unpackPiece(blob), kind as TermKind, term)
        ? 1
        : 0,
  );
  type Pieces = Array<{ start: number; blob: Uint8Array }>;
  db.aggregate('sshlens_join_pieces', {
    varargs: true,
    start: (): Pieces => [],
    step: (list: Pieces, ...args: unknown[]) => {
      const [start, blob] = args;
      if (typeof start === 'number' && blob instanceof Uint8Array) list.push({ start, blob });
      return list;
    },
    result: (list: Pieces) => joinPieces(list),
  });
  registered.add(db);
}
