import type { Migration } from './migration';

/**
 * Commands reconstructed from the event streams, the moments around them, and full-text
 * indexes: trigram tables for substring search (paths, IPs, flags), unicode61 tables for
 * whole-word search. All of it can be rebuilt from event_chunks (sshlens reindex).
 */
export const migration002: Migration = {
  version: 2,
  name: 'commands and full-text search',
  up: (db) => {
    db.exec(`
      CREATE TABLE commands (
        id                  INTEGER PRIMARY KEY,
        program_id          INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        seq                 INTEGER NOT NULL,
        at_us               INTEGER NOT NULL,
        kind                TEXT NOT NULL CHECK (kind IN ('shell', 'exec', 'program-input')),
        method              TEXT NOT NULL CHECK (method IN ('exec', 'screen', 'keystrokes')),
        guess               TEXT,
        text                TEXT NOT NULL,
        prompt              TEXT,
        cwd                 TEXT,
        user                TEXT,
        host                TEXT,
        program_name        TEXT,
        parent_id           INTEGER REFERENCES commands (id) ON DELETE SET NULL,
        output_start_us     INTEGER NOT NULL,
        output_end_us       INTEGER NOT NULL,
        output_start_offset INTEGER NOT NULL,
        output_end_offset   INTEGER NOT NULL,
        exit_status         INTEGER,
        UNIQUE (program_id, seq)
      );
      CREATE INDEX commands_time ON commands (program_id, at_us);

      -- Plain-text output: one row per command (command_id set) or stray segment (null).
      CREATE TABLE outputs (
        id                  INTEGER PRIMARY KEY,
        program_id          INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        command_id          INTEGER REFERENCES commands (id) ON DELETE CASCADE,
        start_us            INTEGER NOT NULL,
        end_us              INTEGER NOT NULL,
        start_offset        INTEGER NOT NULL,
        end_offset          INTEGER NOT NULL,
        text                TEXT NOT NULL
      );
      CREATE INDEX outputs_program ON outputs (program_id, start_us);
      CREATE INDEX outputs_command ON outputs (command_id);

      CREATE TABLE marks (
        id                  INTEGER PRIMARY KEY,
        program_id          INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        at_us               INTEGER NOT NULL,
        end_us              INTEGER,
        kind                TEXT NOT NULL,
        detail              TEXT
      );
      CREATE INDEX marks_program ON marks (program_id, at_us);

      CREATE VIRTUAL TABLE commands_trigram USING fts5 (text, content = 'commands', content_rowid = 'id', tokenize = 'trigram');
      CREATE VIRTUAL TABLE commands_words USING fts5 (text, content = 'commands', content_rowid = 'id', tokenize = 'unicode61');
      CREATE VIRTUAL TABLE outputs_trigram USING fts5 (text, content = 'outputs', content_rowid = 'id', tokenize = 'trigram');
      CREATE VIRTUAL TABLE outputs_words USING fts5 (text, content = 'outputs', content_rowid = 'id', tokenize = 'unicode61');

      CREATE TRIGGER commands_ai AFTER INSERT ON commands BEGIN
        INSERT INTO commands_trigram (rowid, text) VALUES (new.id, new.text);
        INSERT INTO commands_words (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER commands_ad AFTER DELETE ON commands BEGIN
        INSERT INTO commands_trigram (commands_trigram, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO commands_words (commands_words, rowid, text) VALUES ('delete', old.id, old.text);
      END;
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
