import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * The rows of the audit log (every SQL statement on it). The hash chain they form is
 * src/main/evidence's rule: this module stores and reads rows, it checks nothing.
 */
export interface AuditRow {
  seq: number;
  atUs: number;
  actor: string;
  action: string;
  /** The canonical JSON text that was hashed. */
  details: string;
  prevHash: string;
  hash: string;
}

const COLUMNS = 'seq, at_us AS atUs, actor, action, details, prev_hash AS prevHash, hash';

/** The newest entry's number and hash: what the next one chains to. */
export function lastAuditLink(db: CaseDb): { seq: number; hash: string } | null {
  const last = statement(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  return last ?? null;
}

export function insertAuditRow(db: CaseDb, row: AuditRow): void {
  statement(
    db,
    'INSERT INTO audit_log (seq, at_us, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(row.seq, row.atUs, row.actor, row.action, row.details, row.prevHash, row.hash);
}

/** Every entry, oldest first, as stored. */
export function selectAuditRows(db: CaseDb): AuditRow[] {
  return statement(db, `SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).all() as AuditRow[];
}

/** The 'report' entries whose details name this SHA-256, oldest first. */
export function selectReportAuditRows(db: CaseDb, sha256: string): AuditRow[] {
  return statement(
    db,
    `SELECT ${COLUMNS} FROM audit_log
       WHERE action = 'report' AND json_valid(details) AND json_extract(details, '$.sha256') = ? ORDER BY seq`,
  ).all(sha256) as AuditRow[];
}
