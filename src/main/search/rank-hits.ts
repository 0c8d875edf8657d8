import { HEAD_CHARS, type HitSource } from './compile-search';
import type { TextTerm } from './query-types';
import { foldWord, matchesAsWord, matchRanges } from './text-match';

/** A row that matched, as the candidate queries return it; `head` is its text's first HEAD_CHARS characters. */
export interface Candidate {
  source: HitSource;
  rowId: number;
  commandRow: number | null;
  programRow: number;
  sessionRow: number;
  atUs: number;
  outputOffset: number;
  programStartUs: number | null;
  userEmail: string | null;
  targetId: string | null;
  head: string;
  length: number;
}

// BM25's usual constants.
const K1 = 1.2;
const B = 0.75;

/**
 * Orders candidates best first, by, in turn:
 * 1. match quality: the whole command line is the query (3), every term stands as a whole word
 *    (2), some term only matched inside a longer word (1), so `passwd` puts `cat /etc/passwd`
 *    before `cat /etc/opasswd`;
 * 2. command lines before output: what was run, then what it printed;
 * 3. BM25's term-frequency part (k1 1.2, b 0.75): more occurrences, in a shorter text, first. Its
 *    idf part is left out because every term is required, so it would be the same for every hit;
 * 4. the newest first, as a tie-break.
 */
export function rankCandidates(candidates: readonly Candidate[], terms: readonly TextTerm[]): Candidate[] {
  return scoreCandidates(candidates, terms)
    .sort(byRelevance)
    .map((s) => s.c);
}

/** A candidate with what orders it: match quality, BM25 term frequency, time (µs since the epoch; null: unknown). */
export interface Scored {
  c: Candidate;
  quality: number;
  relevance: number;
  time: number | null;
}

export function scoreCandidates(candidates: readonly Candidate[], terms: readonly TextTerm[]): Scored[] {
  const averages = averageLengths(candidates);
  return candidates.map((c) => ({
    c,
    quality: quality(c, terms),
    relevance: relevance(c, terms, averages[c.source]),
    time: c.programStartUs === null ? null : c.programStartUs + c.atUs,
  }));
}

/** The relevance order, best first (see rankCandidates). */
export function byRelevance(x: Scored, y: Scored): number {
  const xt = x.time ?? -Infinity;
  const yt = y.time ?? -Infinity;
  return (
    y.quality - x.quality ||
    sourceOrder(x.c.source) - sourceOrder(y.c.source) ||
    y.relevance - x.relevance ||
    (yt === xt ? 0 : yt > xt ? 1 : -1) ||
    y.c.rowId - x.c.rowId
  );
}

export const sourceOrder = (s: HitSource): number => (s === 'command' ? 0 : 1);

function quality(c: Candidate, terms: readonly TextTerm[]): number {
  const only = terms.length === 1 ? terms[0]! : null;
  if (
    only &&
    c.source === 'command' &&
    c.length <= HEAD_CHARS &&
    foldWord(c.head.trim()) === foldWord(only.text.trim())
  )
    return 3;
  return terms.every((t) => matchesAsWord(c.head, t)) ? 2 : 1;
}

function relevance(c: Candidate, terms: readonly TextTerm[], averageLength: number): number {
  const norm = 1 - B + (B * c.length) / Math.max(averageLength, 1);
  let sum = 0;
  for (const t of terms) {
    const tf = matchRanges(c.head, t, 20).length;
    sum += (tf * (K1 + 1)) / (tf + K1 * norm);
  }
  return sum;
}

function averageLengths(candidates: readonly Candidate[]): Record<HitSource, number> {
  const total = { command: 0, output: 0 };
  const count = { command: 0, output: 0 };
  for (const c of candidates) {
    total[c.source] += c.length;
    count[c.source] += 1;
  }
  return { command: total.command / Math.max(count.command, 1), output: total.output / Math.max(count.output, 1) };
}
