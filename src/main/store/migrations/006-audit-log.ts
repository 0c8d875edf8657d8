import type { Migration } from './migration';

/**
 * The case's audit log (src/main/evidence/audit-log.ts): one row per thing done to the case,
 * each hashed with the previous row's hash, so editing, deleting or reordering an earlier row
 * shows when the chain is verified (`sshlens audit`). The triggers refuse UPDATE and DELETE
 * through SQLite; they are defence in depth only: whoever edits the file can drop them, and
 * then it is the chain that tells.
 */
export const migration006: Migration = {
  version: 6,
  name: 'audit log',
  up: (db) => {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at_us INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
    `);
  },
};
