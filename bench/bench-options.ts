import { GiB, MiB } from './measure';

export interface BenchOptions {
  quick: boolean;
  decrypt: boolean;
  import: boolean;
  /** One Logpush file of many short sessions imported in a child process: its peak RSS (logpush-file.ts). */
  logpush: boolean;
  logpushSessions: number;
  /** One Logpush record of 2.27M events (a 61 MB line) beside the same events in small records (logpush-payload-bench.ts). */
  logpushPayload: boolean;
  /** 63 MiB packets in 64 MiB blocks and asciicast lines of 55 MB: peak RSS (hostile-shapes-bench.ts). */
  hostile: boolean;
  /** Search latency over a synthetic case, its size, grep over the same text, and extraction speed. */
  search: false | 'both' | 'imported' | 'synthetic';
  /** The timeline's queries over 100,000 sessions (timeline.ts). */
  timeline: boolean;
  /** Seeking in a two-hour session's replay (seek.ts). */
  seek: boolean;
  /** Commands in the synthetic search case. */
  searchCommands: number;
  /** Total size of the synthetic capture set for the import figure. */
  importBytes: number;
  /** Decrypt figures: interleaved rounds, and minimum timed seconds per contender per round. */
  rounds: number;
  secondsPerRound: number;
  /** When set, the import child writes a V8 CPU profile there (node --cpu-prof). */
  cpuProfileDir?: string;
}

const PARTS = [
  'decrypt',
  'import',
  'logpush',
  'logpush-payload',
  'hostile',
  'search',
  'search-imported',
  'search-synthetic',
  'timeline',
  'seek',
] as const;

export const USAGE = `usage: bench.js [--quick] [--only ${PARTS.join('|')}] [--cpu-prof-dir DIR]
  --quick            ~64 MiB import set, short decrypt runs, search cases of 64 MB of imported output and
                     100k synthetic commands (also SSHLENS_BENCH_QUICK=1)
  --only PART        run only one part: decrypt, import (captures, then a Logpush file of 100k sessions;
                     10k with --quick), logpush (that file alone), logpush-payload (one record of
                     2.27M events beside the same events in records of 4096), hostile (63 MiB packets in
                     64 MiB blocks, asciicast lines of 55 MB: peak RSS), search (both search cases, and extraction),
                     search-imported, search-synthetic, timeline or seek
  The search part's imported case (>= 1 GB of output text; 64 MB with --quick) is built once through
  import and kept in $SSHLENS_BENCH_CACHE (default ~/.cache/sshlens-bench); delete it to rebuild.
  bench.js build-search-case [--quick] only builds it.
  --cpu-prof-dir DIR profile the import child with node --cpu-prof into DIR`;

/** A bad command line: printed without a stack trace. */
export class UsageError extends Error {}

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  let quick = env['SSHLENS_BENCH_QUICK'] === '1';
  let only: string | undefined;
  let cpuProfileDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = argv[++i];
    else if (arg === '--cpu-prof-dir') cpuProfileDir = argv[++i];
    else throw new UsageError(`unknown argument ${arg}\n${USAGE}`);
  }
  if (only !== undefined && !(PARTS as readonly string[]).includes(only))
    throw new UsageError(`--only takes ${PARTS.join(', ')}\n${USAGE}`);
  const options: BenchOptions = {
    quick,
    decrypt: only === undefined || only === 'decrypt',
    import: only === undefined || only === 'import',
    logpush: only === undefined || only === 'import' || only === 'logpush',
    logpushSessions: quick ? 10_000 : 100_000,
    logpushPayload: only === undefined || only === 'import' || only === 'logpush-payload',
    hostile: only === undefined || only === 'import' || only === 'hostile',
    search:
      only === undefined || only === 'search'
        ? 'both'
        : only === 'search-imported'
          ? 'imported'
          : only === 'search-synthetic'
            ? 'synthetic'
            : false,
    timeline: only === undefined || only === 'timeline',
    seek: only === undefined || only === 'seek',
    searchCommands: quick ? 100_000 : 1_000_000,
    importBytes: quick ? 64 * MiB : GiB,
    rounds: quick ? 3 : 5,
    secondsPerRound: quick ? 0.2 : 0.5,
  };
  if (cpuProfileDir !== undefined) options.cpuProfileDir = cpuProfileDir;
  return options;
}
