/**
 * Notes: the investigator's remarks, tags and stars on the evidence (migrations 009, 014). The
 * shapes here are the boundary of src/main/notes: callers pass rows, get plain objects.
 */

export type { NoteTargetKind, StoredNote as Note } from '../store/note-rows';

/** What a note is about. Times are µs since the program started. */
export type NoteTarget =
  | { kind: 'session'; sessionRow: number }
  | { kind: 'program'; programRow: number }
  | { kind: 'command'; commandRow: number }
  | { kind: 'range'; programRow: number; atUs: number; endUs: number };

export interface NewNote {
  target: NoteTarget;
  note?: string;
  tags?: string[];
  starred?: boolean;
}

/** Only what is given changes. */
export interface NoteEdit {
  note?: string;
  addTags?: string[];
  removeTags?: string[];
  starred?: boolean;
}

/** Filters of a listing; all that are given apply. */
export interface NoteFilter {
  sessionRow?: number;
  programRow?: number;
  tag?: string;
  starred?: boolean;
}

/** A request the caller has to fix (unknown target, bad tag, note too long); crosses the API with code 'note'. */
export { NoteError } from '../../shared/errors';
