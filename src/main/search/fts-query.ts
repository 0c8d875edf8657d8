import type { TextTerm } from './query-types';

/**
 * FTS5 query strings. Every term becomes one FTS5 string literal ("..." with embedded quotes
 * doubled), so nothing a user types can be read as FTS5 syntax: AND, OR, NOT, NEAR, column
 * filters (text:), ^, +, * and parentheses are all just text. The only operators are ours.
 */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Trigram table: every needle must occur as a substring (a quoted string is a substring match there). */
export function trigramMatch(needles: readonly string[]): string {
  return needles.map(ftsString).join(' AND ');
}

/** unicode61 table: each term is a phrase of words; a prefix term's last word is a prefix (FTS5 `"..." *`). */
export function wordsMatch(terms: readonly TextTerm[]): string {
  return terms.map((t) => (t.kind === 'prefix' ? `${ftsString(t.text)} *` : ftsString(t.text))).join(' AND ');
}
