import type { Migration } from './migration';

/**
 * The user lanes' index (011) holds every column a lane's bars read (timeline-lanes.ts): the
 * whole case's lanes by user read 6,000 bars, each a lookup of its session row (about 14 of their
 * 20 ms of CPU at 100,000 sessions); from the index alone, 14 ms in all. Same name, same leading
 * columns: it replaces the old one, which it makes redundant. User lanes only: they are the
 * timeline's busiest (the whole case's, the one query of `npm run bench` over 50 ms p99).
 */
export const migration020: Migration = {
  version: 20,
  name: 'user lanes index holding their bars',
  up: (db) => {
    db.exec(`
      DROP INDEX IF EXISTS sessions_lane_user;
      CREATE INDEX sessions_lane_user
        ON sessions (COALESCE(user_email, username), started_at_us, id, finished_at_us, flags, target_id);
    `);
  },
};
