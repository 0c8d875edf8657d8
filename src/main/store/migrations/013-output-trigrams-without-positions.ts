import type { Migration } from './migration';

/**
 * The output's trigram index keeps which outputs hold each trigram, not where (FTS5 detail=none).
 * With positions it was the largest thing in a case: 1.9 times the output text (87 MB for 46 MB
 * of output on the bench's captures); without, 2 MB. A substring is then looked up as all of its
 * trigrams, and the outputs holding them are checked for the substring itself (compile-search.ts):
 * a 3-character one needs no check, a longer one reads only the outputs that hold every trigram.
 * The index is rebuilt from the stored text, in the migration's transaction.
 */
export const migration013: Migration = {
  version: 13,
  name: 'output trigrams without positions',
  up: (db) => {
    db.exec(`
      DROP TRIGGER outputs_ai;
      DROP TRIGGER outputs_ad;
      DROP TABLE outputs_trigram;
      CREATE VIRTUAL TABLE outputs_trigram USING fts5 (text, content = 'outputs', content_rowid = 'id', tokenize = 'trigram', detail = none);
      INSERT INTO outputs_trigram (outputs_trigram) VALUES ('rebuild');
      CREATE TRIGGER outputs_ai AFTER INSERT ON outputs BEGIN
        INSERT INTO outputs_trigram (rowid, text) VALUES (new.id, new.text);
        INSERT INTO outputs_words (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER outputs_ad AFTER DELETE ON outputs BEGIN
        INSERT INTO outputs_trigram (outputs_trigram, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO outputs_words (outputs_words, rowid, text) VALUES ('delete', old.id, old.text);
      END;
    `);
  },
};
