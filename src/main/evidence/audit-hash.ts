import { createHash } from 'node:crypto';
import type { AuditRow } from '../store/audit-rows';
import { canonicalJson, type JsonValue } from './canonical-json';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of an audit entry, as stored (details is its canonical JSON text). */
export type AuditRecord = Omit<AuditRow, 'hash'>;

/**
 * The hash rule, written for whoever checks a case without sshlens: an entry's hash is the
 * lowercase hex SHA-256 of the UTF-8 canonical JSON (canonical-json.ts) of
 *   {"action": action, "actor": actor, "at_us": at_us, "details": <details parsed as JSON>,
 *    "prev_hash": prev_hash, "seq": seq}
 * (the audit_log columns of that row); the first entry's prev_hash is 64 zeros, every other's
 * the hash of the entry before it (seq - 1). In Python, per row:
 *   sha256(json.dumps({...}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
 * Throws when details is not JSON (a tampered row).
 */
export function auditHash(r: AuditRecord): string {
  const record: JsonValue = {
    action: r.action,
    actor: r.actor,
    at_us: r.atUs,
    details: JSON.parse(r.details) as JsonValue,
    prev_hash: r.prevHash,
    seq: r.seq,
  };
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}
