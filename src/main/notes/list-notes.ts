import type { Database } from 'better-sqlite3';
import { selectNote, selectNotes } from '../store/note-rows';
import type { Note, NoteFilter } from './note-types';
import { normalizeTag } from './normalize-tag';

/** Notes of the case, in the order of the evidence: session, program, time, then id. */
export function listNotes(db: Database, filter: NoteFilter = {}): Note[] {
  // A tag that cannot be stored matches nothing rather than failing the listing.
  return selectNotes(db, filter.tag === undefined ? filter : { ...filter, tag: normalizeTag(filter.tag) ?? '' });
}

export function getNote(db: Database, id: number): Note | null {
  return selectNote(db, id);
}
