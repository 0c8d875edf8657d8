import type { Migration } from './migration';

/**
 * Indexes for the timeline (store/timeline-queries.ts), which asks again on every brush and must
 * answer in tens of ms at 100,000 sessions (`npm run bench -- --only timeline`). Measured there
 * before → after, per statement:
 * - sessions with a problem (errorsOnly, Histogram.errors, hasError): a scan of every program,
 *   15 ms → two small partial indexes, under 1 ms;
 * - the type filter and facet: programs by (type, session_id), read without the table
 *   (it replaces programs_type);
 * - the user filter compares lower(user_email), username and user_id: a scan, 20-30 ms → a lookup
 *   in each, 2 ms (sessions_user on user_email served no query: every one lowers it);
 * - the address filter, a prefix range on either address: 27 ms → 3 ms;
 * - the facets group by the shown user, target, host (an address without its port) and type:
 *   250 ms with temporary sort trees → ~40 ms, each a walk of one index;
 * - a time window: with the longest session's length (sessions_length) the start index bounds it
 *   from both sides, 8 ms → 1 ms for a week; the last end (sessions_end): 8 ms → instant.
 * SQLite uses an index on an expression only for the same expression: the queries must keep
 * writing them exactly so (test/integration/timeline-queries.test.ts checks the facets' plans).
 */
export const migration005: Migration = {
  version: 5,
  name: 'timeline indexes',
  up: (db) => {
    db.exec(`
      CREATE INDEX programs_problem ON programs (session_id)
        WHERE exit_status <> 0 OR exit_signal IS NOT NULL OR exit_error IS NOT NULL OR incomplete = 1;
      CREATE INDEX sessions_error ON sessions (error) WHERE error IS NOT NULL;

      DROP INDEX programs_type;
      CREATE INDEX programs_type_session ON programs (type, session_id);

      DROP INDEX sessions_user;
      CREATE INDEX sessions_email ON sessions (lower(user_email));
      CREATE INDEX sessions_username ON sessions (username);
      CREATE INDEX sessions_user_id ON sessions (user_id);
      CREATE INDEX sessions_user_shown ON sessions (COALESCE(user_email, username));

      CREATE INDEX sessions_client ON sessions (client_address);
      CREATE INDEX sessions_server ON sessions (server_address);
      CREATE INDEX sessions_client_host ON sessions (CASE WHEN client_address GLOB '[[]*]*' THEN substr(client_address, 1, instr(client_address, ']'))
        WHEN client_address GLOB '*:*:*' THEN client_address
        WHEN instr(client_address, ':') > 0 THEN substr(client_address, 1, instr(client_address, ':') - 1) ELSE client_address END);
      CREATE INDEX sessions_server_host ON sessions (CASE WHEN server_address GLOB '[[]*]*' THEN substr(server_address, 1, instr(server_address, ']'))
        WHEN server_address GLOB '*:*:*' THEN server_address
        WHEN instr(server_address, ':') > 0 THEN substr(server_address, 1, instr(server_address, ':') - 1) ELSE server_address END);

      CREATE INDEX sessions_end ON sessions (COALESCE(finished_at_us, started_at_us));
      CREATE INDEX sessions_length ON sessions (COALESCE(finished_at_us, started_at_us) - started_at_us);
    `);
  },
};
