import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ImportOutcome } from '../../shared/model';
import { derivePublicKey, fingerprint, generateKeyPair, parsePrivateKeyFile } from '../crypto/x25519-keys';
import { importPlan } from '../ingest/import-paths';
import type { CaptureKey } from '../crypto/capture-key';
import { openCase, type CaseDb } from '../store/open-case';
import { countCommands, countSessions } from '../store/row-lookups';
import { writeDemoLogpush } from './demo-logpush';
import { demoStartTimes } from './demo-schedule';
import { DemoBuildError, findFixturesDir, listDemoSources, type DemoSources } from './demo-sources';
import { removeCaseFile } from './remove-case-file';
import { sealRecordings } from './seal-recordings';

export interface DemoOptions {
  /** The case to fill (created if missing); one that already holds sessions is refused. */
  casePath: string;
  /** Where the demo's encrypted captures are written (e.g. <case dir>/<case name>-demo-files/). */
  workDir: string;
  /** Default: the repository's test/fixtures. */
  sourcesDir?: string;
  /** One call as each step (sealing a recording, importing a file) starts, and one when all are done. */
  onProgress?: (p: { file: string; done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Clock for the sessions' start times (tests). */
  now?: () => number;
}

export interface DemoResult {
  casePath: string;
  /** Every file imported: the sealed demo captures, then the samples. */
  files: string[];
  outcomes: ImportOutcome[];
  sessions: number;
  /** Every command found, as `export commands` writes them: shell and exec commands and program input. */
  commands: number;
  /** Of those, lines typed into other programs (python3, sqlite3...). */
  programInputs: number;
  /** The demo recordings sealed into captures (the samples' own capture comes on top). */
  recordings: number;
  demoKeyFingerprint: string;
}

/** The demo goes only into a case without sessions: it must never mix with an investigation. */
export class DemoCaseNotEmptyError extends Error {
  constructor(
    readonly casePath: string,
    readonly sessions: number,
  ) {
    super(
      `the case ${casePath} already holds ${sessions} session${sessions === 1 ? '' : 's'}: the demo fills only an empty case`,
    );
    this.name = 'DemoCaseNotEmptyError';
  }
}

/**
 * Builds the demo case from the recordings the project ships: seals each recording into an
 * encrypted capture for a fresh demo key (kept in memory only, never in the OS keychain),
 * writes them to workDir, and imports them with the real importer, with the sample Logpush
 * export. A case this call created is deleted again when it fails or is cancelled, so
 * the demo can simply be run again; the captures written to workDir stay.
 */
export async function buildDemoCase(options: DemoOptions): Promise<DemoResult> {
  const sources = await listDemoSources(options.sourcesDir ?? findFixturesDir());
  const created = !existsSync(options.casePath);
  const db = openCase(options.casePath);
  let result: DemoResult | null = null;
  try {
    result = await fillCase(db, sources, options);
    return result;
  } finally {
    db.close();
    if (result === null && created) await removeCaseFile(options.casePath);
  }
}

async function readSampleKey(path: string): Promise<CaptureKey> {
  const parsed = parsePrivateKeyFile(await readFile(path));
  if (!parsed.ok) throw new DemoBuildError(`${path}: ${parsed.message}`);
  return { fingerprint: fingerprint(derivePublicKey(parsed.privateKey)), privateKey: parsed.privateKey };
}

async function fillCase(db: CaseDb, sources: DemoSources, options: DemoOptions): Promise<DemoResult> {
  const held = countSessions(db);
  if (held > 0) throw new DemoCaseNotEmptyError(options.casePath, held);

  const pair = generateKeyPair();
  const demoKey: CaptureKey = { fingerprint: fingerprint(pair.publicKey), privateKey: pair.privateKey };
  const sampleKey = await readSampleKey(sources.sampleKey);
  const total = sources.recordings.length * 2 + 1 + sources.samples.length;
  let done = 0;
  const step = (file: string): void => options.onProgress?.({ file, done: done++, total });

  const startTimes = demoStartTimes(sources.recordings.length, options.now?.() ?? Date.now());
  const plan = await sealRecordings(sources.recordings, {
    publicKey: pair.publicKey,
    startTimes,
    workDir: options.workDir,
    onRecording: step,
    signal: options.signal,
  });
  // Who connected to which target: the demo's Logpush export, joined to the captures by content.
  const logpush = await writeDemoLogpush(sources.recordings, startTimes, options.workDir);
  plan.push({ path: logpush, size: (await stat(logpush)).size });
  for (const path of sources.samples) plan.push({ path, size: (await stat(path)).size });

  const outcomes = await importPlan(db, plan, {
    keys: async () => [demoKey, sampleKey],
    signal: options.signal,
    onFileStart: (item) => step(item.path),
  });
  options.signal?.throwIfAborted();
  options.onProgress?.({ file: plan.at(-1)?.path ?? '', done: total, total });
  return {
    casePath: options.casePath,
    files: plan.map((p) => p.path),
    outcomes,
    sessions: countSessions(db),
    commands: countCommands(db, 'shell') + countCommands(db, 'program-input'),
    programInputs: countCommands(db, 'program-input'),
    recordings: sources.recordings.length,
    demoKeyFingerprint: demoKey.fingerprint,
  };
}
