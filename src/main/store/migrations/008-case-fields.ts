import type { Migration } from './migration';

/**
 * The case's own fields (number, title, description) and who investigates it: one row, since a
 * case file is one case. Kept apart from the evidence tables: editing it never touches what was
 * imported, and every change is also written to the audit log (src/main/evidence/case-fields.ts).
 */
export const migration008: Migration = {
  version: 8,
  name: 'case fields',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_fields (
        id                        INTEGER PRIMARY KEY CHECK (id = 1),
        case_number               TEXT,
        title                     TEXT,
        description               TEXT,
        investigator_name         TEXT,
        investigator_organisation TEXT,
        updated_at_us             INTEGER
      );
    `);
  },
};
