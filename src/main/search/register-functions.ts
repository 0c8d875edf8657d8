import type { Database } from 'better-sqlite3';
import type { TermKind } from './query-types';
import { termMatches } from './text-match';
import { joinStoredPieces, pieceText, unpackPiece, type StoredPiece } from '../store/output-pieces';

const registered = new WeakSet<Database>();

/**
 * Output text (UTF-16 units) one query may inflate to test pieces. Testing a piece means
 * inflating it (~16 K characters): a substring whose trigrams most pieces hold (hex bytes of a
 * `hexdump -C`) tested up to 5000 pieces, 4 s on the bench's 1 GB case, mostly zlib. Past the
 * budget every piece test says no and the query says it stopped (SearchResult.incomplete).
 */
export interface InflateBudget {
  charsLeft: number;
  /** A test was refused: hits may be missing. */
  spent: boolean;
  /**
   * What this query's piece tests found, by term: outputs known to hold it, pieces known not to.
   * A walk that goes on past its first rows walks them again, and an output's other pieces need
   * no test once one holds the term (the tests ask whether an output holds it): neither is inflated again.
   */
  known: Map<string, { outputs: Set<number>; misses: Set<number> }>;
}

const budgets = new WeakMap<Database, InflateBudget>();

/** Starts a query's budget on this connection (each query starts its own; queries on one connection run one at a time). */
export function startInflateBudget(db: Database, chars: number): InflateBudget {
  const budget: InflateBudget = { charsLeft: chars, spent: false, known: new Map() };
  budgets.set(db, budget);
  return budget;
}

/** Whether the query may inflate more; marks the budget spent when it may not. */
/** Ends the query's budget: tests outside a query are not limited. */
export function endInflateBudget(db: Database): void {
  budgets.delete(db);
}

function mayInflate(db: Database): boolean {
  const b = budgets.get(db);
  if (b === undefined || b.charsLeft > 0) return true;
  b.spent = true;
  return false;
}

function knownOf(
  db: Database,
  kind: unknown,
  term: unknown,
): { outputs: Set<number>; misses: Set<number> } | undefined {
  const b = budgets.get(db);
  if (b === undefined) return undefined;
  const key = `${String(kind)}\u0000${String(term)}`;
  let k = b.known.get(key);
  if (k === undefined) b.known.set(key, (k = { outputs: new Set(), misses: new Set() }));
  return k;
}

function charge(db: Database, text: string): string {
  const b = budgets.get(db);
  if (b !== undefined) b.charsLeft -= text.length;
  return text;
}

/**
 * sshlens_match(text, kind, term): 1 when the term matches the text as text-match.ts defines it.
 * SQL calls it for the tests no index can answer (whole words next to a substring index, short
 * or non-ASCII substrings), so both sides agree on what a match is.
 */
export function registerSearchFunctions(db: Database): void {
  if (registered.has(db)) return;
  // A fourth argument, if any, is ignored: a column the test waits for (piece-tests.ts).
  db.function('sshlens_match', { deterministic: true, varargs: true }, (text: unknown, kind: unknown, term: unknown) =>
    typeof text === 'string' && typeof term === 'string' && termMatches(text, kind as TermKind, term) ? 1 : 0,
  );
  // The same test on an output piece's stored (deflated) text, and an output's whole text from its
  // pieces (null past the budget). Not deterministic: past the query's budget the answer is no.
  // sshlens_piece_match(blob, kind, term, piece, output): the answer is remembered for the query,
  // and sshlens_piece_known(piece, output, kind, term) gives it (1, 0, or null: not tested) first.
  db.function(
    'sshlens_piece_known',
    { varargs: true },
    (piece: unknown, output: unknown, kind: unknown, term: unknown) => {
      const k = knownOf(db, kind, term);
      if (k === undefined) return null;
      if (typeof output === 'number' && k.outputs.has(output)) return 1;
      return typeof piece === 'number' && k.misses.has(piece) ? 0 : null;
    },
  );
  // sshlens_may_inflate(): whether the query may still inflate pieces (marks its budget spent when
  // not). A CASE on it keeps SQLite from reading a piece's blob (~5 KB) only to be refused.
  db.function('sshlens_may_inflate', { varargs: false }, () => (mayInflate(db) ? 1 : 0));
  db.function(
    'sshlens_piece_match',
    { varargs: true },
    (blob: unknown, kind: unknown, term: unknown, piece?: unknown, output?: unknown) => {
      if (!(blob instanceof Uint8Array) || typeof term !== 'string' || !mayInflate(db)) return 0;
      const text = typeof piece === 'number' ? pieceText(db, piece, blob) : unpackPiece(blob);
      const yes = termMatches(charge(db, text), kind as TermKind, term);
      const k = typeof piece === 'number' && typeof output === 'number' ? knownOf(db, kind, term) : undefined;
      if (yes) k?.outputs.add(output as number);
      else k?.misses.add(piece as number);
      return yes ? 1 : 0;
    },
  );
  // sshlens_join_pieces(start_char, text[, id]): an output's whole text from its pieces (with ids, through the cache).
  db.aggregate('sshlens_join_pieces', {
    varargs: true,
    start: (): StoredPiece[] => [],
    step: (list: StoredPiece[], ...args: unknown[]) => {
      const [start, blob, id] = args;
      if (typeof start === 'number' && blob instanceof Uint8Array)
        list.push({ id: typeof id === 'number' ? id : null, start, blob });
      return list;
    },
    result: (list: StoredPiece[]) => (mayInflate(db) ? charge(db, joinStoredPieces(db, list)) : null),
  });
  registered.add(db);
}
