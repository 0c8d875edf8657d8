import type { ProgramType } from '../../shared/model';
import type { CommandKind } from '../extraction/extraction-types';

/**
 * A parsed search query (see README.md in this folder for the language). Every text term must
 * match inside the same command, or the same output segment; filters narrow where.
 */

/** substring: anywhere, also inside words; word: whole words; prefix: words that start with it. */
export type TermKind = 'substring' | 'word' | 'prefix';

export interface TextTerm {
  kind: TermKind;
  /** As typed, without quotes or markers (`=`, `*`, `word:`). */
  text: string;
  /** Where the term starts in the query, 1-based, for messages. */
  column: number;
}

/** Where to look: command lines, the output around them, or both. */
export type SearchScope = 'all' | 'commands' | 'output';

export type ExitFilter = number | 'nonzero';

/** Values of a repeated filter are alternatives (user:a user:b = either); different filters all apply. */
export interface SearchFilters {
  /** Lower-cased. */
  users: string[];
  targets: string[];
  hosts: string[];
  types: ProgramType[];
  kinds: CommandKind[];
  exits: ExitFilter[];
  /** Session and program rows (from s<n> / p<n>). */
  sessions: number[];
  programs: number[];
  /** Microseconds since the epoch: hits at or after `afterUs`, strictly before `beforeUs`. */
  afterUs: number | null;
  beforeUs: number | null;
  scope: SearchScope;
  /** Notes (migrations 009, 014): normalised tags, note words (as typed), is:starred, is:noted (any note). */
  tags: string[];
  notes: string[];
  starred: boolean;
  noted: boolean;
}

export interface SearchQuery {
  terms: TextTerm[];
  filters: SearchFilters;
}

/** A query the user has to fix: a human message, and the column it is about when there is one. */
export interface QueryError {
  message: string;
  column: number | null;
}

export type ParseResult = { ok: true; query: SearchQuery } | { ok: false; error: QueryError };

export function noFilters(): SearchFilters {
  return {
    users: [],
    targets: [],
    hosts: [],
    types: [],
    kinds: [],
    exits: [],
    sessions: [],
    programs: [],
    afterUs: null,
    beforeUs: null,
    scope: 'all',
    tags: [],
    notes: [],
    starred: false,
    noted: false,
  };
}
