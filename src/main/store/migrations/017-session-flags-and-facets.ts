import type { Migration } from './migration';

/** sessions.flags bits (kept by the triggers below; definitions in timeline-filter-sql.ts). */
export const FLAG_NON_ZERO_EXIT = 1;
export const FLAG_PROBLEM = 2;

const PROGRAM_FLAGGED =
  '(p.exit_status <> 0 OR p.exit_signal IS NOT NULL OR p.exit_error IS NOT NULL OR p.incomplete = 1)';
/** Ended with a non-zero status and not killed: the program's own answer, not an error of the recording. */
const NON_ZERO_EXIT = `(${PROGRAM_FLAGGED} AND p.exit_status <> 0 AND p.exit_signal IS NULL)`;
/** Killed, ended with an error and no status, or only partly recorded. */
const PROBLEM = `(${PROGRAM_FLAGGED} AND (p.exit_signal IS NOT NULL OR (p.exit_status IS NULL AND p.exit_error IS NOT NULL) OR p.incomplete = 1))`;

/** The flags of the session row being updated (its own error, and its programs). */
export const FLAGS_OF_ROW = `(EXISTS (SELECT 1 FROM programs p WHERE p.session_id = sessions.id AND ${NON_ZERO_EXIT}))
  | ((error IS NOT NULL OR EXISTS (SELECT 1 FROM programs p WHERE p.session_id = sessions.id AND ${PROBLEM})) << 1)`;

export const TYPE_BITS: ReadonlyArray<[string, number]> = [
  ['shell', 1],
  ['exec', 2],
  ['x11', 4],
  ['direct-tcpip', 8],
  ['forwarded-tcpip', 16],
  ['unknown', 32],
];

/** The facet values of a session row (`row` is NEW or OLD): [kind, SQL value], nulls skipped where used. */
const HOST = (a: string): string =>
  `CASE WHEN ${a} GLOB '[[]*]*' THEN substr(${a}, 1, instr(${a}, ']')) WHEN ${a} GLOB '*:*:*' THEN ${a}
    WHEN instr(${a}, ':') > 0 THEN substr(${a}, 1, instr(${a}, ':') - 1) ELSE ${a} END`;
export const facetValues = (row: string): Array<[string, string, string]> => [
  // [kind, value expression, the columns it is read from]
  ['user', `COALESCE(${row}.user_email, ${row}.username)`, 'user_email, username'],
  ['target', `${row}.target_id`, 'target_id'],
  ['address', HOST(`${row}.client_address`), 'client_address'],
  ['address', HOST(`${row}.server_address`), 'server_address'],
];

export const addFacet = (kind: string, value: string, when: string): string =>
  `INSERT INTO session_facets (kind, value, sessions) SELECT '${kind}', v, 1 FROM (SELECT ${value} AS v) WHERE v IS NOT NULL AND ${when}
     ON CONFLICT (kind, value) DO UPDATE SET sessions = sessions + 1;`;
export const removeFacet = (kind: string, value: string, when: string): string =>
  `UPDATE session_facets SET sessions = sessions - 1 WHERE kind = '${kind}' AND value = ${value} AND ${when};
   DELETE FROM session_facets WHERE kind = '${kind}' AND value = ${value} AND sessions <= 0;`;

function facetStatements(row: 'NEW' | 'OLD', change: typeof addFacet): string {
  const values = facetValues(row).map(([kind, value]) => change(kind, value, '1'));
  const types = TYPE_BITS.map(([type, bit]) => change('type', `'${type}'`, `(${row}.program_types & ${bit}) <> 0`));
  return [...values, ...types].join('\n');
}

/**
 * Two things the timeline asks on every brush, kept on write instead of computed on read (issue 13:
 * timeline p99 < 50 ms at 100,000 sessions).
 *
 * `sessions.flags`: bit 1 a program ended with a non-zero exit, bit 2 a problem (the session's own
 * error, or a program killed, ended in error or only partly recorded). The filters and the
 * histogram's flagged counts built two case-wide lists from programs on every call (about 20 ms
 * each at 100k sessions, whatever the filter); now they read a column of the row or of an index.
 *
 * `session_facets`: how many sessions have each user, target, host (client and server counted
 * apart) and program type: the facet lists were four GROUP BYs over every session (70+ ms).
 *
 * Both are kept by triggers, so every writer (import, the staging cases' adoption, linking,
 * splits and joins, deletions) keeps them true; the integration test compares them with the
 * definitions computed from scratch.
 */
export const migration017: Migration = {
  version: 17,
  name: 'session flags and facet counts',
  up: (db) => {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
      UPDATE sessions SET flags = ${FLAGS_OF_ROW};

      CREATE TRIGGER programs_flags_insert AFTER INSERT ON programs BEGIN
        UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE id = NEW.session_id;
      END;
      CREATE TRIGGER programs_flags_update AFTER UPDATE OF exit_status, exit_signal, exit_error, incomplete, session_id ON programs BEGIN
        UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE id IN (OLD.session_id, NEW.session_id);
      END;
      CREATE TRIGGER programs_flags_delete AFTER DELETE ON programs BEGIN
        UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE id = OLD.session_id;
      END;
      CREATE TRIGGER sessions_flags_error AFTER UPDATE OF error ON sessions WHEN OLD.error IS NOT NEW.error BEGIN
        UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE id = NEW.id;
      END;
      CREATE TRIGGER sessions_flags_insert AFTER INSERT ON sessions WHEN NEW.error IS NOT NULL BEGIN
        UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE id = NEW.id;
      END;

      -- The page and the histogram walk this in list order without reading session rows.
      DROP INDEX sessions_page;
      CREATE INDEX sessions_page ON sessions (started_at_us, id, program_types, flags);

      CREATE TABLE session_facets (
        kind      TEXT NOT NULL,
        value     TEXT NOT NULL,
        sessions  INTEGER NOT NULL,
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX session_facets_top ON session_facets (kind, sessions DESC, value);

      CREATE TRIGGER sessions_facets_insert AFTER INSERT ON sessions BEGIN
        ${facetStatements('NEW', addFacet)}
      END;
      CREATE TRIGGER sessions_facets_delete AFTER DELETE ON sessions BEGIN
        ${facetStatements('OLD', removeFacet)}
      END;
      CREATE TRIGGER sessions_facets_update AFTER UPDATE OF user_email, username, target_id, client_address, server_address, program_types ON sessions
        WHEN OLD.user_email IS NOT NEW.user_email OR OLD.username IS NOT NEW.username OR OLD.target_id IS NOT NEW.target_id
          OR OLD.client_address IS NOT NEW.client_address OR OLD.server_address IS NOT NEW.server_address
          OR OLD.program_types IS NOT NEW.program_types
      BEGIN
        ${facetStatements('OLD', removeFacet)}
        ${facetStatements('NEW', addFacet)}
      END;
    `);
    // Counted from scratch for an existing case: as the insert trigger would have, session by session.
    for (const [kind, value] of facetValues('s')) {
      db.exec(`INSERT INTO session_facets (kind, value, sessions)
        SELECT '${kind}', v, n FROM (SELECT ${value} AS v, count(*) AS n FROM sessions s GROUP BY v) WHERE v IS NOT NULL
        ON CONFLICT (kind, value) DO UPDATE SET sessions = sessions + excluded.sessions`);
    }
    for (const [type, bit] of TYPE_BITS) {
      db.exec(`INSERT INTO session_facets (kind, value, sessions)
        SELECT 'type', '${type}', n FROM (SELECT count(*) AS n FROM sessions WHERE (program_types & ${bit}) <> 0) WHERE n > 0`);
    }
  },
};
