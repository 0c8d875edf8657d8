/**
 * Annotations: the investigator's notes, tags and stars on the evidence (migration 009). The
 * shapes here are the boundary of src/main/annotations: callers pass rows, get plain objects.
 */

export type { NoteTargetKind as AnnotationTargetKind, StoredNote as Annotation } from '../store/note-rows';

/** What an annotation is about. Times are µs since the program started. */
export type AnnotationTarget =
  | { kind: 'session'; sessionRow: number }
  | { kind: 'program'; programRow: number }
  | { kind: 'command'; commandRow: number }
  | { kind: 'range'; programRow: number; atUs: number; endUs: number };

export interface NewAnnotation {
  target: AnnotationTarget;
  note?: string;
  tags?: string[];
  starred?: boolean;
}

/** Only what is given changes. */
export interface AnnotationEdit {
  note?: string;
  addTags?: string[];
  removeTags?: string[];
  starred?: boolean;
}

/** Filters of a listing; all that are given apply. */
export interface AnnotationFilter {
  sessionRow?: number;
  programRow?: number;
  tag?: string;
  starred?: boolean;
}

/** A request the caller has to fix (unknown target, bad tag, note too long); crosses the API with code 'note'. */
export { NoteError as AnnotationError } from '../../shared/errors';
