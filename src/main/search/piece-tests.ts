import { PIECE_OVERLAP } from '../store/output-pieces';
import { ftsString } from './fts-query';
import type { TextTerm } from './query-types';
import type { SqlParams } from './sql-params';
import { wordTokens } from './text-match';

/**
 * Tests of a term on output text, which is stored in compressed pieces (store/output-pieces.ts):
 * SQL calls sshlens_piece_match (register-functions.ts) on a piece's blob, or on an output's
 * whole text joined from its pieces when one piece cannot decide.
 */

/**
 * One piece decides a term when every match of it fits in PIECE_OVERLAP + 1 characters: a
 * substring of that length, a word term of half of it (accents may be stored as separate
 * combining characters, and words are separated by at least one character). A phrase of words
 * with more separators than that between them across a piece boundary is not found.
 */
export function pieceDecides(t: TextTerm): boolean {
  const max = PIECE_OVERLAP + 1;
  return t.kind === 'substring' ? t.text.length <= max : t.text.length <= max / 2;
}

/**
 * The term tested on the piece `x` (a row of output_pieces); `after`: a column the test then waits
 * for (it is not used). What the query already knows (its output holds the term, or this piece was
 * tested and does not) answers first, without reading or inflating the piece (register-functions.ts).
 */
export function pieceTest(t: TextTerm, x: string, params: SqlParams, after?: string): string {
  const kind = params.bind(t.kind);
  const text = params.bind(t.text);
  const known = `sshlens_piece_known(${x}.id, ${x}.output_id, ${kind}, ${text})`;
  const match = `sshlens_piece_match(${x}.text, ${kind}, ${text}, ${x}.id, ${x}.output_id${after === undefined ? '' : `, ${after}`})`;
  // Past the query's budget the piece is not even read: the answer would be no anyway.
  return `COALESCE(${known}, CASE WHEN sshlens_may_inflate() THEN ${match} ELSE 0 END)`;
}

/**
 * The term tested on the output `o`: on its pieces one by one, or on its whole text when one piece
 * cannot decide; `after` as for pieceTest.
 */
export function outputTest(t: TextTerm, o: string, params: SqlParams, after?: string): string {
  if (pieceDecides(t)) {
    return `EXISTS (SELECT 1 FROM output_pieces x WHERE x.output_id = ${o}.id AND ${pieceTest(t, 'x', params, after)})`;
  }
  const whole = `(SELECT sshlens_join_pieces(x.start_char, x.text, x.id) FROM output_pieces x WHERE x.output_id = ${o}.id)`;
  return `sshlens_match(${whole}, ${params.bind(t.kind)}, ${params.bind(t.text)}${after === undefined ? '' : `, ${after}`})`;
}

/**
 * The piece word index keeps no positions (detail=none refuses phrases): a term is looked up as
 * each of its words (the last a prefix for a prefix term), and a term of more than one word is
 * then tested on the piece.
 */
export function pieceWordsMatch(t: TextTerm): string {
  const tokens = wordTokens(t.text);
  return tokens
    .map((w, i) => (t.kind === 'prefix' && i === tokens.length - 1 ? `${ftsString(w)} *` : ftsString(w)))
    .join(' AND ');
}

/** The word index alone decides a word or prefix term of one word (pieces are cut between words). */
export function decidedByPieceWords(t: TextTerm): boolean {
  return t.kind !== 'substring' && wordTokens(t.text).length === 1;
}
