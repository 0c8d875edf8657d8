import { readFileSync, statSync } from 'node:fs';
import { derivePublicKey, fingerprint, parsePrivateKeyFile } from '../src/main/crypto/x25519-keys';
import { importWorkers } from '../src/main/ingest/import-pool';
import { importPlan, planImport } from '../src/main/ingest/import-paths';
import { openCase } from '../src/main/store/open-case';
import { now, peakRss } from './measure';

/** What the import child reports to the parent, as one JSON line on stdout. */
export interface ImportChildReport {
  files: number;
  bytes: number;
  planSeconds: number;
  importSeconds: number;
  closeSeconds: number;
  /** Peak RSS (bytes, see peakRss) once everything is done, and right after opening the case. */
  peakRss: number;
  peakRssSource: 'VmHWM' | 'maxRSS';
  startPeakRss: number;
  /** getrusage maxRSS (bytes) as node reports it; on Linux it includes the parent's RSS at fork. */
  maxRss: number;
  /** Highest values seen by a 50 ms sampler (bytes): where the memory is, when it peaks. */
  sampled: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  perFile: Array<{ name: string; size: number; seconds: number; peakRss: number; status: string; error?: string }>;
  caseBytes: number;
  /** The case's largest tables and indexes (SQLite's dbstat), after the import. */
  caseParts: Array<{ name: string; bytes: number }>;
  /** CPU time of the whole import process (all threads), for cores busy. */
  cpuSeconds: number;
}

export const REPORT_PREFIX = 'SSHLENS_BENCH_IMPORT ';

/**
 * `bench.js import-child DIR CASE KEYFILE`: imports every capture under DIR into a new case
 * exactly as `sshlens import` does, then reports timings and its own peak RSS. Runs in its own
 * process so the peak belongs to the import alone.
 */
export async function importChild(dir: string, casePath: string, keyFile: string): Promise<void> {
  const key = parsePrivateKeyFile(readFileSync(keyFile));
  if (!key.ok) throw new Error(`bench key file: ${key.message}`);
  const keys = [{ fingerprint: fingerprint(derivePublicKey(key.privateKey)), privateKey: key.privateKey }];

  const sampled = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    sampled.rss = Math.max(sampled.rss, m.rss);
    sampled.heapUsed = Math.max(sampled.heapUsed, m.heapUsed);
    sampled.external = Math.max(sampled.external, m.external);
    sampled.arrayBuffers = Math.max(sampled.arrayBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 50);

  const db = openCase(casePath);
  const startPeakRss = peakRss().bytes;
  const t0 = now();
  const plan = await planImport([dir]);
  const t1 = now();
  const perFile: ImportChildReport['perFile'] = [];
  let fileStart = 0;
  await importPlan(db, plan.files, {
    keys: async () => keys,
    workers: importWorkers(),
    onFileStart: () => {
      fileStart = now();
    },
    onFileDone: (o) => {
      sample();
      const size = plan.files[perFile.length]?.size ?? 0;
      const entry: ImportChildReport['perFile'][number] = {
        name: o.path.slice(dir.length + 1),
        size,
        seconds: now() - fileStart,
        peakRss: peakRss().bytes,
        status: o.status,
      };
      if (o.error) entry.error = o.error;
      perFile.push(entry);
    },
  });
  const t2 = now();
  const caseParts = db
    .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6')
    .all() as Array<{ name: string; bytes: number }>;
  const usage = process.resourceUsage();
  db.close();
  const t3 = now();
  clearInterval(timer);
  sample();

  const report: ImportChildReport = {
    files: plan.files.length,
    bytes: plan.files.reduce((n, f) => n + f.size, 0),
    planSeconds: t1 - t0,
    importSeconds: t2 - t1,
    closeSeconds: t3 - t2,
    peakRss: peakRss().bytes,
    peakRssSource: peakRss().source,
    startPeakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    sampled,
    perFile,
    caseBytes: statSync(casePath).size,
    caseParts,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  };
  process.stdout.write(REPORT_PREFIX + JSON.stringify(report) + '\n');
}
