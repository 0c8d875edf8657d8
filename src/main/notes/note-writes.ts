import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../evidence/audit-log';
import type { JsonValue } from '../evidence/canonical-json';
import { NoteError, type Note, type NoteEdit, type NewNote } from './note-types';
import { getNote } from './list-notes';
import { normalizeTag } from './normalize-tag';
import { anchorOf } from './resolve-target';
import { commandRef, noteRef, programRef, sessionRef } from '../../shared/ids';
import { deleteNoteRow, deleteNoteTags, insertNote, insertNoteTags, updateNote } from '../store/note-rows';

/** Bounds an audit entry: a note is a paragraph or a page, not a pasted log. */
export const MAX_NOTE_CHARS = 20_000;
export const MAX_TAGS = 32;

export interface WriteOptions {
  /** Who writes; the OS user unless given. */
  author?: string;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
}

/**
 * Adds a note and its audit entry in one transaction. Only the note tables are
 * written: the imported evidence is never touched.
 */
export function addNote(db: Database, input: NewNote, options: WriteOptions = {}): Note {
  const note = checkedNote(input.note ?? '');
  const tags = checkedTags(input.tags ?? []);
  const author = options.author ?? osUser();
  const atUs = nowUs(options);
  return db
    .transaction(() => {
      const a = anchorOf(db, input.target);
      const id = insertNote(db, a, { note, starred: input.starred === true, atUs, author });
      insertNoteTags(db, id, tags);
      const added = getNote(db, id)!;
      audit(db, 'note-added', added, author, options);
      return added;
    })
    .immediate();
}

/** Changes the note, tags or star; the audit entry holds the new version whole, so the log keeps every version. */
export function editNote(db: Database, id: number, edit: NoteEdit, options: WriteOptions = {}): Note {
  const note = edit.note === undefined ? undefined : checkedNote(edit.note);
  const add = checkedTags(edit.addTags ?? []);
  const remove = (edit.removeTags ?? []).map((t) => normalizeTag(t) ?? t.trim().toLowerCase());
  const author = options.author ?? osUser();
  return db
    .transaction(() => {
      const before = getNote(db, id);
      if (!before) throw new NoteError(`there is no note ${noteRef(id)} in this case`);
      const missing = remove.filter((t) => !before.tags.includes(t));
      if (missing.length > 0) throw new NoteError(`note ${noteRef(id)} has no tag ${missing.join(', ')}`);
      if (new Set([...before.tags, ...add].filter((t) => !remove.includes(t))).size > MAX_TAGS)
        throw new NoteError(`a note holds at most ${MAX_TAGS} tags`);
      updateNote(db, id, { note, starred: edit.starred, atUs: nowUs(options) });
      deleteNoteTags(db, id, remove);
      insertNoteTags(db, id, add);
      const after = getNote(db, id)!;
      audit(db, 'note-edited', after, author, options);
      return after;
    })
    .immediate();
}

/** Deletes a note; its audit entry keeps the last version, so nothing said is lost. */
export function deleteNote(db: Database, id: number, options: WriteOptions = {}): Note {
  const author = options.author ?? osUser();
  return db
    .transaction(() => {
      const gone = getNote(db, id);
      if (!gone) throw new NoteError(`there is no note ${noteRef(id)} in this case`);
      deleteNoteRow(db, id); // tags cascade
      audit(db, 'note-deleted', gone, author, options);
      return gone;
    })
    .immediate();
}

/**
 * The audit entry carries the note's text as well as its SHA-256. The text is the investigator's
 * own words, not a secret or evidence content, and the log is the only place that keeps every
 * version of it (edits overwrite the row, a delete removes it): chain of custody needs what was
 * written, by whom and when. The hash lets a report quote a note and anyone check it against
 * the log without reading the rest.
 */
function audit(
  db: Database,
  action: 'note-added' | 'note-edited' | 'note-deleted',
  a: Note,
  actor: string,
  options: WriteOptions,
): void {
  const target: JsonValue = {
    kind: a.kind,
    session: sessionRef(a.sessionRow),
    program: a.programRow === null ? undefined : programRef(a.programRow),
    command: a.commandRow === null ? undefined : commandRef(a.commandRow),
    commandText: a.commandText ?? undefined,
    atUs: a.atUs ?? undefined,
    endUs: a.endUs ?? undefined,
  };
  appendAudit(db, {
    action,
    actor,
    now: options.now,
    details: {
      // 'annotation': the key every audit entry of a note has carried since migration 009.
      annotation: noteRef(a.id),
      target,
      tags: a.tags,
      starred: a.starred,
      noteSha256: createHash('sha256').update(a.note, 'utf8').digest('hex'),
      note: a.note,
    },
  });
}

function checkedNote(note: string): string {
  // A NUL ends the text early for SQLite's LIKE and for C tools reading the case: refuse it.
  if (note.includes('\u0000')) throw new NoteError('a note cannot contain a NUL character');
  if ([...note].length > MAX_NOTE_CHARS) throw new NoteError(`a note is at most ${MAX_NOTE_CHARS} characters`);
  return note;
}

function checkedTags(typed: readonly string[]): string[] {
  const tags = typed.map((t) => {
    const tag = normalizeTag(t);
    if (tag === null)
      throw new NoteError(
        `"${t}" is not a tag: use 1-64 letters, digits, dots, dashes, underscores or colons (like lateral-movement)`,
      );
    return tag;
  });
  const unique = [...new Set(tags)];
  if (unique.length > MAX_TAGS) throw new NoteError(`a note holds at most ${MAX_TAGS} tags`);
  return unique;
}

function nowUs(options: WriteOptions): number {
  return Math.trunc((options.now?.() ?? Date.now()) * 1000);
}

/** The OS account running sshlens; some containers have none in their user database. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}
