import { CURRENT_COMMAND_SQL } from '../store/note-rows';
import type { HitSource } from '../../shared/search';
import type { SearchFilters } from './query-types';
import type { SqlParams } from './sql-params';
import { isAscii } from './ascii';

/**
 * tag:, note:, is:starred and is:noted: hits covered by a note (migrations 009, 014) that has the tag, a
 * note containing the word, or a star (is:noted: any). A note covers the hits of its session or program,
 * of its command (the command line and the output that follows it), or with a time in its range.
 * Each filter is an EXISTS over the notes, every value bound; repeated values of one filter
 * are alternatives, as for the other filters.
 */

/** The hit's row as compile-search.ts names it: alias, its time column (µs since program start). */
export interface HitShape {
  source: HitSource;
  a: string;
  at: string;
}

export const hasNoteFilters = (f: SearchFilters): boolean =>
  f.tags.length > 0 || f.notes.length > 0 || f.starred || f.noted;

/** What a note `an` must have, one condition per filter given. */
function wanted(f: SearchFilters, params: SqlParams): string[] {
  const w: string[] = [];
  if (f.tags.length > 0)
    w.push(`an.id IN (SELECT note_id FROM note_tags WHERE tag IN (${f.tags.map((t) => params.bind(t)).join(', ')}))`);
  if (f.notes.length > 0) {
    // ASCII words through LIKE (case-insensitive for ASCII); other text through sshlens_match, which folds Unicode case.
    const contains = f.notes.map((n) =>
      isAscii(n)
        ? `an.note LIKE ${params.bind(likeContaining(n))} ESCAPE '\\'`
        : `sshlens_match(an.note, 'substring', ${params.bind(n)})`,
    );
    w.push(contains.length === 1 ? contains[0]! : `(${contains.join(' OR ')})`);
  }
  if (f.starred) w.push('an.starred = 1');
  // is:noted: any note at all; alone it is the one condition, with others they say enough.
  if (f.noted && w.length === 0) w.push('1 = 1');
  return w;
}

/**
 * The weaker, program-level form: programs holding such a note, or in a session holding
 * one. It lets the search list the few programs first and scan them, as for session:.
 */
export function noteProgramFilters(f: SearchFilters, params: SqlParams): string[] {
  return wanted(f, params).map(
    (c) =>
      `(p.id IN (SELECT an.program_id FROM notes an WHERE ${c}) OR p.session_id IN (SELECT an.session_id FROM notes an WHERE an.target_kind = 'session' AND ${c}))`,
  );
}

/** The exact form, on the hit row. */
export function noteRowFilters(f: SearchFilters, shape: HitShape, params: SqlParams): string[] {
  const command = shape.source === 'command' ? `${shape.a}.id` : `${shape.a}.command_id`;
  const covers = `an.session_id = p.session_id AND (an.target_kind = 'session' OR an.program_id = p.id AND (an.target_kind = 'program'
    OR an.target_kind = 'range' AND ${shape.at} BETWEEN an.at_us AND an.end_us
    OR an.target_kind = 'command' AND ${command} = ${CURRENT_COMMAND_SQL}))`;
  return wanted(f, params).map((c) => `EXISTS (SELECT 1 FROM notes an WHERE ${c} AND ${covers})`);
}

/** A LIKE pattern for "contains" (the same as compile-search.ts): %, _ and \ escaped. */
function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
