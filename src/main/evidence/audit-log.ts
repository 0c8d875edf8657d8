import { userInfo } from 'node:os';
import {
  insertAuditRow,
  lastAuditLink,
  selectAuditRows,
  selectReportAuditRows,
  type AuditRow,
} from '../store/audit-rows';
import type { CaseDb } from '../store/open-case';
import { auditHash, GENESIS_HASH, type AuditRecord } from './audit-hash';
import { canonicalJson, type JsonValue } from './canonical-json';

/** One row of the audit log; details is the canonical JSON text that was hashed. */
export type AuditEntry = AuditRow;

export interface NewAuditEntry {
  /** What was done, one word: 'import', 'reindex', later 'export', 'note'. */
  action: string;
  details: { [key: string]: JsonValue | undefined };
  /** Who did it; the OS user name unless given. */
  actor?: string;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
}

export type AuditVerification =
  { ok: true; entries: AuditEntry[] } | { ok: false; entries: AuditEntry[]; firstBadSeq: number; reason: string };

/**
 * Appends an entry chained to the last one. Inside the caller's transaction when there is one,
 * so the entry commits or rolls back with what it records; otherwise in its own, taking the
 * write lock first so two writers cannot both chain to the same last entry.
 */
export function appendAudit(db: CaseDb, entry: NewAuditEntry): AuditEntry {
  if (!/^[a-z][a-z0-9-]*$/.test(entry.action))
    throw new TypeError(`audit action "${entry.action}" is not a lowercase word`);
  const write = db.transaction((): AuditEntry => {
    const last = lastAuditLink(db);
    const record: AuditRecord = {
      seq: (last?.seq ?? 0) + 1,
      atUs: Math.trunc((entry.now?.() ?? Date.now()) * 1000),
      actor: entry.actor ?? osUser(),
      action: entry.action,
      details: canonicalJson(entry.details),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const row: AuditEntry = { ...record, hash: auditHash(record) };
    insertAuditRow(db, row);
    return row;
  });
  return db.inTransaction ? write() : write.immediate();
}

/** Every entry, oldest first, as stored (nothing checked: see verifyAudit). */
export function listAudit(db: CaseDb): AuditEntry[] {
  return selectAuditRows(db);
}

/**
 * Walks the chain from the start: numbering without gaps, each prev_hash the hash before it,
 * each hash recomputed from its row. Reports the first entry that breaks it. An entry removed
 * from the end, or a chain rewritten whole, cannot be seen from inside the file: compare the
 * last hash with one written down elsewhere.
 */
export function verifyAudit(db: CaseDb): AuditVerification {
  const entries = listAudit(db);
  let prev: AuditEntry | undefined;
  for (const e of entries) {
    const reason = entryProblem(e, prev);
    if (reason !== null) return { ok: false, entries, firstBadSeq: e.seq, reason };
    prev = e;
  }
  return { ok: true, entries };
}

function entryProblem(e: AuditEntry, prev: AuditEntry | undefined): string | null {
  const expectedSeq = (prev?.seq ?? 0) + 1;
  // Rows come ordered by their unique seq: a gap is the only way it can be wrong.
  if (e.seq !== expectedSeq)
    return `entr${e.seq - expectedSeq === 1 ? 'y' : 'ies'} ${range(expectedSeq, e.seq - 1)} missing before it`;
  if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
    return prev
      ? `its prev_hash is not the hash of entry ${prev.seq}: an earlier entry was changed or removed`
      : 'the first entry does not start from the genesis hash';
  }
  if (!Number.isSafeInteger(e.atUs) || typeof e.actor !== 'string' || typeof e.action !== 'string')
    return 'a field has the wrong type';
  let hash: string;
  try {
    hash = auditHash(e);
  } catch {
    return 'its details are not JSON';
  }
  return hash === e.hash ? null : 'its content does not match its hash: the entry was changed';
}

/** The 'report' entries that record a report with this SHA-256 (the bytes sshlens wrote), oldest first. */
export function reportEntries(db: CaseDb, sha256: string): AuditEntry[] {
  return selectReportAuditRows(db, sha256);
}

function range(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** The OS account running sshlens; some containers have none in their user database. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}
