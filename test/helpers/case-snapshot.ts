import { createHash } from 'node:crypto';
import type { CaseDb } from '../../src/main/store/open-case';

/**
 * A digest of every row of every table: equal digests mean nothing in the case changed.
 * `except` leaves tables out (the audit log, which records even a refused import).
 */
export function caseDigest(db: CaseDb, except: readonly string[] = []): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    hash.update(`table ${name}\n`);
    const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((row) =>
      JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
    );
    for (const row of rows.sort()) hash.update(`${row}\n`);
  }
  return hash.digest('hex');
}

export function count(db: CaseDb, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** A digest of the evidence and everything derived from it: all but the audit log. */
export function evidenceDigest(db: CaseDb): string {
  return caseDigest(db, ['audit_log']);
}

/** The actions of the case's audit log, oldest first. */
export function auditActions(db: CaseDb): string[] {
  return db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[];
}
