import type { Migration } from './migration';

/**
 * The investigator's annotations (src/main/annotations): a note, tags and a star on a session, a
 * program, a command or a time range of a program. They live in their own tables so that working
 * the case never writes to the imported evidence.
 *
 * Commands are deleted and re-inserted by every reindex (command-store.ts), so a command
 * annotation is anchored by (program_id, at_us, command_text), which a reindex reproduces, not by
 * a foreign key to commands.id that would cascade it away. command_id is only the row it had when
 * annotated; readers resolve the current row from the anchor. Times are µs since the program
 * started, like commands.at_us. Sessions and programs are never deleted, and NO ACTION on their
 * foreign keys keeps it so for annotated ones. Notes are plain text, never markup.
 */
export const migration009: Migration = {
  version: 9,
  name: 'annotations',
  up: (db) => {
    db.exec(`
      CREATE TABLE annotations (
        id              INTEGER PRIMARY KEY,
        target_kind     TEXT NOT NULL CHECK (target_kind IN ('session', 'program', 'command', 'range')),
        session_id      INTEGER NOT NULL REFERENCES sessions (id),
        program_id      INTEGER REFERENCES programs (id),
        command_id      INTEGER,
        command_text    TEXT,
        at_us           INTEGER,
        end_us          INTEGER,
        note            TEXT NOT NULL DEFAULT '',
        starred         INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        created_at_us   INTEGER NOT NULL,
        updated_at_us   INTEGER NOT NULL,
        author          TEXT NOT NULL,
        CHECK (CASE target_kind
          WHEN 'session' THEN program_id IS NULL AND command_text IS NULL AND at_us IS NULL AND end_us IS NULL
          WHEN 'program' THEN program_id IS NOT NULL AND command_text IS NULL AND at_us IS NULL AND end_us IS NULL
          WHEN 'command' THEN program_id IS NOT NULL AND command_text IS NOT NULL AND at_us IS NOT NULL AND end_us IS NULL
          ELSE program_id IS NOT NULL AND command_text IS NULL AND at_us IS NOT NULL AND end_us IS NOT NULL AND end_us >= at_us
        END)
      );
      CREATE INDEX annotations_program ON annotations (program_id, at_us);
      CREATE INDEX annotations_session ON annotations (session_id);
      CREATE INDEX annotations_starred ON annotations (id) WHERE starred = 1;

      CREATE TABLE annotation_tags (
        annotation_id   INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
        tag             TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 64 AND tag NOT GLOB '*[^a-z0-9._:-]*'),
        PRIMARY KEY (annotation_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX annotation_tags_tag ON annotation_tags (tag, annotation_id);
    `);
  },
};
