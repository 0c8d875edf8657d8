import type { Migration } from './migration';

/**
 * Indexes for the swim lanes (store/timeline-lanes.ts): each lane's sessions in start order, so
 * that over the whole case a lane's count and its first sessions are read from one index range
 * (no table rows for the count, no sort for the first ones). Measured at 100,000 sessions
 * (`npm run bench -- --only timeline`), 60 lanes by user over the whole case: p50 102 → 27 ms,
 * p99 122 → 35 ms; a week's lanes stay at 10-12 ms; the other queries' plans are unchanged. The
 * expressions are the lanes' own, written exactly so (SQLite uses an index on an expression only
 * for the same expression).
 */
export const migration011: Migration = {
  version: 11,
  name: 'lane indexes',
  up: (db) => {
    db.exec(`
      CREATE INDEX sessions_lane_user ON sessions (COALESCE(user_email, username), started_at_us);
      CREATE INDEX sessions_lane_target ON sessions (target_id, started_at_us);
      CREATE INDEX sessions_lane_client ON sessions (CASE WHEN client_address GLOB '[[]*]*' THEN substr(client_address, 1, instr(client_address, ']'))
        WHEN client_address GLOB '*:*:*' THEN client_address
        WHEN instr(client_address, ':') > 0 THEN substr(client_address, 1, instr(client_address, ':') - 1) ELSE client_address END, started_at_us);
    `);
  },
};
