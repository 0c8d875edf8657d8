import { wordTokens } from '../src/main/search/text-match';
import { CommandCorpus } from './command-corpus';
import { Prng } from './measure';
import type { BuiltSearchCase } from './search-case';

/**
 * Queries for the search bench, drawn from the same text distribution as the case (a corpus with
 * another seed), so their terms range from everywhere (ls, /var/log) to rare or absent, as an
 * investigator's would. Each query keeps the bare term too, for the grep baseline.
 */

export type QueryCategory = 'word' | 'substring' | 'filtered';

export interface BenchQuery {
  category: QueryCategory;
  query: string;
  /** The text grep looks for, and whether as a whole word (-w). */
  grepTerm: string;
  grepWord: boolean;
}

const quote = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

export function benchQueries(built: BuiltSearchCase, perCategory: number, seed: number): BenchQuery[] {
  const rng = new Prng(seed);
  const corpus = new CommandCorpus(seed);
  const texts = (): string[] => {
    const c = corpus.command();
    return [c.text, ...c.output.split('\n')].filter((t) => t.trim().length >= 6);
  };
  const pick = <T>(list: readonly T[]): T => list[rng.int(0, list.length - 1)]!;

  const word = (): { term: string; query: string } => {
    for (;;) {
      const tokens = wordTokens(pick(texts())).filter((t) => t.length >= 3);
      if (tokens.length > 0) {
        const term = pick(tokens);
        return { term, query: `=${term}` };
      }
    }
  };
  const fragment = (): { term: string; query: string } => {
    for (;;) {
      const text = pick(texts());
      const start = rng.int(0, Math.max(0, text.length - 4));
      const term = text.slice(start, start + rng.int(4, 14)).trim();
      if (term.length >= 3) return { term, query: quote(term) };
    }
  };
  const day = (us: number): string => new Date(us / 1000).toISOString().slice(0, 10);
  const filter = (kind: number): string => {
    const skewed = <T>(list: readonly T[]): T =>
      list[Math.floor(list.length * Math.pow(rng.next() / 0x1_0000_0000, 2))]!;
    switch (kind) {
      case 0:
        return `user:${skewed(built.users)}`;
      case 1:
        return `target:${skewed(built.targets).slice(0, 8)}`;
      case 2:
        return `host:${skewed(built.clientIps)}`;
      case 3:
        return pick(['type:exec', 'type:shell']);
      case 4:
        return pick(['exit:1', 'exit:nonzero', 'exit:2']);
      case 5:
        return pick(['in:output', 'in:commands']);
      case 6: {
        const from = built.firstUs + rng.int(0, 85) * 86_400_000_000;
        return `after:${day(from)} before:${day(from + rng.int(1, 5) * 86_400_000_000)}`;
      }
      default:
        return `session:s${rng.int(1, built.sessions)}`;
    }
  };

  const out: BenchQuery[] = [];
  for (let i = 0; i < perCategory; i++) {
    const w = word();
    out.push({ category: 'word', query: w.query, grepTerm: w.term, grepWord: true });
    const f = fragment();
    out.push({ category: 'substring', query: f.query, grepTerm: f.term, grepWord: false });
    const base = rng.chance(0.5) ? word() : fragment();
    const first = rng.int(0, 7);
    const second = (first + rng.int(1, 7)) % 8; // another kind: in: or after: twice is a query error
    const filters = rng.chance(0.3) ? `${filter(first)} ${filter(second)}` : filter(first);
    out.push({
      category: 'filtered',
      query: `${filters} ${base.query}`,
      grepTerm: base.term,
      grepWord: base.query.startsWith('='),
    });
  }
  return out;
}
