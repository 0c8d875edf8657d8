// What each source of a program states about its exit (issue 14 item 7), on the sample exec in
// its real forms: sources that agree (or state none) give no claims; a Logpush record stating
// another exit makes every source's statement visible, whichever came first; a join by hand and
// a split carry what each source stated.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { listAudit } from '../../src/main/evidence/audit-log';
import { joinByHand, splitByHand } from '../../src/main/indexing/link-by-hand';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { getProgram, listSessions } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { conflictsOfSession } from '../../src/main/store/provenance-queries';
import type { ProgramDetail } from '../../src/shared/model';
import { sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';

const key = samplePrivateKey();
const withKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const CAPTURED = truth('sample-exec').exit_status!;
const OTHER = CAPTURED === 2 ? 3 : 2;

let dir: { path: string; cleanup: () => void };
let db: CaseDb;
beforeEach(() => {
  dir = tempDir();
  db = openCase(join(dir.path, 'case.sqlite'));
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

/** The sample exec's own Logpush record, its payload ending in an exit event stating `status`. */
function logpushStating(status: number): string {
  const id = truth('sample-exec').logpush.ProgramID;
  const record = gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((r) => r['ProgramID'] === id)!;
  record['Payload'] = `${String(record['Payload'])}[0.0075, "x", "${status}"]\n`;
  const path = join(dir.path, `exec-exit-${status}.ndjson`);
  writeFileSync(path, `${JSON.stringify(record)}\n`);
  return path;
}

async function importAll(...files: string[]): Promise<void> {
  for (const f of files) expect((await importFile(db, f, withKey)).status).not.toBe('rejected');
}

function execPrograms(): ProgramDetail[] {
  return listSessions(db)
    .flatMap((s) => s.programs)
    .filter((p) => p.type === 'exec')
    .map((p) => getProgram(db, Number(p.id.slice(1)))!);
}

/** Each source's file name → what it states (its status, or null for none). */
const says = (p: ProgramDetail): Record<string, number | null> =>
  Object.fromEntries((p.exitClaims ?? []).map((c) => [c.source?.path.split('/').pop() ?? 'kept', c.status]));

describe('what each source states about an exit', () => {
  it('gives no claims when the sources agree or state none', async () => {
    await importAll(sample('sample-exec.capture'), sample('sample-exec.decrypted.zip'), sample('logpush.ndjson.gz'));
    const [p] = execPrograms();
    expect(p!.exitStatus).toBe(CAPTURED);
    expect(p!.sources.length).toBeGreaterThan(2);
    expect(p!.exitClaims).toBeUndefined();
  });

  it('keeps the first exit stated and names every statement, whichever source came first', async () => {
    await importAll(logpushStating(OTHER), sample('sample-exec.decrypted.zip'), sample('sample-exec.capture'));
    const [p] = execPrograms();
    expect(execPrograms()).toHaveLength(1);
    expect(p!.exitStatus).toBe(OTHER);
    expect(says(p!)).toEqual({
      [`exec-exit-${OTHER}.ndjson`]: OTHER,
      'sample-exec.decrypted.zip': null,
      'sample-exec.capture': CAPTURED,
    });
    expect(p!.exitClaims!.every((c) => c.known)).toBe(true);
  });

  it('flags a source stating another exit status as a conflict of the session, audited (issue 10)', async () => {
    await importAll(sample('sample-exec.capture'));
    const disagreeing = logpushStating(OTHER);
    const outcome = await importFile(db, disagreeing, withKey);
    const flagged = { field: 'exit_status', stored: String(CAPTURED), found: String(OTHER) };
    expect(outcome.conflicts).toEqual([expect.objectContaining(flagged)]);
    const [session] = listSessions(db);
    expect(listSessions(db)).toHaveLength(1);
    expect(conflictsOfSession(db, Number(session!.id.slice(1)))).toEqual([
      expect.objectContaining({ ...flagged, source: outcome.sha256 }),
    ]);
    const audited = listAudit(db)
      .filter((e) => e.action === 'conflict')
      .map((e) => JSON.parse(e.details) as Record<string, unknown>);
    expect(audited).toEqual([expect.objectContaining(flagged)]);
  });

  it('carries what each source stated through a split and a join by hand', async () => {
    await importAll(sample('sample-exec.capture'), logpushStating(OTHER));
    const [p] = execPrograms();
    const logpush = p!.sources.find((s) => s.path.endsWith('.ndjson'))!;
    const split = await splitByHand(db, p!.id, logpush.sha256);
    // Apart, each program has one source: nothing disagrees.
    expect(execPrograms().map((x) => x.exitClaims)).toEqual([undefined, undefined]);
    await joinByHand(db, p!.id, split.split);
    const [joined] = execPrograms();
    expect(execPrograms()).toHaveLength(1);
    expect(says(joined!)).toMatchObject({ 'sample-exec.capture': CAPTURED, [`exec-exit-${OTHER}.ndjson`]: OTHER });
  });
});
