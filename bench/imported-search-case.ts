import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyPair } from '../src/main/crypto/x25519-keys';
import { openCase } from '../src/main/store/open-case';
import { importSetInChild } from './import-bench';
import type { GeneratedSet } from './import-set';
import { now, Prng } from './measure';
import { REALISTIC_OUTPUT_VERSION } from './realistic-output';
import { RealisticSession } from './realistic-session';
import { writeSyntheticCapture } from './synthetic-capture';
import { registerSearchFunctions } from '../src/main/search/register-functions';

/**
 * The search bench's realistic case: encrypted captures of interactive sessions with realistic
 * output (realistic-session.ts, ~40 KB per command), imported exactly as `sshlens import` does
 * (the import bench's child process), plus the naive anchor: the same output text in a plain
 * FTS5 trigram table of its own file. Building the full case takes many minutes, so it is kept
 * in a cache folder keyed by the generator's version and parameters and reused while they stay
 * the same (delete the folder to build it again). A case from an older schema is migrated when
 * opened, as sshlens would.
 */

export interface ImportedCaseSpec {
  /** Output text to reach, about (decrypted captures are ~10% larger: keystrokes, prompts, colour). */
  outputBytes: number;
  sessions: number;
  seed: number;
}

export interface ImportedCaseMeta {
  key: string;
  spec: ImportedCaseSpec;
  captureBytes: number;
  generateSeconds: number;
  importSeconds: number;
  importCpuSeconds: number;
  naiveSeconds: number;
  sessions: number;
  programs: number;
  commands: number;
  outputs: number;
  /** UTF-8 bytes of the stored output text. */
  outputTextBytes: number;
  firstUs: number;
  lastUs: number;
  builtAt: string;
}

export interface ImportedCase {
  dir: string;
  casePath: string;
  /** The naive anchor: `naive(text)`, FTS5 trigram with positions, rowid = the output's id. */
  naivePath: string;
  meta: ImportedCaseMeta;
  cached: boolean;
}

const DAY_S = 86_400;
const FIRST_START_S = Date.UTC(2026, 7, 20) / 1000;

/** The imported case of the full bench (≥ 1 GB of output text) and of --quick. */
export function importedCaseSpec(quick: boolean): ImportedCaseSpec {
  return quick
    ? { outputBytes: 64e6, sessions: 24, seed: 0x5ea7c4 }
    : { outputBytes: 1.05e9, sessions: 300, seed: 0x5ea7c4 };
}

export function benchCacheRoot(env: NodeJS.ProcessEnv): string {
  return env['SSHLENS_BENCH_CACHE'] ?? join(homedir(), '.cache', 'sshlens-bench');
}

export function caseKey(spec: ImportedCaseSpec): string {
  return `search-import-v${REALISTIC_OUTPUT_VERSION}-${Math.round(spec.outputBytes / 1e6)}MB-${spec.sessions}s-${spec.seed.toString(16)}`;
}

export async function importedSearchCase(
  root: string,
  spec: ImportedCaseSpec,
  progress: (text: string) => void,
): Promise<ImportedCase> {
  const key = caseKey(spec);
  const dir = join(root, key);
  const paths = { dir, casePath: join(dir, 'case.sqlite'), naivePath: join(dir, 'naive.sqlite') };
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ImportedCaseMeta;
    return { ...paths, meta, cached: true };
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(join(building, 'captures'), { recursive: true });
  try {
    const meta = await build(building, key, spec, progress);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { ...paths, meta, cached: false };
  } catch (e) {
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
}

async function build(
  dir: string,
  key: string,
  spec: ImportedCaseSpec,
  progress: (text: string) => void,
): Promise<ImportedCaseMeta> {
  const keys = generateKeyPair();
  const rng = new Prng(spec.seed);
  const captures = join(dir, 'captures');
  const perSession = (spec.outputBytes * 1.1) / spec.sessions;
  const files: GeneratedSet['files'] = [];
  const t0 = now();
  for (let i = 0; i < spec.sessions; i++) {
    progress(`search: generating realistic captures ${i + 1}/${spec.sessions}...`);
    const name = `session-${String(i).padStart(4, '0')}.capture`;
    const plaintextBytes = Math.round(perSession * (0.25 + 1.5 * (rng.next() / 0x1_0000_0000)));
    const info = await writeSyntheticCapture(join(captures, name), {
      publicKey: keys.publicKey,
      plaintextBytes,
      layout: 'mixed',
      seed: spec.seed + i,
      session: (seed) => new RealisticSession(seed),
      // Spread over 90 days, so that after:/before: windows hold a few sessions each.
      startedAt: FIRST_START_S + Math.floor((i / spec.sessions) * 90 * DAY_S) + rng.int(0, 3600),
    });
    files.push({ name, plaintextBytes, layout: 'mixed', fileBytes: info.fileBytes });
  }
  const generateSeconds = now() - t0;
  const set: GeneratedSet = {
    dir: captures,
    files,
    totalBytes: files.reduce((n, f) => n + f.fileBytes, 0),
    largestBytes: Math.max(...files.map((f) => f.fileBytes)),
    seconds: generateSeconds,
  };
  progress(
    `search: importing ${(set.totalBytes / 1e6).toFixed(0)} MB of captures (sshlens import, a child process)...`,
  );
  const child = await importSetInChild(set, dir, keys);
  rmSync(captures, { recursive: true, force: true });
  rmSync(join(dir, 'bench.key'), { force: true });
  renameSync(join(dir, 'case', 'bench.sqlite'), join(dir, 'case.sqlite'));
  rmSync(join(dir, 'case'), { recursive: true, force: true });

  progress('search: counting the imported case...');
  const db = openCase(join(dir, 'case.sqlite'));
  registerSearchFunctions(db);
  let counts: Pick<
    ImportedCaseMeta,
    'sessions' | 'programs' | 'commands' | 'outputs' | 'outputTextBytes' | 'firstUs' | 'lastUs'
  >;
  try {
    counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM programs) AS programs,
          (SELECT count(*) FROM commands) AS commands, (SELECT count(*) FROM outputs) AS outputs,
          (SELECT sum(length(CAST(${OUTPUT_TEXT} AS BLOB))) FROM outputs o) AS outputTextBytes,
          (SELECT min(started_at_us) FROM sessions) AS firstUs, (SELECT max(finished_at_us) FROM sessions) AS lastUs`,
      )
      .get() as typeof counts;
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }

  progress('search: building the naive FTS5 anchor over the same output text...');
  const t1 = now();
  buildNaive(join(dir, 'naive.sqlite'), join(dir, 'case.sqlite'));
  const naiveSeconds = now() - t1;

  const meta: ImportedCaseMeta = {
    key,
    spec,
    captureBytes: set.totalBytes,
    generateSeconds,
    importSeconds: child.planSeconds + child.importSeconds,
    importCpuSeconds: child.cpuSeconds,
    naiveSeconds,
    ...counts,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return meta;
}

/**
 * What a first full-text search would be: FTS5's trigram tokenizer with positions (detail=full)
 * over every output, queried with MATCH and ordered by bm25. In its own file, so the case stays
 * as sshlens makes it.
 */
/** An output's whole text (the row is `o`), from its compressed pieces (migration 016). */
const OUTPUT_TEXT = '(SELECT sshlens_join_pieces(x.start_char, x.text) FROM output_pieces x WHERE x.output_id = o.id)';

export function buildNaive(naivePath: string, casePath: string): void {
  rmSync(naivePath, { force: true });
  const db = new Database(naivePath);
  try {
    db.pragma('journal_mode = WAL');
    db.exec("CREATE VIRTUAL TABLE naive USING fts5(text, tokenize = 'trigram')");
    db.prepare('ATTACH DATABASE ? AS c').run(casePath);
    registerSearchFunctions(db);
    db.exec(
      `INSERT INTO naive (rowid, text) SELECT o.id, (SELECT sshlens_join_pieces(x.start_char, x.text) FROM c.output_pieces x WHERE x.output_id = o.id) FROM c.outputs o`,
    );
    db.exec('DETACH DATABASE c');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
