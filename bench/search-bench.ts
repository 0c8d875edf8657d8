import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openCase, type CaseDb } from '../src/main/store/open-case';
import { CommandCorpus } from './command-corpus';
import { buildNaive, importedCaseSpec, importedSearchCase, type ImportedCase } from './imported-search-case';
import { now, Prng } from './measure';
import { NON_ASCII_WORDS, RealisticOutput } from './realistic-output';
import { buildSearchCase, type BuiltSearchCase } from './search-case';
import { timeSearches, type LatencyResult } from './search-latency';
import { uniqueQueries, type QuerySource } from './search-queries';

export interface SearchBenchOptions {
  quick: boolean;
  /** Commands of the synthetic case (short output, rows inserted directly). */
  commands: number;
  cacheRoot: string;
  queriesPerKind: number;
  coldPerKind: number;
}

export interface SizeBreakdown {
  content: number;
  trigram: number;
  words: number;
  other: number;
}

export interface CaseFigures {
  dbBytes: number;
  naiveBytes: number;
  breakdown: SizeBreakdown | null;
  latency: LatencyResult;
  /** 1-minute load average before and after the timings. */
  load: [number, number];
}

export interface SyntheticFigures extends CaseFigures {
  built: BuiltSearchCase;
  naiveSeconds: number;
}

export interface ImportedFigures extends CaseFigures {
  imported: ImportedCase;
}

/** The imported realistic case (built once, then cached): warm and cold latencies, naive anchor. */
export async function runImportedSearchBench(
  o: SearchBenchOptions,
  progress: (text: string) => void,
): Promise<ImportedFigures> {
  const imported = await importedSearchCase(o.cacheRoot, importedCaseSpec(o.quick), progress);
  const m = imported.meta;
  const output = new RealisticOutput(0x9e3779b9);
  const day = (us: number): string => new Date(us / 1000).toISOString().slice(0, 10);
  const source: QuerySource = {
    line: () => output.sampleLine(),
    filterKinds: 6,
    filter: (rng, i) => {
      switch (i) {
        case 0:
          return 'type:shell';
        case 1: {
          const from = m.firstUs + rng.int(0, 85) * 86_400_000_000;
          return `after:${day(from)} before:${day(from + rng.int(1, 5) * 86_400_000_000)}`;
        }
        case 2:
          return `session:s${rng.int(1, m.sessions)}`;
        case 3:
          return `program:p${rng.int(1, m.programs)}`;
        case 4:
          return 'in:commands';
        default:
          return rng.chance(0.5) ? 'kind:shell' : 'exit:nonzero';
      }
    },
    nonAscii: NON_ASCII_WORDS,
  };
  return { imported, ...timeCase(imported.casePath, imported.naivePath, source, o, progress) };
}

/** The 1M-command synthetic case (rows inserted directly, ~170 B of text per command), built in `workDir`. */
export function runSyntheticSearchBench(
  workDir: string,
  o: SearchBenchOptions,
  progress: (text: string) => void,
): SyntheticFigures {
  const textDir = join(workDir, 'text');
  mkdirSync(textDir, { recursive: true });
  const casePath = join(workDir, 'search.sqlite');
  const building = openCase(casePath);
  let built: BuiltSearchCase;
  try {
    built = buildSearchCase(building, textDir, { commands: o.commands, seed: 0x5ea7c4 }, (n) =>
      progress(`search: inserting commands ${n}/${o.commands}...`),
    );
    progress('search: checkpoint...');
    building.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    building.close();
  }
  rmSync(textDir, { recursive: true, force: true });
  progress('search: building the naive FTS5 anchor...');
  const naivePath = join(workDir, 'naive.sqlite');
  const t0 = now();
  buildNaive(naivePath, casePath);
  const naiveSeconds = now() - t0;

  const corpus = new CommandCorpus(0x9e3779b9);
  const lines: string[] = [];
  const day = (us: number): string => new Date(us / 1000).toISOString().slice(0, 10);
  const skewed = <T>(rng: Prng, list: readonly T[]): T =>
    list[Math.floor(list.length * Math.pow(rng.next() / 0x1_0000_0000, 2))]!;
  const source: QuerySource = {
    line: () => {
      if (lines.length === 0) {
        const c = corpus.command();
        lines.push(c.text, ...c.output.split('\n'));
      }
      return lines.pop()!;
    },
    filterKinds: 8,
    filter: (rng, i) => {
      switch (i) {
        case 0:
          return `user:${skewed(rng, built.users)}`;
        case 1:
          return `target:${skewed(rng, built.targets).slice(0, 8)}`;
        case 2:
          return `host:${skewed(rng, built.clientIps)}`;
        case 3:
          return rng.chance(0.5) ? 'type:exec' : 'type:shell';
        case 4:
          return ['exit:1', 'exit:nonzero', 'exit:2'][rng.int(0, 2)]!;
        case 5:
          return 'in:commands';
        case 6: {
          const from = built.firstUs + rng.int(0, 85) * 86_400_000_000;
          return `after:${day(from)} before:${day(from + rng.int(1, 5) * 86_400_000_000)}`;
        }
        default:
          return `session:s${rng.int(1, built.sessions)}`;
      }
    },
    nonAscii: NON_ASCII_WORDS,
  };
  return { built, naiveSeconds, ...timeCase(casePath, naivePath, source, o, progress) };
}

function timeCase(
  casePath: string,
  naivePath: string,
  source: QuerySource,
  o: SearchBenchOptions,
  progress: (text: string) => void,
): CaseFigures {
  const timed = uniqueQueries(source, o.queriesPerKind, 0x7a11);
  const warmup = uniqueQueries(
    source,
    Math.max(10, Math.round(o.queriesPerKind / 2)),
    0xa4e,
    new Set(timed.map((q) => q.query)),
  );
  const db = openCase(casePath);
  let breakdown: SizeBreakdown | null;
  try {
    progress('search: sizes...');
    breakdown = sizeBreakdown(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const before = loadavg()[0]!;
  const latency = timeSearches({ casePath, naivePath, warmup, timed, coldPerKind: o.coldPerKind, progress });
  return {
    dbBytes: statSync(casePath).size,
    naiveBytes: statSync(naivePath).size,
    breakdown,
    latency,
    load: [before, loadavg()[0]!],
  };
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
      if (['commands', 'outputs', 'output_pieces', 'output_heads'].includes(r.name)) out.content += r.pgsize;
      else if (r.name.includes('_trigram')) out.trigram += r.pgsize;
      else if (r.name.includes('_words')) out.words += r.pgsize;
      else out.other += r.pgsize;
    }
    return out;
  } catch {
    return null;
  }
}
