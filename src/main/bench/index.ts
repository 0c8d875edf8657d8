import { parseBenchOptions, UsageError } from './bench-options';
import { importChild } from './import-child';
import { runBench } from './run-bench';

/**
 * `npm run bench`: prints decrypt and import figures next to baselines measured in the same
 * run (raw AEAD speed, SHA-256 of the same files) and says whether each target is met. It never
 * fails on a figure. `bench.js import-child DIR CASE KEYFILE` is the import run in its own process.
 */
async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'import-child') {
    const [, dir, casePath, keyFile] = argv;
    if (!dir || !casePath || !keyFile) throw new Error('usage: bench.js import-child DIR CASE KEYFILE');
    await importChild(dir, casePath, keyFile);
    return;
  }
  await runBench(parseBenchOptions(argv, process.env));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const text = e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`bench: ${text}\n`);
  process.exitCode = 1;
});
