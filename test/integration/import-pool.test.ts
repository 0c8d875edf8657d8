import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../src/shared/model';
import { KeychainUnavailableError } from '../../src/shared/errors';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importPlan, planImport, type PlanOptions } from '../../src/main/ingest/import-paths';
import { listSessions } from '../../src/main/store/case-queries';
import { listProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';

// The parallel import (ingest/import-pool.ts) runs the built stage-worker.js (npm test builds it):
// files are read, decrypted and extracted in worker threads, joined to the case in plan order.
const STAGE_WORKER = pathToFileURL(join(process.cwd(), 'out', 'cli', 'stage-worker.js'));
const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');

const key = samplePrivateKey();
let keyRequests = 0;
const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({
  keys: async () => {
    keyRequests += 1;
    return [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }];
  },
  stageWorkerUrl: STAGE_WORKER,
  ...extra,
});

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
  keyRequests = 0;
});
afterEach(() => dir.cleanup());

function open(name: string): CaseDb {
  return openCase(join(dir.path, name));
}

/** Everything an investigator sees of a case, ids included: the same plan must give the same case. */
function view(db: CaseDb): unknown {
  return listSessions(db).map((s) => ({
    ...s,
    programs: s.programs.map((p) => ({
      ...p,
      commands: listProgramCommands(db, Number(p.id.slice(1))).map((c) => [c.row, c.text, c.kind, c.atUs]),
    })),
  }));
}

describe('the parallel import', () => {
  it('gives the case a one-thread import gives, ids included', async () => {
    const plan = await planImport([join(sample('.')), RECORDINGS]);
    expect(plan.files.length).toBeGreaterThan(10);
    const sequential = open('one.sqlite');
    const one = await importPlan(sequential, plan.files, options({ workers: 0 }));
    const parallel = open('pool.sqlite');
    keyRequests = 0;
    const pool = await importPlan(parallel, plan.files, options({ workers: 2 }));
    expect(pool.map((o) => [o.path, o.status, o.error ?? null])).toEqual(
      one.map((o) => [o.path, o.status, o.error ?? null]),
    );
    expect(view(parallel)).toEqual(view(sequential));
    expect(keyRequests).toBe(1); // the workers share the keys the pool was given, asked for once
    // No staging case is left behind.
    expect(readdirSync(join(dir.path, '.sshlens-staging'))).toEqual([]);
    sequential.close();
    parallel.close();
  });

  it('carries a keychain failure and a damaged file across threads as their own errors', async () => {
    const keychain = new KeychainUnavailableError('test: no Secret Service on this bus');
    // An asciicast whose header gives a width no terminal has: refused at line 1.
    const wide = join(dir.path, 'wide.cast');
    writeFileSync(wide, `${JSON.stringify({ version: 2, width: 100000, height: 24 })}\n[0.1, "o", "x"]\n`);
    const files = (await planImport([sample('sample-shell.capture'), wide])).files;
    const refused = async (workers: number): Promise<ImportOutcome[]> => {
      const db = open(`refused-${workers}.sqlite`);
      const outcomes = await importPlan(db, files, options({ workers, keys: async () => Promise.reject(keychain) }));
      db.close();
      return outcomes;
    };
    const one = await refused(0);
    const pool = await refused(2);
    expect(pool).toEqual(one);
    expect(pool[0]).toMatchObject({ status: 'rejected', error: `${files[0]!.path}: ${keychain.message}` });
    // A damaged file keeps the place its reader found the damage at.
    expect(pool[1]).toMatchObject({ status: 'rejected', place: { line: 1 } });
    expect(pool[1]!.error).toMatch(/width 100000 is out of range/);
  });

  it('stops when cancelled: whole files only, and no staging case left', async () => {
    const plan = await planImport([RECORDINGS]);
    const db = open('cancel.sqlite');
    const cancel = new AbortController();
    let done = 0;
    const outcomes = await importPlan(
      db,
      plan.files,
      options({
        workers: 2,
        signal: cancel.signal,
        onFileDone: () => {
          done += 1;
          if (done === 2) cancel.abort();
        },
      }),
    );
    expect(outcomes.length).toBeLessThan(plan.files.length);
    const imported = outcomes.filter((o) => o.status === 'imported');
    expect(imported.length).toBeGreaterThanOrEqual(2);
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(imported.length);
    const staging = join(dir.path, '.sshlens-staging');
    // The workers are stopped; what they were staging is removed (give the unlinks a moment).
    for (let i = 0; i < 50 && existsSync(staging) && readdirSync(staging).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readdirSync(staging)).toEqual([]);
    db.close();
  });
});
