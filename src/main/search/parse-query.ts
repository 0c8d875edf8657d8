import { PROGRAM_TYPES, type ProgramType } from '../../shared/model';
import { normalizeTag } from '../annotations/normalize-tag';
import type { CommandKind } from '../extraction/extraction-types';
import { parseEntityRef } from '../../shared/ids';
import { parseQueryTime } from './query-time';
import {
  noFilters,
  type ParseResult,
  type QueryError,
  type SearchFilters,
  type TermKind,
  type TextTerm,
} from './query-types';
import { wordTokens } from './text-match';
import { tokenizeQuery, type QueryToken, type TokenPart } from './tokenize-query';

/** Long enough for any query a person types; bounds the work a pasted blob can cause. */
export const MAX_QUERY_CHARS = 2000;
export const MAX_TERMS = 16;
/** Characters a substring needs to be looked up as one (the trigram index's window). */
const SHORTEST_SUBSTRING = 3;

/** FTS5 prefix queries without a prefix index merge every word with that start: short ones are slow. */
export const MIN_PREFIX_CHARS = 3;

const KINDS: readonly CommandKind[] = ['shell', 'exec', 'program-input'];
const FILTER_KEYS = [
  'user',
  'target',
  'host',
  'type',
  'kind',
  'exit',
  'after',
  'before',
  'in',
  'session',
  'program',
  'tag',
  'note',
  'is',
  'word',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const ONCE: ReadonlySet<FilterKey> = new Set(['after', 'before', 'in']);

const fail = (message: string, column: number | null): { ok: false; error: QueryError } => ({
  ok: false,
  error: { message, column },
});

/** Parses the search language (README.md in this folder). Pure: no database, no I/O. */
export function parseQuery(query: string): ParseResult {
  if ([...query].length > MAX_QUERY_CHARS) return fail(`the query is longer than ${MAX_QUERY_CHARS} characters`, null);
  // A NUL would end the text early inside SQLite's FTS5 parser: refuse it rather than search for less.
  if (query.includes('\u0000'))
    return fail('the query contains a NUL character', [...query.slice(0, query.indexOf('\u0000'))].length + 1);
  const tokenized = tokenizeQuery(query);
  if (!tokenized.ok) return tokenized;
  const filters = noFilters();
  const terms: TextTerm[] = [];
  const seen = new Set<FilterKey>();
  for (const token of tokenized.tokens) {
    const filter = asFilter(token);
    if (filter && filter.key !== 'word') {
      if (ONCE.has(filter.key) && seen.has(filter.key))
        return fail(`${filter.key}: is given twice (column ${token.column}): give it once`, token.column);
      seen.add(filter.key);
      const error = applyFilter(filters, filter.key, filter.value, token.column);
      if (error) return { ok: false, error };
      continue;
    }
    const term = filter
      ? asTerm({ parts: filter.valueParts, column: token.column }, 'word')
      : asTerm(token, 'substring');
    if ('message' in term) return { ok: false, error: term };
    terms.push(term);
  }
  if (terms.length === 0 && seen.size === 0)
    return fail('the query is empty: give words to search for, or filters (see sshlens search --help)', null);
  if (terms.length > MAX_TERMS)
    return fail(`too many search terms (${terms.length}; at most ${MAX_TERMS})`, terms[MAX_TERMS]!.column);
  if (filters.afterUs !== null && filters.beforeUs !== null && filters.afterUs >= filters.beforeUs) {
    return fail('after: is not earlier than before:, so nothing can match', null);
  }
  return { ok: true, query: { terms, filters } };
}

/** `key:value` with a known key, the key typed outside quotes: anything else is text (10.0.0.1:22, C:\temp). */
function asFilter(token: QueryToken): { key: FilterKey; value: string; valueParts: TokenPart[] } | null {
  const first = token.parts[0]!;
  if (first.quoted) return null;
  const m = /^([A-Za-z]+):/.exec(first.text);
  const key = m?.[1]!.toLowerCase() as FilterKey | undefined;
  if (!m || key === undefined || !FILTER_KEYS.includes(key)) return null;
  const valueParts = [{ text: first.text.slice(m[0].length), quoted: false }, ...token.parts.slice(1)].filter(
    (p) => p.quoted || p.text !== '',
  );
  return { key, value: valueParts.map((p) => p.text).join(''), valueParts };
}

/** A text term: `=` first (outside quotes) asks for whole words, `*` last (outside quotes) for a word prefix. */
function asTerm(token: QueryToken, base: TermKind): TextTerm | QueryError {
  const parts = token.parts.map((p) => ({ ...p }));
  let kind = base;
  const first = parts[0];
  if (first && !first.quoted && first.text.startsWith('=') && kind === 'substring') {
    first.text = first.text.slice(1);
    kind = 'word';
  }
  const last = parts.at(-1);
  if (last && !last.quoted && last.text.endsWith('*')) {
    last.text = last.text.slice(0, -1);
    kind = 'prefix';
  }
  const text = parts.map((p) => p.text).join('');
  const column = token.column;
  if (text === '') {
    if (parts.some((p) => p.quoted))
      return { message: `empty quotes at column ${column}: put the text to search for between them`, column };
    if (kind === 'prefix')
      return { message: `the * at column ${column} needs the start of a word before it (like passw*)`, column };
    return { message: `the = at column ${column} needs a word after it (like =passwd)`, column };
  }
  if (text.trim() === '') return { message: `the quotes at column ${column} hold only spaces`, column };
  // 1 or 2 characters are too short for the trigram index and, as a substring, would be in most of
  // the case (`ls` in tools, false, else): they are looked up as a whole word (`ls`, `/bin/ls`).
  if (kind === 'substring')
    return [...text].length < SHORTEST_SUBSTRING && wordTokens(text).length > 0
      ? { kind: 'word', text, column }
      : { kind, text, column };
  const words = wordTokens(text);
  if (words.length === 0) {
    return {
      message: `"${text}" (column ${column}) has no letters or digits to match as a word: search it as text, without = or *`,
      column,
    };
  }
  if (kind === 'prefix' && [...words.at(-1)!].length < MIN_PREFIX_CHARS) {
    return {
      message: `a prefix needs at least ${MIN_PREFIX_CHARS} letters or digits before the * ("${text}*" at column ${column})`,
      column,
    };
  }
  return { kind, text, column };
}

function applyFilter(
  f: SearchFilters,
  key: Exclude<FilterKey, 'word'>,
  value: string,
  column: number,
): QueryError | null {
  const bad = (why: string): QueryError => ({
    message: `${key}:${value === '' ? '' : ` "${value}"`} (column ${column}) ${why}`,
    column,
  });
  if (value.trim() === '') return bad(`needs a value, like ${EXAMPLES[key]}`);
  switch (key) {
    case 'user':
      f.users.push(value.toLowerCase());
      return null;
    case 'target':
      f.targets.push(value.toLowerCase());
      return null;
    case 'host':
      f.hosts.push(value.toLowerCase());
      return null;
    case 'type': {
      const type = value.toLowerCase() as ProgramType;
      if (!PROGRAM_TYPES.includes(type)) return bad(`is not a program type: use one of ${PROGRAM_TYPES.join(', ')}`);
      f.types.push(type);
      return null;
    }
    case 'kind': {
      const kind = value.toLowerCase() as CommandKind;
      if (!KINDS.includes(kind)) return bad(`is not a command kind: use one of ${KINDS.join(', ')}`);
      f.kinds.push(kind);
      return null;
    }
    case 'exit': {
      const v = value.toLowerCase();
      if (v === 'nonzero' || v === '!0') f.exits.push('nonzero');
      else if (/^-?\d{1,9}$/.test(v)) f.exits.push(Number(v));
      else return bad('is not an exit status: use a number (exit:1) or exit:nonzero');
      return null;
    }
    case 'after':
    case 'before': {
      const us = parseQueryTime(value);
      if (us === null) return bad('is not a date or time: use e.g. 2026-11-21, 2026-11-21T17:20:00Z or unix seconds');
      if (key === 'after') f.afterUs = us;
      else f.beforeUs = us;
      return null;
    }
    case 'in': {
      const v = value.toLowerCase();
      if (v === 'commands' || v === 'command') f.scope = 'commands';
      else if (v === 'output' || v === 'outputs') f.scope = 'output';
      else return bad('is not a place to search: use in:commands or in:output');
      return null;
    }
    case 'session':
    case 'program': {
      const ref = parseEntityRef(value);
      if (ref === null || ref.kind !== key) return bad(`is not a ${key} id: use one like ${EXAMPLES[key]}`);
      (key === 'session' ? f.sessions : f.programs).push(ref.row);
      return null;
    }
    case 'tag': {
      const tag = normalizeTag(value);
      if (tag === null) return bad('is not a tag: tags are 1-64 letters, digits, dots, dashes, underscores or colons');
      f.tags.push(tag);
      return null;
    }
    case 'note':
      f.notes.push(value);
      return null;
    case 'is':
      if (value.toLowerCase() !== 'starred') return bad('is not known: use is:starred');
      f.starred = true;
      return null;
  }
}

const EXAMPLES: Record<Exclude<FilterKey, 'word'>, string> = {
  user: 'user:kai@example.org',
  target: 'target:cac3331d',
  host: 'host:203.0.113.80',
  type: 'type:shell',
  kind: 'kind:exec',
  exit: 'exit:1',
  after: 'after:2026-11-21',
  before: 'before:2026-11-22T08:00',
  in: 'in:output',
  session: 'session:s3',
  program: 'program:p7',
  tag: 'tag:exfil',
  note: 'note:beacon',
  is: 'is:starred',
};
