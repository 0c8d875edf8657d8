import type { Migration } from './migration';

/**
 * One record per real SSH session, whatever mix of files it came from (src/main/store/linking).
 *
 * - program_sources says what each source gave each program: `role` events (its events are the
 *   program's stored events, or part of them), same (it holds the same recording: provenance
 *   only), part (a part of it: a truncated capture, one Logpush record), facts (ids, user, exit
 *   status... but no events), conflict (it disagrees: its events are kept in a variant program);
 *   `linked_by` how it was joined (null: it created the program); the span of program time it
 *   covers; `contributed` the facts it gave, as a JSON list.
 * - programs.variant_of: a program holding a source's recording that disagrees with the program it
 *   names; kept as evidence, never indexed or counted as a program of its own.
 * - programs.output_head: SHA-256 (hex, 32 digits) of the first KiB of the program's output as text,
 *   to find the same recording by content when no time says where to look.
 * - programs.logpush_shift_us: added to Logpush payload times (counted from the program start the
 *   record states) to place them on the program's own time line, measured when a Logpush program
 *   was linked to a capture, cast or ZIP whose clock starts elsewhere.
 * - program_spans: the union of the program times its stored events cover. Logpush sends a program
 *   in pieces; a piece whose time is covered already adds provenance, never events.
 * - conflicts: where two sources of one program disagree, with both values (or excerpts of output).
 * - entity_aliases: ids of sessions and programs merged into others, so `s16` still leads to where
 *   its recording went.
 */
export const migration010: Migration = {
  version: 10,
  name: 'provenance: linked sources, conflicts, aliases',
  up: (db) => {
    db.exec(`
      ALTER TABLE program_sources ADD COLUMN role TEXT NOT NULL DEFAULT 'events'
        CHECK (role IN ('events', 'same', 'part', 'facts', 'conflict'));
      ALTER TABLE program_sources ADD COLUMN linked_by TEXT CHECK (linked_by IN ('cloudflare-id', 'content', 'manual'));
      ALTER TABLE program_sources ADD COLUMN first_us INTEGER;
      ALTER TABLE program_sources ADD COLUMN last_us INTEGER;
      ALTER TABLE program_sources ADD COLUMN output_bytes INTEGER;
      ALTER TABLE program_sources ADD COLUMN contributed TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE program_sources ADD COLUMN linked_at_us INTEGER;

      ALTER TABLE programs ADD COLUMN variant_of INTEGER REFERENCES programs (id);
      ALTER TABLE programs ADD COLUMN output_head TEXT;
      ALTER TABLE programs ADD COLUMN logpush_shift_us INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX programs_started ON programs (started_at_us);
      CREATE INDEX programs_output_head ON programs (output_head) WHERE output_head IS NOT NULL;
      CREATE INDEX programs_variant ON programs (variant_of) WHERE variant_of IS NOT NULL;

      CREATE TABLE program_spans (
        program_id      INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        first_us        INTEGER NOT NULL,
        last_us         INTEGER NOT NULL,
        PRIMARY KEY (program_id, first_us)
      ) WITHOUT ROWID;
      INSERT INTO program_spans (program_id, first_us, last_us)
        SELECT program_id, MIN(first_us), MAX(last_us) FROM event_chunks GROUP BY program_id;
      UPDATE program_sources SET
        first_us = (SELECT MIN(first_us) FROM event_chunks c WHERE c.program_id = program_sources.program_id),
        last_us = (SELECT MAX(last_us) FROM event_chunks c WHERE c.program_id = program_sources.program_id);

      CREATE TABLE conflicts (
        id              INTEGER PRIMARY KEY,
        session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        program_id      INTEGER REFERENCES programs (id) ON DELETE CASCADE,
        source_id       INTEGER REFERENCES sources (id) ON DELETE CASCADE,
        variant_id      INTEGER REFERENCES programs (id) ON DELETE SET NULL,
        field           TEXT NOT NULL,
        at_us           INTEGER,
        output_offset   INTEGER,
        stored          TEXT,
        found           TEXT,
        detected_at_us  INTEGER NOT NULL
      );
      -- One row per program (or session), source and field: the first disagreement says where to look.
      CREATE UNIQUE INDEX conflicts_once ON conflicts (session_id, COALESCE(program_id, 0), COALESCE(source_id, 0), field);
      CREATE INDEX conflicts_program ON conflicts (program_id);

      CREATE TABLE entity_aliases (
        kind            TEXT NOT NULL CHECK (kind IN ('session', 'program')),
        old_id          INTEGER NOT NULL,
        new_id          INTEGER NOT NULL,
        reason          TEXT NOT NULL,
        at_us           INTEGER NOT NULL,
        PRIMARY KEY (kind, old_id)
      ) WITHOUT ROWID;
    `);
  },
};
