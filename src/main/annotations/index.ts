export * from './annotation-types';
export {
  addAnnotation,
  deleteAnnotation,
  editAnnotation,
  MAX_NOTE_CHARS,
  MAX_TAGS,
  type WriteOptions,
} from './annotation-writes';
export { getAnnotation, listAnnotations } from './list-annotations';
export { normalizeTag, TAG_PATTERN } from './normalize-tag';
