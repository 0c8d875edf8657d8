import type { Migration } from './migration';

/**
 * One word for the investigator's notes (issue 15): the tables of migration 009 take the name
 * the API, the CLI and the UI use. Rows, ids and constraints are kept as they are: only names
 * change (SQLite rewrites the foreign key of note_tags to the new table name). Indexes cannot be
 * renamed in SQLite, so they are made again under their new names.
 */
export const migration014: Migration = {
  version: 14,
  name: 'notes',
  up: (db) => {
    db.exec(`
      ALTER TABLE annotations RENAME TO notes;
      ALTER TABLE annotation_tags RENAME TO note_tags;
      ALTER TABLE note_tags RENAME COLUMN annotation_id TO note_id;

      DROP INDEX annotations_program;
      DROP INDEX annotations_session;
      DROP INDEX annotations_starred;
      DROP INDEX annotation_tags_tag;
      CREATE INDEX notes_program ON notes (program_id, at_us);
      CREATE INDEX notes_session ON notes (session_id);
      CREATE INDEX notes_starred ON notes (id) WHERE starred = 1;
      CREATE INDEX note_tags_tag ON note_tags (tag, note_id);
    `);
  },
};
