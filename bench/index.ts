import { parseBenchOptions, USAGE, UsageError } from './bench-options';
import { progress } from './bench-io';
import { benchCacheRoot, importedCaseSpec, importedSearchCase } from './imported-search-case';
import { importChild } from './import-child';
import { runBench } from './run-bench';
import { runSeekBench } from './seek';
import { runTimelineBench } from './timeline';

/**
 * `npm run bench`: prints decrypt and import figures next to baselines measured in the same
 * run (raw AEAD speed, SHA-256 of the same files) and says whether each target is met. It never
 * fails on a figure. `bench.js import-child DIR CASE KEYFILE` is the import run in its own process;
 * `--only timeline` times the timeline's queries over 100,000 sessions (see timeline.ts);
 * `--only seek` times seeking in a two-hour session's replay (see seek.ts);
 * `--only hostile` prints the peak RSS of the largest shapes within the limits (hostile-shapes-bench.ts).
 * `bench.js build-search-case [--quick]` builds the search part's imported case into the cache
 * (see imported-search-case.ts) without timing anything.
 */
async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'import-child') {
    const [, dir, casePath, keyFile] = argv;
    if (!dir || !casePath || !keyFile) throw new Error('usage: bench.js import-child DIR CASE KEYFILE');
    await importChild(dir, casePath, keyFile);
    return;
  }
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv[0] === 'build-search-case') {
    const options = parseBenchOptions(argv.slice(1), process.env);
    const built = await importedSearchCase(benchCacheRoot(process.env), importedCaseSpec(options.quick), progress);
    progress('');
    process.stdout.write(`${built.cached ? 'already built' : 'built'}: ${built.dir}\n`);
    return;
  }
  const options = parseBenchOptions(argv, process.env);
  if (
    options.decrypt ||
    options.import ||
    options.logpush ||
    options.logpushPayload ||
    options.hostile ||
    options.search
  )
    await runBench(options);
  if (options.timeline) await runTimelineBench(options);
  if (options.seek) await runSeekBench(options);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const text = e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`bench: ${text}\n`);
  process.exitCode = 1;
});
