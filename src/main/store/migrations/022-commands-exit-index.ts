import type { Migration } from './migration';

/**
 * The commands whose exit status is known, by status and program. `exit:` filters reject the
 * rows an index walk visits one by one, and most commands of a real case have no known status (a
 * shell says it only with shell integration; exec programs do): `exit:nonzero "onka"` visited
 * every match of its term, 136 ms on the bench's 1 GB case, to find none. With this index a
 * query counts the commands that pass first and, when they are few, lists their programs
 * (compile-search.ts). Partial: a command without a status costs it nothing.
 */
export const migration022: Migration = {
  version: 22,
  name: 'commands by known exit status',
  up: (db) => {
    db.exec(`CREATE INDEX commands_exit ON commands (exit_status, program_id) WHERE exit_status IS NOT NULL;`);
  },
};
