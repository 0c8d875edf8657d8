export * from './note-types';
export { addNote, deleteNote, editNote, MAX_NOTE_CHARS, MAX_TAGS, type WriteOptions } from './note-writes';
export { getNote, listNotes } from './list-notes';
export { normalizeTag, TAG_PATTERN } from './normalize-tag';
