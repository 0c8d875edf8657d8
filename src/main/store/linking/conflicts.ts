import type { Database } from 'better-sqlite3';
import { statement } from '../statement-cache';

/** Two sources of one program disagree: on a fact (exit status, user...) or on recorded bytes. */
export interface Conflict {
  sessionId: number;
  /** Null for a fact of the session (user, target...). */
  programId: number | null;
  /** The source that disagrees; null when an investigator's join brought two records together. */
  sourceId: number | null;
  /** The program keeping the disagreeing source's recording, when its events differ. */
  variantId: number | null;
  field: string;
  atUs: number | null;
  outputOffset: number | null;
  stored: string | null;
  found: string | null;
}

/**
 * Records a conflict (the first one per program, source and field: it says where to look).
 * Returns false when that program, source and field already had one.
 */
export function recordConflict(db: Database, c: Conflict, nowUs: number): boolean {
  const result = statement(
    db,
    `INSERT OR IGNORE INTO conflicts (session_id, program_id, source_id, variant_id, field, at_us, output_offset, stored,
       found, detected_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.sessionId, c.programId, c.sourceId, c.variantId, c.field, c.atUs, c.outputOffset, c.stored, c.found, nowUs);
  return result.changes === 1;
}

/** A fact two sources state differently; null or empty on either side is no disagreement. */
export function factConflicts(
  stored: Record<string, unknown>,
  found: Record<string, unknown>,
  fields: Readonly<Record<string, string>>,
): Array<{ field: string; stored: string; found: string }> {
  const out: Array<{ field: string; stored: string; found: string }> = [];
  for (const [column, param] of Object.entries(fields)) {
    const a = stored[column];
    const b = found[param];
    if (a === null || a === undefined || a === '' || b === null || b === undefined || b === '') continue;
    if (String(a) !== String(b)) out.push({ field: column, stored: String(a), found: String(b) });
  }
  return out;
}

/**
 * Records every fact two sources state differently (factConflicts) for one program or session;
 * returns the conflicts that were new.
 */
export function recordFactConflicts(
  db: Database,
  stored: Record<string, unknown>,
  found: Record<string, unknown>,
  fields: Readonly<Record<string, string>>,
  where: { sessionId: number; programId: number | null; sourceId: number | null },
  nowUs: number,
): Conflict[] {
  const recorded: Conflict[] = [];
  for (const c of factConflicts(stored, found, fields)) {
    const conflict: Conflict = { ...where, variantId: null, atUs: null, outputOffset: null, ...c };
    if (recordConflict(db, conflict, nowUs)) recorded.push(conflict);
  }
  return recorded;
}

/** Session columns → writer parameters that two sources of one session must agree on. */
export const SESSION_FACTS: Readonly<Record<string, string>> = {
  account_id: 'accountId',
  user_email: 'userEmail',
  user_id: 'userId',
  username: 'username',
  target_id: 'targetId',
  client_address: 'clientAddress',
  server_address: 'serverAddress',
};

/** Program columns → writer parameters that two sources of one program must agree on. */
export const PROGRAM_FACTS: Readonly<Record<string, string>> = {
  command: 'command',
  term_cols: 'termCols',
  term_rows: 'termRows',
  exit_status: 'exitStatus',
  exit_signal: 'exitSignal',
  core_dumped: 'coreDumped',
  exit_error: 'exitError',
};
