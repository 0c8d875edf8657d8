// Output text is stored as compressed pieces (store/output-pieces.ts, migration 016): whatever the
// text, reading it back gives what SQLite's TEXT column gave before (lone surrogates become U+FFFD).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import {
  cutPieces,
  PIECE_CHARS,
  PIECE_OVERLAP,
  readOutputText,
  writeOutputText,
} from '../../src/main/store/output-pieces';

/**
 * The text with each lone surrogate replaced by U+FFFD: what is stored. (A TEXT column got three
 * U+FFFD for each, from the surrogate's three WTF-8 bytes, and so changed the text's length.)
 */
const wellFormed = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${(i * 7919) % 1000}`).join(' ');

const HOSTILE: Record<string, string> = {
  empty: '',
  'one character': 'x',
  'a long run of one letter (no place to cut between words)': 'a'.repeat(3 * PIECE_CHARS + 17),
  'astral characters only': '😀'.repeat(PIECE_CHARS),
  'lone surrogates': '\ud800x\udc00y'.repeat(PIECE_CHARS),
  'a high surrogate at every cut': ('a'.repeat(PIECE_CHARS - 1) + '\ud83d\ude00').repeat(3),
  'words and line breaks': words(5000).replace(/ w5/g, '\r\nw5'),
  'control characters and NUL': '\u0000\u001b[31m\u0007'.repeat(5000),
  'combining accents': 'cafe\u0301 '.repeat(3000),
};

describe('output pieces', () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`round-trips ${name}`, () => {
      const db = new Database(':memory:');
      migrate(db);
      db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
      db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
      const id = Number(
        db
          .prepare(
            'INSERT INTO outputs (program_id, start_us, end_us, start_offset, end_offset) VALUES (1, 0, 0, 0, 0)',
          )
          .run().lastInsertRowid,
      );
      writeOutputText(db, id, text);
      expect(readOutputText(db, id) === wellFormed(text)).toBe(true);
      const pieces = cutPieces(text);
      // Each piece starts where the one before stops owning, owns at most PIECE_CHARS and stores
      // PIECE_OVERLAP more (unless the text ends first).
      expect(pieces.length).toBe(db.prepare('SELECT count(*) FROM output_pieces').pluck().get());
      for (const [i, p] of pieces.entries()) {
        const next = pieces[i + 1];
        if (next === undefined) {
          expect(p.start + p.text.length).toBe(text.length);
          continue;
        }
        expect(next.start - p.start).toBeGreaterThan(0);
        expect(next.start - p.start).toBeLessThanOrEqual(PIECE_CHARS);
        expect(p.text.length).toBeGreaterThanOrEqual(
          Math.min(next.start - p.start + PIECE_OVERLAP, text.length - p.start),
        );
        expect(p.text).toBe(text.slice(p.start, p.start + p.text.length));
      }
      db.close();
    });
  }

  it('cuts between words where it can: a piece starts and ends beside a character that is no letter or digit', () => {
    const text = words(20_000);
    const pieces = cutPieces(text);
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces.slice(1)) expect(text[p.start]).toBe(' ');
    for (const p of pieces.slice(0, -1)) expect(text[p.start + p.text.length]).toBe(' ');
  });
});
