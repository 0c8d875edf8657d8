import type { TermKind, TextTerm } from './query-types';
import { isAscii } from './ascii';

/**
 * What a term means, in JavaScript: the definition the SQL side must agree with. Substring terms
 * match as the trigram index does (case-insensitive, anywhere). Word and prefix terms match as
 * the unicode61 index tokenizes: runs of letters and digits, case and diacritics folded, so
 * `=etc/passwd` is the word "etc" followed by the word "passwd" (/etc/passwd, etc-passwd).
 */

const WORD_CHAR = '[\\p{L}\\p{N}\\p{Co}]';
const NOT_WORD_CHAR = '[^\\p{L}\\p{N}\\p{Co}]';
const wordChar = new RegExp(`^${WORD_CHAR}$`, 'u');

/** Case and diacritics folded, as unicode61 does (remove_diacritics). Lengths may change: only for testing, not positions. */
export function foldWord(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words unicode61 sees in a text, folded. */
export function wordTokens(text: string): string[] {
  return foldWord(text).match(new RegExp(`${WORD_CHAR}+`, 'gu')) ?? [];
}

// Only syntax characters: with the u flag, escaping anything else (like -) is an error.
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Compiled patterns, by kind and text: the same few terms are tested against thousands of rows.
const patterns = new Map<string, RegExp>();

function cached(key: string, build: () => RegExp): RegExp {
  let re = patterns.get(key);
  if (!re) {
    if (patterns.size > 256) patterns.clear();
    re = build();
    patterns.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Word or prefix pattern over the folded tokens of `text`. */
function wordPattern(kind: 'word' | 'prefix', text: string, flags: string): RegExp {
  return cached(`${kind}\u0000${flags}\u0000${text}`, () => {
    const body = wordTokens(text).map(escape).join(`${NOT_WORD_CHAR}+`);
    const end = kind === 'word' ? `(?!${WORD_CHAR})` : '';
    return new RegExp(`(?<!${WORD_CHAR})${body}${end}`, flags);
  });
}

function substringPattern(text: string, flags: string): RegExp {
  return cached(`substring\u0000${flags}\u0000${text}`, () => new RegExp(escape(text), flags));
}

/** Does the term match this text? The test the database applies when no index can decide. */
export function termMatches(text: string, kind: TermKind, term: string): boolean {
  if (kind === 'substring') return substringPattern(term, 'iu').test(text);
  // ASCII text needs no Unicode folding: the common case, and 5-10x faster than normalize().
  if (isAscii(text)) return asciiWordPattern(kind, term).test(text);
  return wordPattern(kind, term, 'u').test(foldWord(text));
}

/** The word pattern for ASCII text: letters and digits are [a-z0-9] there, case folding is the i flag. */
function asciiWordPattern(kind: 'word' | 'prefix', text: string): RegExp {
  return cached(`ascii-${kind}\u0000${text}`, () => {
    const body = wordTokens(text).map(escape).join('[^a-z0-9]+');
    return new RegExp(`(?<![a-z0-9])${body}${kind === 'word' ? '(?![a-z0-9])' : ''}`, 'i');
  });
}

/** Where the term occurs in `text` (UTF-16 offsets, end exclusive), at most `max` places. */
export function matchRanges(text: string, term: TextTerm, max = 50): Array<[number, number]> {
  const re = term.kind === 'substring' ? substringPattern(term.text, 'giu') : wordPattern(term.kind, term.text, 'giu');
  const out: Array<[number, number]> = [];
  for (let m = re.exec(text); m !== null && out.length < max; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex += 1;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** A substring term that also stands as a whole word here (not inside a longer word). */
export function matchesAsWord(text: string, term: TextTerm): boolean {
  if (term.kind !== 'substring') return true;
  const chars = [...term.text];
  const before = wordChar.test(chars[0]!) ? `(?<!${WORD_CHAR})` : '';
  const after = wordChar.test(chars.at(-1)!) ? `(?!${WORD_CHAR})` : '';
  return cached(`whole\u0000${term.text}`, () => new RegExp(`${before}${escape(term.text)}${after}`, 'iu')).test(text);
}

/**
 * The longest run of whole ASCII words inside a substring, as one phrase (`"blickey for gi"` →
 * `for`; `"Failed password for root"` → `password for`), or null. A word that touches either end
 * of the substring may be part of a longer word in the text and is left out. Every output holding
 * the substring holds this phrase in the word index, so the index can narrow the outputs to check
 * for the substring (the output trigram index keeps no positions, see compile-search.ts). Only
 * ASCII words: the word index and the substring test agree on their case folding.
 */
export function innerPhrase(text: string): string | null {
  const tokens = [...text.matchAll(new RegExp(`${WORD_CHAR}+`, 'gu'))].map((m) => ({
    word: m[0],
    inner: m.index > 0 && m.index + m[0].length < text.length,
  }));
  let best: string[] = [];
  let run: string[] = [];
  for (const t of tokens) {
    if (t.inner && /^[a-z0-9]+$/i.test(t.word)) run.push(t.word);
    else run = [];
    if (run.join('').length > best.join('').length) best = [...run];
  }
  return best.length > 0 ? best.join(' ') : null;
}
