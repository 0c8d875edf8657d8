import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeKey, type RawKeyPair } from '../src/main/crypto/x25519-keys';
import { sha256File } from '../src/main/ingest/file-source';
import { REPORT_PREFIX, type ImportChildReport } from './import-child';
import type { GeneratedSet } from './import-set';
import { now } from './measure';

export interface HashResult {
  bytes: number;
  seconds: number;
}

/** The I/O baseline: SHA-256 of every file of the set, read as the importer reads them. */
export async function hashSet(set: GeneratedSet): Promise<HashResult> {
  const t0 = now();
  for (const f of set.files) await sha256File(join(set.dir, f.name));
  return { bytes: set.totalBytes, seconds: now() - t0 };
}

/**
 * Runs the import in a fresh node process (this very bundle, subcommand import-child) so its
 * peak RSS is the import's alone, and parses the JSON line it prints at the end.
 */
export async function importSetInChild(
  set: Pick<GeneratedSet, 'dir'>,
  workDir: string,
  keys: RawKeyPair,
  options: { cpuProfileDir?: string } = {},
): Promise<ImportChildReport> {
  const keyFile = join(workDir, 'bench.key');
  writeFileSync(keyFile, encodeKey(keys.privateKey), { mode: 0o600 });
  const casePath = join(workDir, 'case', 'bench.sqlite');
  const script = fileURLToPath(import.meta.url);
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, script, 'import-child', set.dir, casePath, keyFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s: string) => {
    out += s;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const line = out.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (code !== 0 || line === undefined) throw new Error(`the import child failed (exit ${code}):\n${out.slice(-2000)}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ImportChildReport;
}
