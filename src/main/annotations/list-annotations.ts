import type { Database } from 'better-sqlite3';
import type { Annotation, AnnotationFilter } from './annotation-types';
import { normalizeTag } from './normalize-tag';
import { CURRENT_COMMAND_SQL } from './resolve-target';

interface AnnotationRow {
  id: number;
  kind: Annotation['kind'];
  sessionRow: number;
  programRow: number | null;
  commandRow: number | null;
  commandText: string | null;
  atUs: number | null;
  endUs: number | null;
  note: string;
  starred: number;
  createdAtUs: number;
  updatedAtUs: number;
  author: string;
  tags: string;
}

const SELECT = `SELECT an.id, an.target_kind AS kind, an.session_id AS sessionRow, an.program_id AS programRow,
  CASE an.target_kind WHEN 'command' THEN ${CURRENT_COMMAND_SQL} END AS commandRow, an.command_text AS commandText,
  an.at_us AS atUs, an.end_us AS endUs, an.note, an.starred, an.created_at_us AS createdAtUs, an.updated_at_us AS updatedAtUs, an.author,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM annotation_tags WHERE annotation_id = an.id ORDER BY tag)) AS tags
  FROM annotations an`;

/** Annotations of the case, in the order of the evidence: session, program, time, then id. Every value bound. */
export function listAnnotations(db: Database, filter: AnnotationFilter = {}): Annotation[] {
  const where: string[] = [];
  const params: Record<string, number | string> = {};
  if (filter.sessionRow !== undefined) {
    where.push('an.session_id = @session');
    params['session'] = filter.sessionRow;
  }
  if (filter.programRow !== undefined) {
    where.push('an.program_id = @program');
    params['program'] = filter.programRow;
  }
  if (filter.tag !== undefined) {
    // A tag that cannot be stored matches nothing rather than failing the listing.
    where.push('an.id IN (SELECT annotation_id FROM annotation_tags WHERE tag = @tag)');
    params['tag'] = normalizeTag(filter.tag) ?? '';
  }
  if (filter.starred !== undefined) where.push(filter.starred ? 'an.starred = 1' : 'an.starred = 0');
  const sql = `${SELECT}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY an.session_id, an.program_id IS NOT NULL, an.program_id, an.at_us, an.id`;
  return (db.prepare(sql).all(params) as AnnotationRow[]).map(fromRow);
}

export function getAnnotation(db: Database, id: number): Annotation | null {
  const row = db.prepare(`${SELECT} WHERE an.id = ?`).get(id) as AnnotationRow | undefined;
  return row ? fromRow(row) : null;
}

function fromRow(r: AnnotationRow): Annotation {
  return { ...r, starred: r.starred === 1, tags: JSON.parse(r.tags) as string[] };
}
