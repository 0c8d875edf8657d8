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

/** Trigrams looked up for one substring at most: more only narrow what the substring check reads. */
const MAX_TRIGRAMS_PER_NEEDLE = 12;

/**
 * Trigram table without positions (detail=none, outputs): every needle's trigrams must occur, in
 * any order. Each trigram is one FTS5 string (one token, so no phrase query, which such a table
 * refuses); the rows found hold the substring or merely all its pieces, so a needle longer than
 * 3 characters is checked on them. A long needle is looked up by trigrams spread along it.
 */
export function trigramSetMatch(needles: readonly string[]): string {
  const grams = new Set<string>();
  for (const needle of needles) {
    const chars = [...needle];
    const windows = chars.length - 2;
    const step = Math.max(1, windows / MAX_TRIGRAMS_PER_NEEDLE);
    for (let i = 0; i < windows; i += step) {
      const at = Math.floor(i);
      grams.add(chars.slice(at, at + 3).join(''));
    }
    grams.add(chars.slice(-3).join(''));
  }
  return [...grams].map(ftsString).join(' AND ');
}

/** unicode61 table: each term is a phrase of words; a prefix term's last word is a prefix (FTS5 `"..." *`). */
export function wordsMatch(terms: readonly TextTerm[]): string {
  return terms.map((t) => (t.kind === 'prefix' ? `${ftsString(t.text)} *` : ftsString(t.text))).join(' AND ');
}
