import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures';

// Seeded mutations of the real samples in every format (test/fuzz/fuzz-cases.ts), imported one by
// one into real cases by a process of its own (fuzz-runner.ts). Each must be imported within bounds
// or refused clearly (the file named, a place in it, no unexpected error), a refusal must leave the
// case exactly as it was, and every case must read back whole at the end (sessions, details,
// events, transcripts, commands, replay frames, search, timeline).
//
//   npm test runs SSHLENS_FUZZ cases (default 600); SSHLENS_FUZZ=5000 runs more, and
//   SSHLENS_FUZZ_SEED=N another sequence (the default is fixed, so a run can be repeated exactly).
//
// Ceilings, generous on purpose (timing thresholds would make the test flaky; figures belong in the
// summary it prints and in npm run bench): each case must finish within CASE_CEILING_MS (a hang or
// a quadratic blow-up fails the test, naming the case), and the runner's resident memory must stay
// under RSS_CEILING_MB whatever the files (one 1000x1000 terminal is ~24 MB; the largest line read
// is 64 MiB).

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNT = Number(process.env['SSHLENS_FUZZ'] ?? 600);
const SEED = Number(process.env['SSHLENS_FUZZ_SEED'] ?? 20261121);
const CASE_CEILING_MS = 120_000;
const RSS_CEILING_MB = 1536;

interface CaseLine {
  type: 'case';
  n: number;
  format: string;
  label: string;
  bytes: number;
  status: string;
  error: string | null;
  ms: number;
  rssMB: number;
  problems: string[];
}
interface DoneLine {
  type: 'done';
  cases: number;
  rejections: number;
  programs: number;
  seconds: number;
  casesPerSecond: number;
  startRssMB: number;
  peakRssMB: number;
  maxRssMB: number;
  readback: string[];
}

const dir = tempDir('sshlens-fuzz-');
afterAll(() => dir.cleanup());

describe('fuzzing the import with mutated real recordings', () => {
  it(
    `imports or clearly refuses ${COUNT} hostile files (seed ${SEED}), leaving the cases intact and readable`,
    async () => {
      const runner = join(ROOT, 'out', 'test', 'fuzz-runner.mjs');
      await build({
        entryPoints: [join(ROOT, 'test', 'fuzz', 'fuzz-runner.ts')],
        outfile: runner,
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'warning',
        // The helpers find the samples from their own place: keep it (nothing else bundled here uses it).
        define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'test', 'helpers', 'fixtures.ts')).href) },
      });
      const child = spawn(
        process.execPath,
        [runner, '--seed', String(SEED), '--count', String(COUNT), '--dir', dir.path],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const cases: CaseLine[] = [];
      let done: DoneLine | null = null;
      let crash: string | null = null;
      let current = 'before the first case';
      let watchdog: NodeJS.Timeout | undefined;
      let stalled: string | null = null;
      const arm = (): void => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          stalled = current;
          child.kill('SIGKILL');
        }, CASE_CEILING_MS);
      };
      arm();
      for await (const text of createInterface({ input: child.stdout })) {
        const line = JSON.parse(text) as { type: string } & Record<string, unknown>;
        arm();
        if (line.type === 'start') current = `case ${String(line['n'])} (${String(line['label'])})`;
        else if (line.type === 'case') cases.push(line as unknown as CaseLine);
        else if (line.type === 'done') done = line as unknown as DoneLine;
        else if (line.type === 'crash') crash = String(line['error']);
      }
      clearTimeout(watchdog);
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

      expect(stalled, `${stalled} did not finish within ${CASE_CEILING_MS / 1000} s`).toBeNull();
      expect(crash, `the runner crashed: ${crash}\n${stderr}`).toBeNull();
      expect(done, `the runner stopped early:\n${stderr}`).not.toBeNull();
      const failed = cases.filter((c) => c.problems.length > 0);
      expect(
        failed.map((c) => `case ${c.n} ${c.format} (${c.label}): ${c.problems.join('; ')}`),
        `failing files are kept in ${dir.path}/files`,
      ).toEqual([]);
      expect(done!.readback).toEqual([]);
      expect(done!.peakRssMB, 'resident memory').toBeLessThan(RSS_CEILING_MB);
      // Every format was tried, and both outcomes happened: the mutations reach past the first check.
      for (const format of ['capture', 'asciicast', 'logpush', 'official-zip']) {
        const mine = cases.filter((c) => c.format === format);
        expect(mine.length, format).toBeGreaterThan(0);
        if (COUNT >= 100) {
          expect(
            mine.some((c) => c.status === 'rejected'),
            `${format}: some refused`,
          ).toBe(true);
          expect(
            mine.some((c) => c.status === 'imported' || c.status === 'partial'),
            `${format}: some imported`,
          ).toBe(true);
        }
      }
      const slowest = [...cases].sort((a, b) => b.ms - a.ms)[0];
      console.log(
        `fuzz: ${done!.cases} cases (seed ${SEED}) in ${done!.seconds.toFixed(1)} s, ${done!.casesPerSecond} cases/s; ` +
          `${done!.rejections} refused; ${done!.programs} programs read back; RSS ${done!.startRssMB} → peak ${done!.peakRssMB} MB ` +
          `(max RSS ${done!.maxRssMB} MB); slowest case ${slowest?.ms} ms: ${slowest?.label}`,
      );
    },
    Math.max(600_000, COUNT * 3_000),
  );
});
