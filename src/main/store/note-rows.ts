import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * The rows of the investigator's notes, tags and stars (migration 009): every SQL statement on
 * them. Checking what a caller asks for (lengths, tags, targets) is src/main/notes' job.
 */

export type NoteTargetKind = 'session' | 'program' | 'command' | 'range';

/** The columns that place a note (what it is about). Times are µs since the program started. */
export interface NoteAnchor {
  kind: NoteTargetKind;
  sessionRow: number;
  programRow: number | null;
  commandRow: number | null;
  commandText: string | null;
  atUs: number | null;
  endUs: number | null;
}

export interface StoredNote extends NoteAnchor {
  id: number;
  /** Plain text, exactly as written: never markup. */
  note: string;
  tags: string[];
  starred: boolean;
  createdAtUs: number;
  updatedAtUs: number;
  author: string;
}

/** Filters of a listing; all that are given apply. `tag` is in its stored form. */
export interface NoteRowFilter {
  sessionRow?: number;
  programRow?: number;
  tag?: string;
  starred?: boolean;
}

interface NoteRow extends Omit<StoredNote, 'starred' | 'tags'> {
  starred: number;
  tags: string;
}

/**
 * SQL for the current row of a command's note, given the note as `an`: the first command of its
 * program at its time with its text (commands are re-created by a reindex; the same line entered
 * twice in one µs is one moment either way).
 */
export const CURRENT_COMMAND_SQL =
  '(SELECT ac.id FROM commands ac WHERE ac.program_id = an.program_id AND ac.at_us = an.at_us AND ac.text = an.command_text ORDER BY ac.seq LIMIT 1)';

const SELECT = `SELECT an.id, an.target_kind AS kind, an.session_id AS sessionRow, an.program_id AS programRow,
  CASE an.target_kind WHEN 'command' THEN ${CURRENT_COMMAND_SQL} END AS commandRow, an.command_text AS commandText,
  an.at_us AS atUs, an.end_us AS endUs, an.note, an.starred, an.created_at_us AS createdAtUs, an.updated_at_us AS updatedAtUs, an.author,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM note_tags WHERE note_id = an.id ORDER BY tag)) AS tags
  FROM notes an`;

/** Notes of the case, in the order of the evidence: session, program, time, then id. Every value bound. */
export function selectNotes(db: CaseDb, filter: NoteRowFilter = {}): StoredNote[] {
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
    where.push('an.id IN (SELECT note_id FROM note_tags WHERE tag = @tag)');
    params['tag'] = filter.tag;
  }
  if (filter.starred !== undefined) where.push(filter.starred ? 'an.starred = 1' : 'an.starred = 0');
  const sql = `${SELECT}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY an.session_id, an.program_id IS NOT NULL, an.program_id, an.at_us, an.id`;
  return (statement(db, sql).all(params) as NoteRow[]).map(fromRow);
}

export function selectNote(db: CaseDb, id: number): StoredNote | null {
  const row = statement(db, `${SELECT} WHERE an.id = ?`).get(id) as NoteRow | undefined;
  return row ? fromRow(row) : null;
}

/** Inserts a note (no tags yet) and returns its row id. */
export function insertNote(
  db: CaseDb,
  anchor: NoteAnchor,
  fields: { note: string; starred: boolean; atUs: number; author: string },
): number {
  const { lastInsertRowid } = statement(
    db,
    `INSERT INTO notes (target_kind, session_id, program_id, command_id, command_text, at_us, end_us, note, starred, created_at_us, updated_at_us, author)
      VALUES (@kind, @sessionRow, @programRow, @commandRow, @commandText, @atUs, @endUs, @note, @starred, @now, @now, @author)`,
  ).run({ ...anchor, note: fields.note, starred: fields.starred ? 1 : 0, now: fields.atUs, author: fields.author });
  return Number(lastInsertRowid);
}

/** Sets the text and star where given, and the time of the change. */
export function updateNote(db: CaseDb, id: number, change: { note?: string; starred?: boolean; atUs: number }): void {
  statement(
    db,
    'UPDATE notes SET note = COALESCE(@note, note), starred = COALESCE(@starred, starred), updated_at_us = @now WHERE id = @id',
  ).run({
    id,
    note: change.note ?? null,
    starred: change.starred === undefined ? null : change.starred ? 1 : 0,
    now: change.atUs,
  });
}

/** Deletes a note; its tags go with it (ON DELETE CASCADE). */
export function deleteNoteRow(db: CaseDb, id: number): void {
  statement(db, 'DELETE FROM notes WHERE id = ?').run(id);
}

/** Adds tags (stored form) to a note; one it already has stays once. */
export function insertNoteTags(db: CaseDb, id: number, tags: readonly string[]): void {
  const insert = statement(db, 'INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, ?)');
  for (const t of tags) insert.run(id, t);
}

export function deleteNoteTags(db: CaseDb, id: number, tags: readonly string[]): void {
  const drop = statement(db, 'DELETE FROM note_tags WHERE note_id = ? AND tag = ?');
  for (const t of tags) drop.run(id, t);
}

function fromRow(r: NoteRow): StoredNote {
  return { ...r, starred: r.starred === 1, tags: JSON.parse(r.tags) as string[] };
}
