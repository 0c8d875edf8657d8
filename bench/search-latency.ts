import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ftsString } from '../src/main/search/fts-query';
import { parseQuery } from '../src/main/search/parse-query';
import { placeHitMoment, searchCase, type SearchStep } from '../src/main/search/run-search';
import { rowOfRef } from '../src/shared/ids';
import { openCase } from '../src/main/store/open-case';
import { now, percentiles, type Percentiles } from './measure';

export type { Percentiles } from './measure';
import { QUERY_KINDS, type BenchQuery, type QueryKind } from './search-queries';

/**
 * Times search queries over a case file, warm and cold, next to the naive anchor (a plain FTS5
 * trigram table of the same output text, bm25, LIMIT 50):
 * - warm: one connection, one untimed pass over a different query set, then every timed query
 *   once (none of them was run before it is timed);
 * - cold: the case file evicted from the OS page cache (dd iflag=nocache count=0, as root), a
 *   new connection, one query; for a sample of the queries of each kind.
 */

export interface KindFigures {
  kind: QueryKind;
  warm: Percentiles;
  cold: Percentiles | null;
  /** The naive anchor over the same text terms (filters left out), warm and cold; null when no query of the kind has one. */
  naiveWarm: Percentiles | null;
  naiveCold: Percentiles | null;
  /** Queries the naive anchor cannot run (a term under 3 characters: too short for trigrams). */
  naiveNone: number;
  medianTotal: number;
  noHits: number;
  /** How the tables were searched, from searchCase's trace. */
  ways: Record<string, number>;
  slowest: { query: string; ms: number };
  /** searchCase's own tookMs against the wall time around it, at the median (both ms). */
  tookMs: number;
  errors: string[];
}

export interface LatencyOptions {
  casePath: string;
  naivePath: string | null;
  warmup: readonly BenchQuery[];
  timed: readonly BenchQuery[];
  /** Cold samples per kind (each evicts the case and opens a new connection). */
  coldPerKind: number;
  progress: (text: string) => void;
}

export interface LatencyResult {
  kinds: KindFigures[];
  /** Opening an output hit of the list (warm): placing its replay moment (placeHitMoment), ms. */
  opened: Percentiles;
  /** How cold was made, or why it could not be. */
  cold: { ok: boolean; how: string };
}

/** What the app's search list asks (api-handlers.ts): hits without replay moments. */
const LIST = { placeMoments: false } as const;

export function timeSearches(o: LatencyOptions): LatencyResult {
  const ways = new Map<BenchQuery, string[]>();
  const warm = new Map<BenchQuery, number>();
  const took = new Map<BenchQuery, number>();
  const totals = new Map<BenchQuery, number>();
  const errors = new Map<BenchQuery, string>();
  const opened: number[] = [];
  // As the app's connection (services/case-connection.ts).
  const db = openCase(o.casePath, { browsing: true });
  try {
    o.progress('search: warm-up pass over other queries...');
    // As the app's list asks: no replay moments; the hit opened is placed then, timed apart.
    for (const q of o.warmup) searchCase(db, q.query, LIST);
    o.timed.forEach((q, i) => {
      if (i % 50 === 0) o.progress(`search: warm ${i}/${o.timed.length}...`);
      const steps: string[] = [];
      const t0 = now();
      const outcome = searchCase(db, q.query, {
        ...LIST,
        trace: (s: SearchStep) =>
          steps.push(`${s.source === 'command' ? 'cmd' : 'out'} ${s.way}${s.walkedOn ? '+' : ''}`),
      });
      warm.set(q, (now() - t0) * 1000);
      ways.set(q, steps);
      if (outcome.ok) {
        took.set(q, outcome.result.tookMs);
        totals.set(q, outcome.result.total);
        const hit = outcome.result.hits.find((h) => !h.replay.placed);
        if (hit !== undefined) {
          const { atUs, outputOffset } = hit.replay;
          const t1 = now();
          placeHitMoment(db, { query: q.query, programRow: rowOfRef(hit.program), atUs, outputOffset });
          opened.push((now() - t1) * 1000);
        }
      } else errors.set(q, outcome.error.message);
    });
  } finally {
    db.close();
  }

  const evict = evictor([o.casePath, ...(o.naivePath ? [o.naivePath] : [])]);
  const coldSample = (kind: QueryKind): BenchQuery[] =>
    o.timed.filter((q) => q.kind === kind && !errors.has(q)).slice(0, o.coldPerKind);
  const cold = new Map<BenchQuery, number>();
  if (evict.ok) {
    const sample = QUERY_KINDS.flatMap(coldSample);
    sample.forEach((q, i) => {
      o.progress(`search: cold ${i + 1}/${sample.length}...`);
      evict.run();
      const fresh = openCase(o.casePath, { browsing: true });
      try {
        const t0 = now();
        searchCase(fresh, q.query, LIST);
        cold.set(q, (now() - t0) * 1000);
      } finally {
        fresh.close();
      }
    });
  }

  const naive = o.naivePath && existsSync(o.naivePath) ? timeNaive(o, coldSample, evict) : null;
  const kinds = QUERY_KINDS.map((kind): KindFigures => {
    const mine = o.timed.filter((q) => q.kind === kind);
    const ms = (m: Map<BenchQuery, number>): number[] => mine.flatMap((q) => (m.has(q) ? [m.get(q)!] : []));
    const slow = mine.reduce<BenchQuery | null>((a, q) => (a === null || warm.get(q)! > warm.get(a)! ? q : a), null);
    const sortedTotals = ms(totals).sort((a, b) => a - b);
    const tookList = ms(took).sort((a, b) => a - b);
    return {
      kind,
      warm: percentiles(ms(warm)),
      cold: evict.ok ? percentiles(ms(cold)) : null,
      naiveWarm: naive ? orNull(percentiles(ms(naive.warm))) : null,
      naiveCold: naive && evict.ok ? orNull(percentiles(ms(naive.cold))) : null,
      naiveNone: naive ? mine.filter((q) => naive.none.has(q)).length : mine.length,
      medianTotal: sortedTotals[Math.floor(sortedTotals.length / 2)] ?? 0,
      noHits: sortedTotals.filter((t) => t === 0).length,
      ways: tally(mine.flatMap((q) => ways.get(q) ?? [])),
      slowest: { query: slow?.query ?? '', ms: slow ? warm.get(slow)! : 0 },
      tookMs: tookList[Math.floor(tookList.length / 2)] ?? 0,
      errors: mine.flatMap((q) => (errors.has(q) ? [`${q.query}: ${errors.get(q)!}`] : [])),
    };
  });
  return { kinds, opened: percentiles(opened), cold: { ok: evict.ok, how: evict.how } };
}

/**
 * The naive engine: FTS5 trigram MATCH of the query's text terms, ordered by bm25, 50 rows. A
 * term under 3 characters cannot be asked of a trigram index at all (such queries are counted).
 */
function timeNaive(
  o: LatencyOptions,
  coldSample: (kind: QueryKind) => BenchQuery[],
  evict: Evictor,
): { warm: Map<BenchQuery, number>; cold: Map<BenchQuery, number>; none: Set<BenchQuery> } {
  const match = (q: BenchQuery): string | null => {
    const parsed = parseQuery(q.query);
    if (!parsed.ok || parsed.query.terms.length === 0) return null;
    const terms = parsed.query.terms.map((t) => t.text);
    if (terms.some((t) => [...t].length < 3)) return null;
    return terms.map(ftsString).join(' AND ');
  };
  const sql = 'SELECT rowid FROM naive WHERE naive MATCH ? ORDER BY bm25(naive) LIMIT 50';
  const none = new Set(o.timed.filter((q) => match(q) === null));
  const warm = new Map<BenchQuery, number>();
  const cold = new Map<BenchQuery, number>();
  const open = (): Database.Database => new Database(o.naivePath!, { readonly: true });
  let db = open();
  try {
    o.progress('search: naive anchor, warm-up...');
    for (const q of o.warmup) {
      const m = match(q);
      if (m !== null) db.prepare(sql).all(m);
    }
    o.progress('search: naive anchor, warm...');
    for (const q of o.timed) {
      const m = match(q);
      if (m === null) continue;
      const t0 = now();
      db.prepare(sql).all(m);
      warm.set(q, (now() - t0) * 1000);
    }
  } finally {
    db.close();
  }
  if (evict.ok) {
    const sample = QUERY_KINDS.flatMap(coldSample).filter((q) => !none.has(q));
    sample.forEach((q, i) => {
      o.progress(`search: naive anchor, cold ${i + 1}/${sample.length}...`);
      evict.run();
      db = open();
      try {
        const t0 = now();
        db.prepare(sql).all(match(q)!);
        cold.set(q, (now() - t0) * 1000);
      } finally {
        db.close();
      }
    });
  }
  return { warm, cold, none };
}

interface Evictor {
  ok: boolean;
  how: string;
  run: () => void;
}

/**
 * Drops the files from the OS page cache with GNU dd (iflag=nocache count=0: posix_fadvise
 * DONTNEED on the whole file), then checks with fincore that it worked. Without root, dd, or a
 * kernel that honours it, there is no cold figure, and the bench says so.
 */
function evictor(files: readonly string[]): Evictor {
  const present = files.filter((f) => existsSync(f));
  const run = (): void => {
    for (const f of present) spawnSync('dd', [`if=${f}`, 'iflag=nocache', 'count=0', 'status=none']);
  };
  const dd = spawnSync('dd', ['--version']);
  if (dd.error || dd.status !== 0) return { ok: false, how: 'no GNU dd: no cold figures', run };
  if (process.getuid?.() !== 0) return { ok: false, how: 'not root: the page cache cannot be dropped here', run };
  run();
  const check = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', present[0]!], { encoding: 'utf8' });
  if (check.status === 0) {
    const resident = Number(check.stdout.trim());
    if (resident > 1e6)
      return { ok: false, how: `dd iflag=nocache left ${resident} bytes in the page cache: no cold figures`, run };
    return { ok: true, how: 'case file dropped from the page cache (dd iflag=nocache, checked with fincore)', run };
  }
  return { ok: true, how: 'case file dropped from the page cache (dd iflag=nocache; fincore missing, unchecked)', run };
}

function tally(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

const orNull = (p: Percentiles): Percentiles | null => (p.n > 0 ? p : null);
