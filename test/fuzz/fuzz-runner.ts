// Runs the fuzz cases in a process of its own (fuzz-import.test.ts bundles and starts it, and stops it
// if a case does not finish): each hostile file imported into a real case, its outcome checked, the
// case compared before and after, and at the end every case read back whole. One JSON line a case
// on stdout, so the test sees where it stopped.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePublicKey, fingerprint as keyFingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile } from '../../src/main/ingest/import-file';
import { replayFrame, replayInfo } from '../../src/main/replay/replay-queries';
import { searchCase } from '../../src/main/search/run-search';
import { getProgram, listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { getSessionDetail, programCommands } from '../../src/main/store/session-detail-query';
import { timelineFacets, timelineHistogram, timelinePage } from '../../src/main/store/timeline-queries';
import { renderTranscript } from '../../src/main/terminal/render-transcript';
import { caseDigest } from '../helpers/case-snapshot';
import { samplePrivateKey } from '../helpers/fixtures';
import { loadSeeds, makeCase, type FuzzFormat } from './fuzz-cases';
import { Rng } from './mutators';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const seed = Number(arg('seed', '1'));
const count = Number(arg('count', '300'));
const dir = arg('dir', '/tmp/sshlens-fuzz');
const emit = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

/** Messages that mean an unexpected failure, never a clear refusal. */
const UNEXPECTED =
  /import failed|internal error|Invalid (time value|array length|string length)|Maximum call stack|RangeError|TypeError|\bundefined\b|(?<!["\w])NaN(?!["\w])/;
/** Refusals of a whole file, which have no place inside it to name. */
const WHOLE_FILE =
  /not an SSH command log|nothing to import|the ZIP holds neither|not a readable ZIP archive|damaged ZIP archive|the ZIP's entries declare|comes without term_times|term_data\.txt is empty/;

const key = samplePrivateKey();
const keys = async () => [{ fingerprint: keyFingerprint(derivePublicKey(key)), privateKey: key }];

/** Every table's row count but the audit log's (which notes even a refused file): equal when no evidence changed. */
function fingerprint(db: CaseDb): string {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return tables
    .map((t) => `${t}:${(db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number) ?? 0}`)
    .join(',');
}

const auditCount = (db: CaseDb): number => db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

async function main(): Promise<void> {
  mkdirSync(join(dir, 'files'), { recursive: true });
  const seeds = await loadSeeds();
  const rng = new Rng(seed);
  const cases = new Map<FuzzFormat, CaseDb>();
  const caseFor = (format: FuzzFormat): CaseDb => {
    let db = cases.get(format);
    if (!db) cases.set(format, (db = openCase(join(dir, `${format}.sqlite`))));
    return db;
  };
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  let rejections = 0;
  const started = Date.now();
  for (let n = 0; n < count; n++) {
    const c = await makeCase(seeds, rng, n);
    const path = join(dir, 'files', `${n}-${c.name}`);
    writeFileSync(path, c.bytes);
    emit({ type: 'start', n, label: c.label });
    const db = caseFor(c.format);
    const before = fingerprint(db);
    const auditBefore = auditCount(db);
    const sampled = n % 25 === 0 ? caseDigest(db, ['audit_log']) : null;
    const t0 = performance.now();
    const outcome = await importFile(db, path, { keys });
    const ms = performance.now() - t0;
    const problems: string[] = [];
    if (!['imported', 'partial', 'rejected', 'duplicate'].includes(outcome.status))
      problems.push(`status ${outcome.status}`);
    if (outcome.status === 'rejected') {
      rejections += 1;
      const error = outcome.error ?? '';
      if (!error.startsWith(path)) problems.push(`the refusal does not name the file: ${error}`);
      if (UNEXPECTED.test(error)) problems.push(`not a clear refusal: ${error}`);
      const placed = outcome.place !== undefined && Object.keys(outcome.place).length > 0;
      if (!placed && !WHOLE_FILE.test(error)) problems.push(`a refusal without a place: ${error}`);
      if (fingerprint(db) !== before) problems.push('the case changed although the file was refused');
      if (sampled !== null && caseDigest(db, ['audit_log']) !== sampled)
        problems.push('the case changed although the file was refused (digest)');
      // The one row a refusal adds: the audit log's note that this file was brought and refused.
      const noted = db
        .prepare('SELECT action, details FROM audit_log WHERE rowid > 0 ORDER BY seq')
        .all()
        .slice(auditBefore) as Array<{ action: string; details: string }>;
      if (
        noted.length !== 1 ||
        noted[0]!.action !== 'import-rejected' ||
        !noted[0]!.details.includes(`"path":${JSON.stringify(path)}`)
      )
        problems.push(`the audit log did not note the refusal once: ${JSON.stringify(noted.map((e) => e.action))}`);
    }
    for (const line of outcome.rejectedLines ?? [])
      if (UNEXPECTED.test(line.message)) problems.push(`not a clear refusal of line ${line.line}: ${line.message}`);
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    emit({
      type: 'case',
      n,
      format: c.format,
      label: c.label,
      bytes: c.bytes.length,
      status: outcome.status,
      error: outcome.error ?? null,
      ms: Math.round(ms),
      rssMB: Math.round(rss / 2 ** 20),
      problems,
    });
    if (problems.length === 0) rmSync(path); // the failing ones stay, to be imported again by hand
  }
  const importSeconds = (Date.now() - started) / 1000;
  const readback: string[] = [];
  let programs = 0;
  for (const [format, db] of cases) {
    try {
      programs += await readBack(db);
    } catch (e) {
      readback.push(`${format} case: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    db.close();
  }
  emit({
    type: 'done',
    cases: count,
    rejections,
    programs,
    seconds: importSeconds,
    casesPerSecond: Math.round((count / importSeconds) * 10) / 10,
    startRssMB: Math.round(startRss / 2 ** 20),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    readback,
  });
}

/** Everything the app and the CLI read of a case, for every session and program in it. */
async function readBack(db: CaseDb): Promise<number> {
  let programs = 0;
  for (const s of listSessions(db)) {
    const row = Number(s.id.slice(1));
    if (getSessionDetail(db, row) === null) throw new Error(`session ${s.id} listed but not found`);
    for (const p of s.programs) {
      programs += 1;
      const pr = Number(p.id.slice(1));
      const program = getProgram(db, pr)!;
      programCommands(db, pr);
      let events = 0;
      for (const _ of readEvents(db, pr)) events += 1;
      if (events !== program.eventCount)
        throw new Error(`${p.id}: ${events} events read, ${program.eventCount} stated`);
      await renderTranscript(readEvents(db, pr), program.terminal);
      const info = replayInfo(db, pr);
      replayFrame(db, pr, 0);
      replayFrame(db, pr, Math.max(0, info.durationUs ?? 0));
    }
  }
  for (const q of ['root', 'a', '"build 42"', 'in:output x']) searchCase(db, q, { limit: 20 });
  timelineFacets(db);
  timelineHistogram(db, { filter: {}, buckets: 100 });
  timelinePage(db, { filter: {}, offset: 0, limit: 100 });
  return programs;
}

main().catch((e: unknown) => {
  emit({ type: 'crash', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
