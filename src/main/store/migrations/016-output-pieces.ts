import type { Migration } from './migration';
import { cutPieces, packPiece } from '../output-pieces';

/** Outputs converted per statement: their texts are held in memory meanwhile. */
const PAGE = 256;

/**
 * Output text stored once, compressed, in pieces of 16 K characters (output-pieces.ts), indexed piece
 * by piece. Before, the text was stored whole (outputs.text, 1.1 GB on the bench's 1 GB import)
 * and indexed whole by outputs_trigram and outputs_words (with positions: 568 MB); a search read
 * every candidate output whole (~40 KB) to check a match. The piece indexes are contentless
 * (the text is in output_pieces, deflated) and keep no positions; a piece's row is deleted from
 * them by trigger, its text written by output-pieces.ts (a trigger cannot deflate).
 * Existing outputs are cut into pieces here, in the migration's transaction; outputs.text goes.
 */
export const migration016: Migration = {
  version: 16,
  name: 'output text in compressed, indexed pieces',
  up: (db) => {
    db.exec(`
      CREATE TABLE output_pieces (
        id          INTEGER PRIMARY KEY,
        output_id   INTEGER NOT NULL,
        start_char  INTEGER NOT NULL,
        text        BLOB NOT NULL
      );
      CREATE INDEX output_pieces_output ON output_pieces (output_id, start_char);
      CREATE VIRTUAL TABLE pieces_trigram USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'trigram', detail = none);
      CREATE VIRTUAL TABLE pieces_words USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61', detail = none);
      CREATE TRIGGER output_pieces_ad AFTER DELETE ON output_pieces BEGIN
        DELETE FROM pieces_trigram WHERE rowid = old.id;
        DELETE FROM pieces_words WHERE rowid = old.id;
      END;
      CREATE TRIGGER outputs_pieces_ad AFTER DELETE ON outputs BEGIN
        DELETE FROM output_pieces WHERE output_id = old.id;
      END;
    `);
    const page = db.prepare('SELECT id, text FROM outputs WHERE id > ? ORDER BY id LIMIT ?');
    const insert = db.prepare('INSERT INTO output_pieces (output_id, start_char, text) VALUES (?, ?, ?)');
    const trigram = db.prepare('INSERT INTO pieces_trigram (rowid, text) VALUES (?, ?)');
    const words = db.prepare('INSERT INTO pieces_words (rowid, text) VALUES (?, ?)');
    for (let after = 0; ;) {
      const rows = page.all(after, PAGE) as Array<{ id: number; text: string }>;
      for (const r of rows) {
        for (const p of cutPieces(r.text)) {
          const id = insert.run(r.id, p.start, packPiece(p.text)).lastInsertRowid;
          trigram.run(id, p.text);
          words.run(id, p.text);
        }
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
    db.exec(`
      DROP TRIGGER outputs_ai;
      DROP TRIGGER outputs_ad;
      DROP TRIGGER outputs_head_ai;
      DROP TABLE outputs_trigram;
      DROP TABLE outputs_words;
      ALTER TABLE outputs DROP COLUMN text;
    `);
  },
};
