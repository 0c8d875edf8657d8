import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../src/main/crypto/x25519-keys';
import { inTempDir, progress } from './bench-io';
import type { BenchOptions } from './bench-options';
import { runDecryptCase, type DecryptCase } from './decrypt-bench';
import { hashSet, importSetInChild } from './import-bench';
import { generateSet, planSet } from './import-set';
import { printHostileShapes, runHostileShapesBench } from './hostile-shapes-bench';
import { runLogpushPayloadBench, printLogpushPayload } from './logpush-payload-bench';
import { KiB, MiB } from './measure';
import { generateLogpushFile } from './logpush-file';
import { printDecrypt, printImport, printLogpush, printOpenssl } from './print-results';
import { bareXtermOverSet, opensslSpeed, type OpensslSpeed } from './anchors';
import { printExtraction, printImportedSearch, printSyntheticSearch } from './print-search';
import { bytesLabel, print } from './report';
import { runExtractionBench } from './extraction-bench';
import { benchCacheRoot } from './imported-search-case';
import { runImportedSearchBench, runSyntheticSearchBench, type SearchBenchOptions } from './search-bench';

function decryptCases(quick: boolean): DecryptCase[] {
  const q = quick ? 1 / 8 : 1;
  return [
    { layout: 'fixed16k', bytes: 128 * MiB * q, libraryBytes: 16 * MiB * q },
    { layout: 'mixed', bytes: 64 * MiB * q, libraryBytes: 8 * MiB * q },
    { layout: 'keystrokes', bytes: 2 * MiB * q, libraryBytes: 512 * KiB * q },
    { layout: 'fixed1m', bytes: 128 * MiB * q, libraryBytes: 0 },
  ];
}

export async function runBench(options: BenchOptions): Promise<void> {
  const cpu = cpus();
  print(
    `sshlens bench (node ${process.version}, ${cpu.length} cores ${cpu[0]?.model.trim() ?? ''}, load ${loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()})${options.quick ? ' --quick' : ''}`,
  );
  print('MB = 10^6 bytes.');
  const keys = generateKeyPair();
  let openssl: OpensslSpeed | null = null;

  if (options.decrypt) {
    print(
      `Decrypt: plaintext bytes from memory (no disk), median of ${options.rounds} interleaved rounds of ≥${options.secondsPerRound} s each, [min..max] of the rounds.`,
    );
    progress('decrypt: openssl speed...');
    openssl = opensslSpeed(options.quick ? 1 : 3);
    progress('');
    printOpenssl(openssl);
    for (const c of decryptCases(options.quick)) {
      progress(`decrypt: ${c.layout}...`);
      const result = await runDecryptCase(c, keys, options.rounds, options.secondsPerRound);
      progress('');
      printDecrypt(result, openssl);
    }
  }

  if (options.import) {
    await inTempDir('sshlens-bench-', async (workDir) => {
      const captures = join(workDir, 'captures');
      mkdirSync(captures);
      const plan = planSet(options.importBytes);
      progress(`import: generating ${bytesLabel(options.importBytes)} of captures...`);
      const set = await generateSet(captures, plan, keys.publicKey, (n) =>
        progress(`import: generating captures ${n}/${plan.length}...`),
      );
      progress('import: hashing...');
      const hash = await hashSet(set);
      progress('import: importing in a child process...');
      const child = await importSetInChild(
        set,
        workDir,
        keys,
        options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {},
      );
      progress('import: a bare xterm.js pass over the same output...');
      const bare = await bareXtermOverSet(set.files);
      progress('');
      printImport(set, hash, child, { bare, openssl });
    });
  }

  if (options.logpushPayload) {
    await inTempDir('sshlens-bench-logpush-', async (workDir) => {
      // 2.27M events make a 61 MB line (issue 11), 1/8 of it with --quick.
      const events = options.quick ? 283_750 : 2_270_000;
      progress('import: one Logpush record with a huge Payload, and the same events in many records...');
      const result = await runLogpushPayloadBench(workDir, keys, events);
      progress('');
      printLogpushPayload(result);
    });
  }

  if (options.hostile) {
    await inTempDir('sshlens-bench-hostile-', async (workDir) => {
      progress('import: 63 MiB packets in 64 MiB blocks, and asciicast lines of 55 MB...');
      const result = await runHostileShapesBench(workDir, keys, options.quick);
      progress('');
      printHostileShapes(result);
    });
  }

  if (options.logpush) {
    await inTempDir('sshlens-bench-logpush-', async (workDir) => {
      const files = join(workDir, 'logpush');
      mkdirSync(files);
      progress(`logpush: generating a file of ${options.logpushSessions} sessions...`);
      const file = await generateLogpushFile(files, options.logpushSessions);
      progress('logpush: importing in a child process...');
      const child = await importSetInChild(file, workDir, keys);
      progress('');
      printLogpush(file, child);
    });
  }

  if (options.search) await searchPart(options);
}

async function searchPart(options: BenchOptions): Promise<void> {
  const o: SearchBenchOptions = {
    quick: options.quick,
    commands: options.searchCommands,
    cacheRoot: benchCacheRoot(process.env),
    queriesPerKind: options.quick ? 40 : 100,
    coldPerKind: options.quick ? 8 : 20,
  };
  if (options.search !== 'synthetic') {
    const imported = await runImportedSearchBench(o, progress);
    progress('');
    printImportedSearch(imported);
  }
  if (options.search !== 'imported') {
    await inTempDir('sshlens-bench-search-', async (workDir) => {
      const result = runSyntheticSearchBench(workDir, o, progress);
      progress('');
      printSyntheticSearch(result);
    });
  }
  if (options.search !== 'both') return;
  progress('extract: running the extractor...');
  const extraction = await runExtractionBench((options.quick ? 2 : 8) * MiB, 3);
  progress('');
  printExtraction(extraction);
}
