import type { Database } from 'better-sqlite3';
import { PROGRAM_FACTS, recordFactConflicts, SESSION_FACTS, type Conflict } from './conflicts';
import { statement } from '../statement-cache';

/**
 * Joining two records of the same thing: a session into a session, a program into a program.
 * The record kept is the older one (its id is what the investigator has seen and noted); the other
 * leaves an alias, its facts fill what the kept one lacks, and facts both state differently
 * become conflicts. Notes follow the record they were written on.
 */

const SESSION_COLUMNS = [
  'account_id',
  'user_email',
  'user_id',
  'username',
  'target_id',
  'client_address',
  'server_address',
  'error',
] as const;

const PROGRAM_COLUMNS = [
  'command',
  'term_type',
  'term_cols',
  'term_rows',
  'exit_status',
  'exit_signal',
  'core_dumped',
  'exit_error',
] as const;

export interface MergeContext {
  /** The source whose arrival caused the merge (null: an investigator's join or a reindex). */
  sourceId: number | null;
  nowUs: number;
  reason: string;
  /** Record an alias for the merged-away id (false for records created in the same import). */
  alias: boolean;
  /** How the sources of a merged program are now linked (null keeps what they were). */
  linkedBy?: 'content' | 'manual';
}

/** Can these two sessions be one? Not when Cloudflare names them as two. */
export function sessionsCompatible(db: Database, a: number, b: number): boolean {
  const rows = statement(db, 'SELECT cf_session_id FROM sessions WHERE id IN (?, ?)', true).all(a, b) as Array<
    string | null
  >;
  return !(rows.length === 2 && rows[0] && rows[1] && rows[0] !== rows[1]);
}

/** Can these two programs be one? Not when Cloudflare names them as two. */
export function programsCompatible(db: Database, a: number, b: number): boolean {
  const rows = statement(db, 'SELECT cf_program_id, session_id FROM programs WHERE id IN (?, ?)').all(a, b) as Array<{
    cf_program_id: string | null;
    session_id: number;
  }>;
  if (rows.length !== 2) return false;
  const [x, y] = rows as [(typeof rows)[0], (typeof rows)[0]];
  if (x.cf_program_id && y.cf_program_id && x.cf_program_id !== y.cf_program_id) return false;
  return x.session_id === y.session_id || sessionsCompatible(db, x.session_id, y.session_id);
}

/** Moves everything of session `drop` into `keep` and removes `drop`. Returns the conflicts found. */
export function mergeSessions(db: Database, keep: number, drop: number, ctx: MergeContext): Conflict[] {
  if (keep === drop) return [];
  const kept = statement(db, 'SELECT * FROM sessions WHERE id = ?').get(keep) as Record<string, unknown>;
  const gone = statement(db, 'SELECT * FROM sessions WHERE id = ?').get(drop) as Record<string, unknown>;
  const found = Object.fromEntries(Object.entries(SESSION_FACTS).map(([col, param]) => [param, gone[col]]));
  const where = { sessionId: keep, programId: null, sourceId: ctx.sourceId };
  const conflicts = recordFactConflicts(db, kept, found, SESSION_FACTS, where, ctx.nowUs);
  const cfId = (kept['cf_session_id'] as string | null) ?? (gone['cf_session_id'] as string | null);
  statement(db, 'UPDATE sessions SET cf_session_id = NULL WHERE id = ?').run(drop);
  statement(
    db,
    `UPDATE sessions SET cf_session_id = ?, ${SESSION_COLUMNS.map((c) => `${c} = COALESCE(${c}, ?)`).join(', ')},
      started_at_us = CASE WHEN started_at_us IS NULL OR ? < started_at_us THEN COALESCE(?, started_at_us) ELSE started_at_us END,
      finished_at_us = CASE WHEN finished_at_us IS NULL OR ? > finished_at_us THEN COALESCE(?, finished_at_us) ELSE finished_at_us END
     WHERE id = ?`,
  ).run(
    cfId,
    ...SESSION_COLUMNS.map((c) => gone[c] ?? null),
    gone['started_at_us'] ?? null,
    gone['started_at_us'] ?? null,
    gone['finished_at_us'] ?? null,
    gone['finished_at_us'] ?? null,
    keep,
  );
  statement(db, 'UPDATE programs SET session_id = ? WHERE session_id = ?').run(keep, drop);
  statement(db, 'UPDATE notes SET session_id = ? WHERE session_id = ?').run(keep, drop);
  statement(db, 'UPDATE conflicts SET session_id = ? WHERE session_id = ?').run(keep, drop);
  moveAliases(db, 'session', drop, keep);
  if (ctx.alias) addAlias(db, 'session', drop, keep, ctx);
  statement(db, 'DELETE FROM sessions WHERE id = ?').run(drop);
  return conflicts;
}

/**
 * Moves the provenance, notes, conflicts and variants of program `drop` onto `keep` and removes
 * `drop` with its events (the caller has put what it needs of them into `keep`). `shiftUs` turns
 * `drop`'s times into `keep`'s (for notes on a time). The sessions must be merged first.
 */
export function mergePrograms(
  db: Database,
  keep: number,
  drop: number,
  shiftUs: number,
  ctx: MergeContext,
  role: (dropRole: string) => string,
): Conflict[] {
  const kept = statement(db, 'SELECT * FROM programs WHERE id = ?').get(keep) as Record<string, unknown>;
  const gone = statement(db, 'SELECT * FROM programs WHERE id = ?').get(drop) as Record<string, unknown>;
  const found = Object.fromEntries(Object.entries(PROGRAM_FACTS).map(([col, param]) => [param, gone[col]]));
  const where = { sessionId: kept['session_id'] as number, programId: keep, sourceId: ctx.sourceId };
  const conflicts = recordFactConflicts(db, kept, found, PROGRAM_FACTS, where, ctx.nowUs);
  const cfId = (kept['cf_program_id'] as string | null) ?? (gone['cf_program_id'] as string | null);
  statement(db, 'UPDATE programs SET cf_program_id = NULL WHERE id = ?').run(drop);
  statement(
    db,
    `UPDATE programs SET cf_program_id = ?, ${PROGRAM_COLUMNS.map((c) => `${c} = COALESCE(${c}, ?)`).join(', ')},
      term_modes = CASE WHEN term_modes IS NULL OR term_modes = '[]' THEN COALESCE(?, term_modes) ELSE term_modes END,
      type = CASE WHEN type = 'unknown' THEN ? ELSE type END,
      finished_at_us = COALESCE(finished_at_us, ?),
      started_at_us = COALESCE(started_at_us, ?),
      incomplete = CASE WHEN COALESCE(finished_at_us, ?) IS NOT NULL THEN 0 ELSE incomplete END
     WHERE id = ?`,
  ).run(
    cfId,
    ...PROGRAM_COLUMNS.map((c) => gone[c] ?? null),
    gone['term_modes'] ?? null,
    gone['type'],
    gone['finished_at_us'] ?? null,
    gone['started_at_us'] ?? null,
    gone['finished_at_us'] ?? null,
    keep,
  );
  const sources = statement(db, 'SELECT * FROM program_sources WHERE program_id = ?').all(drop) as Array<
    Record<string, unknown>
  >;
  const insertSource = statement(
    db,
    `INSERT OR REPLACE INTO program_sources (program_id, source_id, role, linked_by, first_us,
    last_us, output_bytes, contributed, linked_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of sources) {
    const first = s['first_us'] as number | null;
    const last = s['last_us'] as number | null;
    insertSource.run(
      keep,
      s['source_id'],
      role(s['role'] as string),
      ctx.linkedBy === 'manual' ? 'manual' : (s['linked_by'] ?? ctx.linkedBy ?? 'content'),
      first === null ? null : first + shiftUs,
      last === null ? null : last + shiftUs,
      s['output_bytes'],
      s['contributed'],
      ctx.nowUs,
    );
  }
  statement(
    db,
    'INSERT OR IGNORE INTO logpush_records (program_id, digest) SELECT ?, digest FROM logpush_records WHERE program_id = ?',
  ).run(keep, drop);
  statement(
    db,
    `UPDATE notes SET program_id = ?, session_id = ?, at_us = at_us + ?, end_us = end_us + ? WHERE program_id = ?`,
  ).run(keep, kept['session_id'], shiftUs, shiftUs, drop);
  statement(db, 'UPDATE conflicts SET program_id = ? WHERE program_id = ?').run(keep, drop);
  statement(db, 'UPDATE conflicts SET variant_id = ? WHERE variant_id = ?').run(keep, drop);
  statement(db, 'UPDATE programs SET variant_of = ? WHERE variant_of = ?').run(keep, drop);
  moveAliases(db, 'program', drop, keep);
  if (ctx.alias) addAlias(db, 'program', drop, keep, ctx);
  statement(db, 'DELETE FROM programs WHERE id = ?').run(drop);
  return conflicts;
}

function addAlias(db: Database, kind: 'session' | 'program', oldId: number, newId: number, ctx: MergeContext): void {
  statement(
    db,
    'INSERT OR REPLACE INTO entity_aliases (kind, old_id, new_id, reason, at_us) VALUES (?, ?, ?, ?, ?)',
  ).run(kind, oldId, newId, ctx.reason, ctx.nowUs);
}

/** Ids that led to `from` lead on to `to`. */
function moveAliases(db: Database, kind: 'session' | 'program', from: number, to: number): void {
  statement(db, 'UPDATE entity_aliases SET new_id = ? WHERE kind = ? AND new_id = ?').run(to, kind, from);
}

/** Removes a session left without programs (one this import created before its program was linked). */
export function dropEmptySession(db: Database, sessionId: number): boolean {
  const left = statement(db, 'SELECT 1 FROM programs WHERE session_id = ? LIMIT 1').get(sessionId);
  const noted = statement(db, 'SELECT 1 FROM notes WHERE session_id = ? LIMIT 1').get(sessionId);
  if (left || noted) return false;
  statement(db, 'DELETE FROM conflicts WHERE session_id = ?').run(sessionId);
  statement(db, 'DELETE FROM sessions WHERE id = ?').run(sessionId);
  return true;
}
