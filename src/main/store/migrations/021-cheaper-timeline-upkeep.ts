import type { Migration } from './migration';
import { addFacet, facetValues, FLAGS_OF_ROW, removeFacet, TYPE_BITS } from './017-session-flags-and-facets';
import { addHour, hourOf } from './019-session-hours';

/** A session row's hour row, by its key (`row` is NEW or OLD). */
const hourKey = (row: 'NEW' | 'OLD'): string =>
  `${row}.started_at_us IS NOT NULL AND hour = ${hourOf(`${row}.started_at_us`)}
     AND program_types = ${row}.program_types AND flags = ${row}.flags`;

/** One session less in its hour row, and that row gone when it counts none, found by its key. */
const removeHour = (row: 'NEW' | 'OLD'): string =>
  `UPDATE session_hours SET sessions = sessions - 1 WHERE ${hourKey(row)};
   DELETE FROM session_hours WHERE ${hourKey(row)} AND sessions <= 0;`;

/** A program type's bit (007's numbering), of a programs row (`row` is NEW or OLD). */
const bitOf = (row: 'NEW' | 'OLD'): string =>
  `(CASE ${row}.type ${TYPE_BITS.filter(([t]) => t !== 'unknown')
    .map(([t, bit]) => `WHEN '${t}' THEN ${bit}`)
    .join(' ')} ELSE 32 END)`;

/** The flags of the session rows an UPDATE visits, written only where they change. */
const setFlags = (where: string): string =>
  `UPDATE sessions SET flags = ${FLAGS_OF_ROW} WHERE ${where} AND flags IS NOT ${FLAGS_OF_ROW};`;

/**
 * The triggers that keep the timeline's counts (007, 017, 019) did work no change needed. Each new
 * session of an import wrote its row and its indexes four to six times, and ran ~40 statements on
 * the facet and hour counts (measured: 282 µs a session and its program against 24 µs without the
 * triggers). Now:
 * - an hour row emptied is deleted by its key (019 deleted every empty hour row with a scan of
 *   session_hours on every change: a cost that grew with the case's span);
 * - a change of program types touches only the type facet of each bit that changed, a trigger per
 *   bit (017's one update trigger removed and added all ten facets of the session);
 * - a program's type bit, and a session's flags, are written only when they change.
 * The counts are the same (the integration tests compare them with their definitions).
 *
 * Order matters between triggers on one event that write the same row: SQLite runs the newest
 * first. sessions_flags_insert and sessions_flags_error (017) must stay older than the hour
 * triggers, so that a session is counted in its hour before its flags move it (recreated here
 * after sessions_hours_insert, a session inserted with an error was counted twice). So they are
 * left as they are; sessions_hours_update, recreated, stays the newer.
 */
export const migration021: Migration = {
  version: 21,
  name: 'cheaper upkeep of timeline counts',
  up: (db) => {
    db.exec(`
      DROP TRIGGER sessions_hours_delete;
      DROP TRIGGER sessions_hours_update;
      CREATE TRIGGER sessions_hours_delete AFTER DELETE ON sessions BEGIN
        ${removeHour('OLD')}
      END;
      CREATE TRIGGER sessions_hours_update AFTER UPDATE OF started_at_us, program_types, flags ON sessions
        WHEN OLD.started_at_us IS NOT NEW.started_at_us OR OLD.program_types IS NOT NEW.program_types OR OLD.flags IS NOT NEW.flags
      BEGIN
        ${removeHour('OLD')}
        ${addHour('NEW')}
      END;

      DROP TRIGGER sessions_facets_update;
      CREATE TRIGGER sessions_facets_update AFTER UPDATE OF user_email, username, target_id, client_address, server_address ON sessions
        WHEN OLD.user_email IS NOT NEW.user_email OR OLD.username IS NOT NEW.username OR OLD.target_id IS NOT NEW.target_id
          OR OLD.client_address IS NOT NEW.client_address OR OLD.server_address IS NOT NEW.server_address
      BEGIN
        ${facetValues('OLD')
          .map(([kind, value]) => removeFacet(kind, value, '1'))
          .join('\n')}
        ${facetValues('NEW')
          .map(([kind, value]) => addFacet(kind, value, '1'))
          .join('\n')}
      END;
      ${TYPE_BITS.map(
        ([type, bit]) => `
      CREATE TRIGGER sessions_type_facets_${bit} AFTER UPDATE OF program_types ON sessions
        WHEN (OLD.program_types & ${bit}) <> (NEW.program_types & ${bit})
      BEGIN
        ${removeFacet('type', `'${type}'`, `(OLD.program_types & ${bit}) <> 0`)}
        ${addFacet('type', `'${type}'`, `(NEW.program_types & ${bit}) <> 0`)}
      END;`,
      ).join('\n')}

      DROP TRIGGER programs_type_bits_insert;
      CREATE TRIGGER programs_type_bits_insert AFTER INSERT ON programs BEGIN
        UPDATE sessions SET program_types = program_types | ${bitOf('NEW')}
        WHERE id = NEW.session_id AND (program_types & ${bitOf('NEW')}) = 0;
      END;

      DROP TRIGGER programs_flags_insert;
      DROP TRIGGER programs_flags_update;
      DROP TRIGGER programs_flags_delete;
      CREATE TRIGGER programs_flags_insert AFTER INSERT ON programs BEGIN
        ${setFlags('id = NEW.session_id')}
      END;
      CREATE TRIGGER programs_flags_update AFTER UPDATE OF exit_status, exit_signal, exit_error, incomplete, session_id ON programs BEGIN
        ${setFlags('id IN (OLD.session_id, NEW.session_id)')}
      END;
      CREATE TRIGGER programs_flags_delete AFTER DELETE ON programs BEGIN
        ${setFlags('id = OLD.session_id')}
      END;
    `);
  },
};
