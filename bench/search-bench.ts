import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { searchCase } from '../src/main/search/run-search';
import { openCase, type CaseDb } from '../src/main/store/open-case';
import { now } from './measure';
import { buildSearchCase, type BuiltSearchCase } from './search-case';
import { benchQueries, type BenchQuery, type QueryCategory } from './search-queries';

export interface SearchBenchOptions {
  commands: number;
  queriesPerCategory: number;
  rounds: number;
  /** Queries per category also timed with grep (a full pass over the text files each). */
  grepQueries: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface CategoryFigures {
  category: QueryCategory;
  queries: number;
  samples: number;
  /** Milliseconds per query, through searchCase (parse, plan, candidates, ranking, snippets). */
  search: Percentiles;
  /** Milliseconds per `grep -rFic` over the exported text, for the same terms without filters. */
  grep: Percentiles;
  grepRuns: number;
  medianTotal: number;
  noHits: number;
  capped: number;
  /** How the tables were searched (per query and table), from searchCase's trace. */
  ways: Record<string, number>;
  errors: string[];
}

export interface SizeBreakdown {
  content: number;
  trigram: number;
  words: number;
  other: number;
}

export interface SearchBenchResult {
  built: BuiltSearchCase;
  dbBytes: number;
  breakdown: SizeBreakdown | null;
  categories: CategoryFigures[];
}

/** Builds the synthetic case in `workDir`, then times queries against it and grep against its text. */
export function runSearchBench(
  workDir: string,
  options: SearchBenchOptions,
  progress: (text: string) => void,
): SearchBenchResult {
  const textDir = join(workDir, 'text');
  mkdirSync(textDir, { recursive: true });
  const casePath = join(workDir, 'search.sqlite');
  const building = openCase(casePath);
  let built: BuiltSearchCase;
  try {
    built = buildSearchCase(building, textDir, { commands: options.commands, seed: 0x5ea7c4 }, (n) =>
      progress(`search: inserting commands ${n}/${options.commands}...`),
    );
    progress('search: checkpoint...');
    building.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    building.close();
  }
  const dbBytes = statSync(casePath).size;

  // A fresh connection with sshlens's own settings, as the CLI and the app open a case.
  const db = openCase(casePath);
  try {
    progress('search: sizes...');
    const breakdown = sizeBreakdown(db);
    const queries = benchQueries(built, options.queriesPerCategory, 0x9e3779b9);
    progress('search: warm-up...');
    const ways = new Map<BenchQuery, string[]>(queries.map((q) => [q, []]));
    const outcomes = queries.map((q) => ({
      q,
      outcome: searchCase(db, q.query, {
        trace: (step) => ways.get(q)!.push(step.walkedOn ? `${step.way} (on)` : step.way),
      }),
    }));
    const times = new Map<BenchQuery, number[]>(queries.map((q) => [q, []]));
    for (let r = 0; r < options.rounds; r++) {
      progress(`search: round ${r + 1}/${options.rounds}...`);
      for (const q of queries) {
        const t0 = now();
        searchCase(db, q.query);
        times.get(q)!.push((now() - t0) * 1000);
      }
    }
    const categories = (['word', 'substring', 'filtered'] as const).map((category) => {
      const mine = outcomes.filter((o) => o.q.category === category);
      progress(`search: grep baseline (${category})...`);
      const grepTimes = mine.slice(0, options.grepQueries).map((o) => timeGrep(textDir, o.q));
      const totals = mine.map((o) => (o.outcome.ok ? o.outcome.result.total : 0)).sort((a, b) => a - b);
      return {
        category,
        queries: mine.length,
        samples: mine.length * options.rounds,
        search: percentiles(mine.flatMap((o) => times.get(o.q)!)),
        grep: percentiles(grepTimes),
        grepRuns: grepTimes.length,
        medianTotal: totals[Math.floor(totals.length / 2)] ?? 0,
        noHits: mine.filter((o) => o.outcome.ok && o.outcome.result.total === 0).length,
        capped: mine.filter((o) => o.outcome.ok && o.outcome.result.totalCapped).length,
        ways: tally(mine.flatMap((o) => ways.get(o.q)!)),
        errors: mine.flatMap((o) => (o.outcome.ok ? [] : [`${o.q.query}: ${o.outcome.error.message}`])),
      };
    });
    return { built, dbBytes, breakdown, categories };
  } finally {
    db.close();
  }
}

/** Case-insensitive fixed-string count over every file, -w for whole-word queries: grep's best equivalent. */
function timeGrep(dir: string, q: BenchQuery): number {
  const t0 = now();
  const r = spawnSync('grep', ['-rFic', ...(q.grepWord ? ['-w'] : []), '--', q.grepTerm, dir], { maxBuffer: 1 << 20 });
  const ms = (now() - t0) * 1000;
  if (r.error) throw new Error(`grep could not run: ${r.error.message}`);
  return ms;
}

function tally(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function percentiles(samples: number[]): Percentiles {
  const xs = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: xs.at(-1) ?? 0 };
}

/** Bytes per part of the case, from SQLite's dbstat table (null if this SQLite lacks it). */
function sizeBreakdown(db: CaseDb): SizeBreakdown | null {
  try {
    const rows = db.prepare('SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE').all() as Array<{
      name: string;
      pgsize: number;
    }>;
    const out: SizeBreakdown = { content: 0, trigram: 0, words: 0, other: 0 };
    for (const r of rows) {
      if (r.name === 'commands' || r.name === 'outputs') out.content += r.pgsize;
      else if (r.name.includes('_trigram')) out.trigram += r.pgsize;
      else if (r.name.includes('_words')) out.words += r.pgsize;
      else out.other += r.pgsize;
    }
    return out;
  } catch {
    return null;
  }
}
