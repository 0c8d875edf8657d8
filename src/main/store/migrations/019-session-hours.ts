import type { Migration } from './migration';

/** An hour of the time axis, in µs. */
export const HOUR_US = 3_600_000_000;

/** The hour a start falls in (floor, also before 1970), over a µs expression. */
export const hourOf = (us: string): string =>
  `((${us} - ((${us} % ${HOUR_US}) + ${HOUR_US}) % ${HOUR_US}) / ${HOUR_US})`;

export const addHour = (row: 'NEW' | 'OLD'): string =>
  `INSERT INTO session_hours (hour, program_types, flags, sessions)
     SELECT ${hourOf(`${row}.started_at_us`)}, ${row}.program_types, ${row}.flags, 1 WHERE ${row}.started_at_us IS NOT NULL
     ON CONFLICT (hour, program_types, flags) DO UPDATE SET sessions = sessions + 1;`;
const removeHour = (row: 'NEW' | 'OLD'): string =>
  `UPDATE session_hours SET sessions = sessions - 1
     WHERE ${row}.started_at_us IS NOT NULL AND hour = ${hourOf(`${row}.started_at_us`)}
       AND program_types = ${row}.program_types AND flags = ${row}.flags;
   DELETE FROM session_hours WHERE sessions <= 0;`;

/**
 * `session_hours`: how many sessions start in each hour, by the two columns a histogram that keeps
 * most sessions filters on (program types, flags), kept on write by triggers as session_facets
 * (017) is. Such a histogram counted every session on its axis in 200 ranges of sessions_page (the
 * case's axis, type shell, at 100,000 sessions: p50 28 ms, p99 55 at load 2.3); it now sums the
 * whole hours of each bucket here and counts only the partial hours at its edges
 * (timeline-queries.ts). The columns are named as in sessions, so the timeline's filter SQL applies.
 */
export const migration019: Migration = {
  version: 19,
  name: 'session counts per hour',
  up: (db) => {
    db.exec(`
      CREATE TABLE session_hours (
        hour INTEGER NOT NULL,
        program_types INTEGER NOT NULL,
        flags INTEGER NOT NULL,
        sessions INTEGER NOT NULL,
        PRIMARY KEY (hour, program_types, flags)
      ) WITHOUT ROWID;
      INSERT INTO session_hours (hour, program_types, flags, sessions)
        SELECT ${hourOf('started_at_us')}, program_types, flags, count(*) FROM sessions
        WHERE started_at_us IS NOT NULL GROUP BY 1, 2, 3;
      CREATE TRIGGER sessions_hours_insert AFTER INSERT ON sessions BEGIN
        ${addHour('NEW')}
      END;
      CREATE TRIGGER sessions_hours_delete AFTER DELETE ON sessions BEGIN
        ${removeHour('OLD')}
      END;
      CREATE TRIGGER sessions_hours_update AFTER UPDATE OF started_at_us, program_types, flags ON sessions
        WHEN OLD.started_at_us IS NOT NEW.started_at_us OR OLD.program_types IS NOT NEW.program_types OR OLD.flags IS NOT NEW.flags
      BEGIN
        ${removeHour('OLD')}
        ${addHour('NEW')}
      END;
    `);
  },
};
