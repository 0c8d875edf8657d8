import type { Migration } from './migration';
import { FLAG_NON_ZERO_EXIT, FLAG_PROBLEM } from './017-session-flags-and-facets';

/**
 * The sessions with a flag (migration 017), each flag an index of its own in the timeline's list
 * order, holding what a page, count and histogram of them read. Flagged sessions are few, and a
 * "problems only" or "non-zero exit" filter walked every session of sessions_page to find them
 * (a page of exec sessions with problems at 100,000 sessions: 15 ms at load 3-5). Partial indexes:
 * SQLite uses one when the query says the same condition, which timeline-filter-sql.ts does
 * (SESSION_NON_ZERO_EXIT, SESSION_PROBLEM).
 */
export const migration018: Migration = {
  version: 18,
  name: 'indexes of flagged sessions',
  up: (db) => {
    db.exec(`
      CREATE INDEX sessions_non_zero_exit ON sessions (started_at_us, id, program_types, flags)
        WHERE (flags & ${FLAG_NON_ZERO_EXIT}) <> 0;
      CREATE INDEX sessions_problem ON sessions (started_at_us, id, program_types, flags)
        WHERE (flags & ${FLAG_PROBLEM}) <> 0;
    `);
  },
};
