import type { ConflictInfo, ImportLink, LinkRelation, SourceFormat } from '../../shared/model';
import { programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from './stored-time';
import type { LinkResult } from './linking/link-programs';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

interface ConflictRow {
  session_id: number;
  program_id: number | null;
  sha256: string | null;
  variant_id: number | null;
  field: string;
  at_us: number | null;
  started_at_us: number | null;
  stored: string | null;
  found: string | null;
}

const CONFLICT_SELECT = `SELECT c.session_id, c.program_id, src.sha256, c.variant_id, c.field, c.at_us, p.started_at_us,
  c.stored, c.found
  FROM conflicts c LEFT JOIN sources src ON src.id = c.source_id LEFT JOIN programs p ON p.id = c.program_id`;

/** The conflicts a source brought, as the import tells them. */
export function conflictsOfSource(db: CaseDb, sourceId: number): ConflictInfo[] {
  return (statement(db, `${CONFLICT_SELECT} WHERE c.source_id = ? ORDER BY c.id`).all(sourceId) as ConflictRow[]).map(
    toConflictInfo,
  );
}

/** Every conflict on a session and its programs. */
export function conflictsOfSession(db: CaseDb, sessionRow: number): ConflictInfo[] {
  return (
    statement(db, `${CONFLICT_SELECT} WHERE c.session_id = ? ORDER BY c.id`).all(sessionRow) as ConflictRow[]
  ).map(toConflictInfo);
}

function toConflictInfo(r: ConflictRow): ConflictInfo {
  return {
    session: sessionRef(r.session_id),
    program: r.program_id === null ? null : programRef(r.program_id),
    source: r.sha256,
    variant: r.variant_id === null ? null : programRef(r.variant_id),
    field: r.field,
    at: r.at_us === null ? null : isoFromUs(r.started_at_us === null ? null : r.started_at_us + r.at_us),
    stored: r.stored,
    found: r.found,
  };
}

/** Links as the import tells them: ids of the program and session the file joined. */
export function importLinks(links: readonly LinkResult[], linkedBy: ImportLink['linkedBy'] = 'content'): ImportLink[] {
  return links.map((l) => ({
    program: programRef(l.into),
    session: sessionRef(l.session),
    relation: l.relation,
    mergedSessions: l.mergedSessions.map(sessionRef),
    linkedBy,
  }));
}

/** What a source that named a program by its Cloudflare id gave it, told as a link. */
const RELATION_OF_ROLE: Record<string, LinkRelation> = {
  events: 'extends',
  same: 'same',
  part: 'part',
  facts: 'same',
  conflict: 'conflict',
};

/**
 * The programs the case held before that a source (Logpush records, an export re-pulled for a
 * wider window) joined by their Cloudflare program id: links too (issue 10), told and audited.
 */
export function cloudflareIdLinks(db: CaseDb, sourceId: number): ImportLink[] {
  const rows = statement(
    db,
    `SELECT ps.program_id, p.session_id, ps.role FROM program_sources ps JOIN programs p ON p.id = ps.program_id
       WHERE ps.source_id = ? AND ps.linked_by = 'cloudflare-id' AND p.variant_of IS NULL ORDER BY ps.program_id`,
  ).all(sourceId) as Array<{ program_id: number; session_id: number; role: string }>;
  return rows.map((r) => ({
    program: programRef(r.program_id),
    session: sessionRef(r.session_id),
    relation: RELATION_OF_ROLE[r.role] ?? 'same',
    mergedSessions: [],
    linkedBy: 'cloudflare-id',
  }));
}

/** One source of a program: what it is, and what it gave. */
export interface ProgramSourceView {
  path: string;
  sha256: string;
  size: number;
  format: SourceFormat;
  importedAt: string | null;
  status: string;
  role: 'events' | LinkRelation | 'facts';
  linkedBy: string | null;
  first: string | null;
  last: string | null;
  outputBytes: number | null;
}

/** Where an id merged into another now leads (s16 → s3), or null. */
export function resolveAlias(
  db: CaseDb,
  kind: 'session' | 'program',
  row: number,
): { row: number; reason: string } | null {
  const r = statement(db, 'SELECT new_id, reason FROM entity_aliases WHERE kind = ? AND old_id = ?').get(kind, row) as
    { new_id: number; reason: string } | undefined;
  return r ? { row: r.new_id, reason: r.reason } : null;
}
