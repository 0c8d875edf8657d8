import type { Migration } from './migration';

/** Characters of each output kept in output_heads: what search ranks an output candidate by. */
export const OUTPUT_HEAD_CHARS = 1024;

/**
 * The first characters of each output, in a table of their own. Search ranks up to 200 output
 * candidates per query by their first characters (compile-search.ts); read from `outputs.text`,
 * SQLite reads each value whole (about 40 KB on a real case, 8 MB per query, most of a query's
 * time and all of its disk reads when the case is not in the page cache). 1 KiB each is about
 * 2.5% of the output text. Kept by triggers, so every way outputs are written fills it.
 *
 * And event chunks by output offset: placing a search hit in the recording starts at the chunk
 * holding the output's first byte, which was found by visiting every chunk of the program (one
 * disk read each when the case is not in the page cache).
 *
 * And sessions in the timeline's list order with their program types: a page of a type filter
 * (and its count) walks this index alone instead of every session row before the page (the last
 * page of 68,000 shell sessions among 100,000: 64-79 ms, then 14 ms).
 */
export const migration015: Migration = {
  version: 15,
  name: 'output heads; event chunks by output offset; sessions by start with their types',
  up: (db) => {
    db.exec(`
      CREATE TABLE output_heads (
        id    INTEGER PRIMARY KEY,
        head  TEXT NOT NULL
      );
      INSERT INTO output_heads (id, head) SELECT id, substr(text, 1, ${OUTPUT_HEAD_CHARS}) FROM outputs;
      CREATE TRIGGER outputs_head_ai AFTER INSERT ON outputs BEGIN
        INSERT INTO output_heads (id, head) VALUES (new.id, substr(new.text, 1, ${OUTPUT_HEAD_CHARS}));
      END;
      CREATE INDEX event_chunks_output ON event_chunks (program_id, output_offset, seq);
      CREATE INDEX sessions_page ON sessions (started_at_us, id, program_types);
      CREATE TRIGGER outputs_head_ad AFTER DELETE ON outputs BEGIN
        DELETE FROM output_heads WHERE id = old.id;
      END;
    `);
  },
};
