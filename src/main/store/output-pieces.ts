import type { Database } from 'better-sqlite3';
import { isAscii } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { OUTPUT_HEAD_CHARS } from './migrations/015-output-heads';
import { pieceTextCache } from './piece-text-cache';
import { statement } from './statement-cache';

/**
 * Output text is stored as pieces (migration 016): each 16 K characters of an output's text,
 * deflated, one row of output_pieces, and indexed piece by piece (pieces_trigram, pieces_words,
 * contentless), so the text is stored once, compressed, and a search tests the piece a candidate
 * match is in, not the whole output (~40 KB on a real case, up to 1 MiB). This module is the only writer and reader of
 * the pieces: everything that needs an output's text goes through readOutputText & co.
 *
 * A piece owns the characters from its start to the next piece's start, and stores PIECE_OVERLAP
 * more (stretched to the end of a word): a match of up to PIECE_OVERLAP + 1 characters that starts
 * in a piece lies wholly in its stored text, so one piece verifies it. Pieces are cut between a
 * character that is not a letter or digit and the one before, so the first and last words of a
 * piece are whole words (a whole-word test on the piece alone agrees with one on the output).
 */

/**
 * Characters (UTF-16 units, as JavaScript indexes strings) a piece owns, at most. Measured on the
 * bench's 64 MB import: 4 K-character pieces made the piece trigram index 1.7 times and the pieces
 * 1.3 times the size (a deflated 4 K piece fills half a 4 KiB page; a 16 K one overflows into full
 * pages), for a case 1.80 times its captures instead of 1.49; inflating a piece is 60 µs instead of 25.
 */
export const PIECE_CHARS = 16384;
/** Characters past its own that a piece also stores and indexes: the longest match a piece alone verifies is this + 1. */
export const PIECE_OVERLAP = 63;
/** How far a cut moves to land between words: a run of letters longer than this is cut inside. */
const CUT_SEARCH = 256;

export interface Piece {
  /** UTF-16 offset in the output's text where the piece (and what it owns) starts. */
  start: number;
  /** The stored text: what the piece owns, then up to PIECE_OVERLAP+ characters of the next. */
  text: string;
}

/** A character a piece may start at or end before: ASCII and not a letter or digit (so no word spans it). */
function isCutChar(code: number): boolean {
  return (
    code < 0x80 && !((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
  );
}

/** An index near `at` (at most CUT_SEARCH back, or else forward) whose character is a cut character; else `at`, never inside a surrogate pair. */
function cutNear(text: string, at: number, backward: boolean): number {
  if (at >= text.length) return text.length;
  if (backward) {
    for (let i = at; i > at - CUT_SEARCH && i > 0; i--) if (isCutChar(text.charCodeAt(i))) return i;
  }
  for (let i = at; i < at + CUT_SEARCH && i < text.length; i++) if (isCutChar(text.charCodeAt(i))) return i;
  const code = text.charCodeAt(at);
  if (code < 0xdc00 || code > 0xdfff) return at;
  return backward ? at - 1 : at + 1;
}

/** An output's text as pieces, in order; none for an empty text. */
export function cutPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (let start = 0; start < text.length;) {
    const next = start + PIECE_CHARS >= text.length ? text.length : cutNear(text, start + PIECE_CHARS, true);
    const own = next > start ? next : Math.min(text.length, start + PIECE_CHARS);
    const end = own >= text.length ? text.length : cutNear(text, own + PIECE_OVERLAP, false);
    pieces.push({ start, text: text.slice(start, Math.max(end, own)) });
    start = own;
  }
  return pieces;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with each lone surrogate (no character of its own) replaced by U+FFFD, as UTF-8 must. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** A piece's stored form: its UTF-8 bytes, deflated. */
export function packPiece(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf8'));
}

/**
 * zlib's output buffer for a piece: one 32 KiB buffer holds the UTF-8 bytes of any ASCII piece
 * (PIECE_CHARS + the overlap, stretched to a word's end), where zlib's default 16 KiB chunks are
 * allocated one by one and then joined; a piece of other text (up to 3 bytes a character) may take
 * a second. Measured on the bench's 1 GB case, inflating and decoding: 16 KiB 48-50 µs a piece,
 * 32 KiB 39-40, 64 KiB 44-54 (more memory outside the heap to allocate and collect).
 */
const INFLATE_CHUNK = 32 * 1024;

/** A piece's UTF-8 bytes from its stored form. */
function inflatePiece(blob: Uint8Array): Buffer {
  return inflateRawSync(blob, { chunkSize: INFLATE_CHUNK });
}

function decodePiece(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Most output is ASCII, where Latin-1 decoding gives the same text at a fifth of UTF-8's cost.
  return isAscii(b) ? b.toString('latin1') : b.toString('utf8');
}

export function unpackPiece(blob: Uint8Array): string {
  return decodePiece(inflatePiece(blob));
}

/** The text of the stored piece `id`, through the connection's cache of recently read pieces (piece-text-cache.ts). */
export function pieceText(db: Database, id: number, blob: Uint8Array): string {
  return decodePiece(pieceTextCache(db).inflated(id, blob, inflatePiece));
}

/** A stored piece as a query reads it: its id (null: read it without the cache), where its text starts in the output, its deflated text. */
export interface StoredPiece {
  id: number | null;
  start: number;
  blob: Uint8Array;
}

/** An output's text again from its pieces in any order: each piece's own characters, the last one whole. */
export function joinPieces(rows: ReadonlyArray<{ start: number; blob: Uint8Array }>): string {
  return joinTexts(rows.map((r) => ({ start: r.start, text: unpackPiece(r.blob) })));
}

/** joinPieces, reading each piece through the connection's cache. */
export function joinStoredPieces(db: Database, rows: readonly StoredPiece[]): string {
  return joinTexts(
    rows.map((r) => ({ start: r.start, text: r.id === null ? unpackPiece(r.blob) : pieceText(db, r.id, r.blob) })),
  );
}

function joinTexts(pieces: readonly Piece[]): string {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  return sorted
    .map((p, i) => {
      const next = sorted[i + 1];
      return next === undefined ? p.text : p.text.slice(0, next.start - p.start);
    })
    .join('');
}

// Whether a connection's case indexes its pieces: a staging case does not (staging-case.ts).
const indexed = new WeakMap<Database, boolean>();

function indexesPieces(db: Database): boolean {
  let yes = indexed.get(db);
  if (yes === undefined) {
    yes = statement(db, "SELECT count(*) FROM sqlite_master WHERE name = 'pieces_trigram'", true).get() === 1;
    indexed.set(db, yes);
  }
  return yes;
}

/** Stores an output's text (its row `outputId` is written): its head for ranking, its pieces, and their index entries. */
export function writeOutputText(db: Database, outputId: number, written: string): void {
  // Lone surrogates become U+FFFD here, as UTF-8 would have them: offsets in what is stored, indexed and read back agree.
  const text = wellFormed(written);
  statement(db, 'INSERT INTO output_heads (id, head) VALUES (?, ?)').run(outputId, text.slice(0, OUTPUT_HEAD_CHARS));
  const insert = statement(db, 'INSERT INTO output_pieces (output_id, start_char, text) VALUES (?, ?, ?)');
  const index = indexesPieces(db);
  for (const p of cutPieces(text)) {
    const id = Number(insert.run(outputId, p.start, packPiece(p.text)).lastInsertRowid);
    if (index) indexPiece(db, id, p.text);
  }
}

function indexPiece(db: Database, id: number, text: string): void {
  statement(db, 'INSERT INTO pieces_trigram (rowid, text) VALUES (?, ?)').run(id, text);
  statement(db, 'INSERT INTO pieces_words (rowid, text) VALUES (?, ?)').run(id, text);
}

/** Pieces indexed per statement when indexing copied pieces: their blobs are held in memory meanwhile. */
const INDEX_PAGE = 256;

/** Indexes the pieces with ids above `afterId` (copied from a staging case, which keeps no index). */
export function indexPiecesAfter(db: Database, afterId: number): void {
  for (let after = afterId; ;) {
    const rows = statement(db, 'SELECT id, text FROM output_pieces WHERE id > ? ORDER BY id LIMIT ?').all(
      after,
      INDEX_PAGE,
    ) as Array<{ id: number; text: Buffer }>;
    for (const r of rows) indexPiece(db, r.id, unpackPiece(r.text));
    if (rows.length < INDEX_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The largest piece id (0 without pieces). */
export function lastPieceId(db: Database): number {
  return (statement(db, 'SELECT COALESCE(max(id), 0) FROM output_pieces', true).get() as number) ?? 0;
}

/** An output's whole text ('' for an output without text). */
export function readOutputText(db: Database, outputId: number): string {
  const rows = statement(
    db,
    'SELECT start_char AS start, text AS blob FROM output_pieces WHERE output_id = ? ORDER BY start_char',
  ).all(outputId) as Array<{ start: number; blob: Buffer }>;
  return joinPieces(rows);
}

/**
 * The beginning of an output's text: up to the first piece whose stored text satisfies `enough`
 * (a match starting in a piece lies in it), and the piece after it, for what follows the match;
 * the whole text when no piece does. A search hit's snippet and replay moment need no more, and
 * an output may be 1 MiB.
 */
export function readOutputUntil(db: Database, outputId: number, enough: (piece: string) => boolean): string {
  const read: Piece[] = [];
  let found = false;
  for (const r of statement(
    db,
    'SELECT id, start_char AS start, text AS blob FROM output_pieces WHERE output_id = ? ORDER BY start_char',
  ).iterate(outputId) as IterableIterator<{ id: number; start: number; blob: Uint8Array }>) {
    const piece = { start: r.start, text: pieceText(db, r.id, r.blob) };
    read.push(piece);
    if (found) break;
    found = enough(piece.text);
  }
  return joinTexts(read);
}

/** The texts of several outputs, by output row, from one statement's rows (output, start, blob) in any order. */
export function groupPieces(rows: Iterable<{ output: number; start: number; blob: Uint8Array }>): Map<number, string> {
  const byOutput = new Map<number, Array<{ start: number; blob: Uint8Array }>>();
  for (const r of rows) {
    let list = byOutput.get(r.output);
    if (!list) byOutput.set(r.output, (list = []));
    list.push(r);
  }
  return new Map([...byOutput].map(([id, list]) => [id, joinPieces(list)]));
}
