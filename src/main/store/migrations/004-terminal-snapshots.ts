import type { Migration } from './migration';

/**
 * Terminal snapshots for the replay: a program's screen and scrollback, taken every few hundred
 * KiB of output during import, so a seek plays forward from the nearest one instead of from the
 * start (src/main/replay). `data` is the serialized terminal as UTF-8, raw-deflate-compressed;
 * `output_offset` the output bytes played into it, to tell a snapshot that no longer matches its
 * events. Resuming at a snapshot plays the events with a time after `at_us`. Rebuilt from
 * event_chunks with the command index (import, sshlens reindex).
 */
export const migration004: Migration = {
  version: 4,
  name: 'terminal snapshots',
  up: (db) => {
    db.exec(`
      CREATE TABLE terminal_snapshots (
        program_id      INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        at_us           INTEGER NOT NULL,
        cols            INTEGER NOT NULL,
        rows            INTEGER NOT NULL,
        output_offset   INTEGER NOT NULL,
        data            BLOB NOT NULL,
        PRIMARY KEY (program_id, at_us)
      ); -- a rowid table: its rows are tens of KiB, too big for a WITHOUT ROWID b-tree
    `);
  },
};
