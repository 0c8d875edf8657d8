import type { Migration } from './migration';

/** Sources, sessions, programs and their chunked event streams. */
export const migration001: Migration = {
  version: 1,
  name: 'initial case schema',
  up: (db) => {
    db.exec(`
      CREATE TABLE sources (
        id              INTEGER PRIMARY KEY,
        path            TEXT NOT NULL,
        size            INTEGER NOT NULL,
        sha256          TEXT NOT NULL UNIQUE,
        format          TEXT NOT NULL,
        imported_at_us  INTEGER NOT NULL,
        key_fingerprint TEXT,
        status          TEXT NOT NULL CHECK (status IN ('imported', 'partial')),
        partial_reason  TEXT,
        warnings        TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE sessions (
        id              INTEGER PRIMARY KEY,
        cf_session_id   TEXT UNIQUE,
        account_id      TEXT,
        user_email      TEXT,
        user_id         TEXT,
        username        TEXT,
        target_id       TEXT,
        client_address  TEXT,
        server_address  TEXT,
        started_at_us   INTEGER,
        finished_at_us  INTEGER,
        error           TEXT
      );
      CREATE INDEX sessions_started ON sessions (started_at_us);
      CREATE INDEX sessions_user ON sessions (user_email);
      CREATE INDEX sessions_target ON sessions (target_id);

      CREATE TABLE programs (
        id              INTEGER PRIMARY KEY,
        session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        cf_program_id   TEXT UNIQUE,
        type            TEXT NOT NULL,
        command         TEXT,
        started_at_us   INTEGER,
        finished_at_us  INTEGER,
        incomplete      INTEGER NOT NULL DEFAULT 0,
        partial_reason  TEXT,
        term_type       TEXT,
        term_cols       INTEGER,
        term_rows       INTEGER,
        term_modes      TEXT,
        exit_status     INTEGER,
        exit_signal     TEXT,
        core_dumped     INTEGER,
        exit_error      TEXT,
        event_count     INTEGER NOT NULL DEFAULT 0,
        input_bytes     INTEGER NOT NULL DEFAULT 0,
        output_bytes    INTEGER NOT NULL DEFAULT 0,
        last_event_us   INTEGER
      );
      CREATE INDEX programs_session ON programs (session_id);
      CREATE INDEX programs_type ON programs (type);

      CREATE TABLE program_sources (
        program_id      INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        source_id       INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        PRIMARY KEY (program_id, source_id)
      ) WITHOUT ROWID;
      CREATE INDEX program_sources_source ON program_sources (source_id);

      -- Events are stored in chunks of a few thousand (see event-chunk-codec.ts): a time range
      -- of a long session is a range scan on (program_id, first_us), not millions of rows.
      CREATE TABLE event_chunks (
        id              INTEGER PRIMARY KEY,
        program_id      INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        first_us        INTEGER NOT NULL,
        last_us         INTEGER NOT NULL,
        event_count     INTEGER NOT NULL,
        output_offset   INTEGER NOT NULL,
        input_offset    INTEGER NOT NULL,
        body            BLOB NOT NULL,
        UNIQUE (program_id, seq)
      );
      CREATE INDEX event_chunks_time ON event_chunks (program_id, first_us);

      -- Logpush re-sends records while a program runs: remember which payloads are stored.
      CREATE TABLE logpush_records (
        program_id      INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        digest          TEXT NOT NULL,
        PRIMARY KEY (program_id, digest)
      ) WITHOUT ROWID;
    `);
  },
};
