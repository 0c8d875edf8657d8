import { wordTokens } from '../src/main/search/text-match';
import { Prng } from './measure';

/**
 * Queries for the search bench, by kind, drawn from the same text distribution as the case (its
 * generator with another seed), so their terms range from everywhere to rare or absent, as an
 * investigator's would. A query set made with another seed is what warms the case up before
 * timing: the timed queries are never run before they are timed.
 */

export const QUERY_KINDS = ['short', 'word', 'substring', 'phrase', 'output', 'filtered', 'nonascii'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  query: string;
}

/** What queries are drawn from: lines like the case's, its filters, and its words in other scripts. */
export interface QuerySource {
  line(): string;
  /** One filter of the case (`type:shell`, `after:... before:...`, `session:s12`...); `i` picks which kind. */
  filter(rng: Prng, i: number): string;
  /** How many kinds of filters `filter` knows. */
  filterKinds: number;
  nonAscii: readonly string[];
}

/** Words of one or two characters investigators type: commands, flags, short names. */
const SHORT = [
  'ls',
  'id',
  'ps',
  'cd',
  'rm',
  'df',
  'du',
  'ip',
  'vi',
  'su',
  'ok',
  'db',
  'no',
  'up',
  'tx',
  'at',
  'x',
  '0',
];

const quote = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/**
 * Queries of every kind, `perKind` each (fewer when they repeat: each text is kept once), none of
 * whose text is in `exclude` (the warm-up set, when these are the timed ones).
 */
export function uniqueQueries(
  source: QuerySource,
  perKind: number,
  seed: number,
  exclude: ReadonlySet<string> = new Set(),
): BenchQuery[] {
  const seen = new Set(exclude);
  return benchQueries(source, perKind, seed).filter((q) => {
    if (seen.has(q.query)) return false;
    seen.add(q.query);
    return true;
  });
}

function benchQueries(source: QuerySource, perKind: number, seed: number): BenchQuery[] {
  const rng = new Prng(seed);
  const pick = <T>(list: readonly T[]): T => list[rng.int(0, list.length - 1)]!;
  const line = (): string => {
    for (;;) {
      const l = source.line();
      if (l.trim().length >= 8) return l;
    }
  };
  const word = (): string => {
    for (;;) {
      const tokens = wordTokens(line()).filter((t) => t.length >= 3);
      if (tokens.length > 0) return `=${pick(tokens)}`;
    }
  };
  const fragment = (): string => {
    for (;;) {
      const text = line();
      const start = rng.int(0, Math.max(0, text.length - 4));
      const term = text.slice(start, start + rng.int(4, 14)).trim();
      if (term.length >= 3 && !term.includes('"')) return quote(term);
    }
  };
  const phrase = (): string => {
    for (;;) {
      const words = line()
        .split(/\s+/)
        .filter((w) => w.length > 0 && !w.includes('"') && !w.includes('\x1b'));
      if (words.length < 3) continue;
      const n = Math.min(rng.int(2, 4), words.length);
      const start = rng.int(0, words.length - n);
      return quote(words.slice(start, start + n).join(' '));
    }
  };
  const nonAscii = (): string => {
    const w = pick(source.nonAscii);
    switch (rng.int(0, 3)) {
      case 0:
        return w;
      case 1:
        return `=${w}`;
      case 2:
        // Accents folded away: =muller finds Müller.
        return `=${w.normalize('NFD').replace(/\p{M}/gu, '')}`;
      default: {
        const chars = [...w];
        return chars.length > 3 ? chars.slice(1).join('') : w;
      }
    }
  };
  // Each once first (the words investigators type), then 1-2 character words of the text itself.
  const shortLeft = [...SHORT];
  const short = (): string => {
    const next = shortLeft.shift();
    if (next !== undefined) return next;
    for (;;) {
      const tokens = wordTokens(line()).filter((t) => t.length <= 2);
      if (tokens.length > 0) return pick(tokens);
    }
  };
  const term = (): string => (rng.chance(0.5) ? word() : rng.chance(0.5) ? fragment() : pick(SHORT));
  const filters = (): string => {
    const first = rng.int(0, source.filterKinds - 1);
    if (!rng.chance(0.3)) return source.filter(rng, first);
    const second = (first + rng.int(1, source.filterKinds - 1)) % source.filterKinds;
    return `${source.filter(rng, first)} ${source.filter(rng, second)}`;
  };

  const out: BenchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    out.push({ kind: 'short', query: short() });
    out.push({ kind: 'word', query: word() });
    out.push({ kind: 'substring', query: fragment() });
    out.push({ kind: 'phrase', query: phrase() });
    out.push({ kind: 'output', query: `in:output ${term()}` });
    out.push({ kind: 'filtered', query: `${filters()} ${term()}` });
    out.push({ kind: 'nonascii', query: nonAscii() });
  }
  return out;
}
