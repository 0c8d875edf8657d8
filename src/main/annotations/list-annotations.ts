import type { Database } from 'better-sqlite3';
import { selectNote, selectNotes } from '../store/note-rows';
import type { Annotation, AnnotationFilter } from './annotation-types';
import { normalizeTag } from './normalize-tag';

/** Annotations of the case, in the order of the evidence: session, program, time, then id. */
export function listAnnotations(db: Database, filter: AnnotationFilter = {}): Annotation[] {
  // A tag that cannot be stored matches nothing rather than failing the listing.
  return selectNotes(db, filter.tag === undefined ? filter : { ...filter, tag: normalizeTag(filter.tag) ?? '' });
}

export function getAnnotation(db: Database, id: number): Annotation | null {
  return selectNote(db, id);
}
