// Imports in the job worker thread, as the UI starts them: progress and outcomes per file, and a
// cancel that leaves only whole files in the case. Real worker (the bundled job-worker.js), real
// case file, real recordings.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/views';
import { JobRunner } from '../../src/main/services/jobs/job-runner';
import { KeychainUnavailableError } from '../../src/shared/errors';
import { openCase } from '../../src/main/store/open-case';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';

const WORKER = pathToFileURL(join(process.cwd(), 'out', 'cli', 'job-worker.js'));
const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');

async function settled(runner: JobRunner, id: string): Promise<JobInfo> {
  for (;;) {
    const job = runner.list().find((j) => j.id === id)!;
    if (job.state !== 'running' && job.state !== 'queued') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('jobs in a worker thread', () => {
  const dir = tempDir('sshlens-jobs-');
  let runner: JobRunner;
  afterEach(async () => {
    await runner?.stopAll();
  });

  it('imports files with per-file outcomes; keys come from the main thread only when a capture needs them', async () => {
    let keyRequests = 0;
    runner = new JobRunner({
      workerUrl: WORKER,
      captureKeys: async () => {
        keyRequests += 1;
        return [{ fingerprint: 'sample', privateKey: samplePrivateKey() }];
      },
    });
    const casePath = join(dir.path, 'import.sqlite');
    openCase(casePath).close();
    const job = await settled(
      runner,
      runner.start(
        { kind: 'import', paths: [sample('sample-shell.capture'), sample('sample-shell.cast')], allowPartial: false },
        casePath,
      ).id,
    );
    expect(job.state).toBe('done');
    expect(job.files.map((f) => f.outcome?.status)).toEqual(['imported', 'imported']);
    expect(job.progress.done).toBe(job.progress.total);
    expect(keyRequests).toBe(1);
    // The cast is another recording of the capture's session: one session, two sources.
    expect(job.files[1]!.outcome?.links).toEqual([expect.objectContaining({ relation: 'same' })]);
    const db = openCase(casePath);
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM program_sources').pluck().get()).toBe(2);
    db.close();
  });

  it('a keychain that cannot give keys reaches the import as the keychain error, with its message', async () => {
    const keychain = new KeychainUnavailableError('test: no Secret Service on this bus');
    const cases: Array<[Error, string]> = [
      [keychain, keychain.message],
      // Any other failure to read keys is still the keychain's, said as such.
      [new Error('test: keytar crashed'), new KeychainUnavailableError('test: keytar crashed').message],
    ];
    for (const [i, [thrown, message]] of cases.entries()) {
      runner = new JobRunner({ workerUrl: WORKER, captureKeys: async () => Promise.reject(thrown) });
      const casePath = join(dir.path, `no-keychain-${i}.sqlite`);
      openCase(casePath).close();
      const path = sample('sample-shell.capture');
      const job = await settled(
        runner,
        runner.start({ kind: 'import', paths: [path], allowPartial: false }, casePath).id,
      );
      expect(job.files[0]!.outcome).toMatchObject({ status: 'rejected', error: `${path}: ${message}` });
      // The job itself ends as an import with nothing imported, not as a failure of its thread.
      expect({ state: job.state, message: job.message }).toEqual({ state: 'done', message: '0 of 1 file(s) imported' });
      await runner.stopAll();
    }
  });

  it('runs one job at a time: the second waits its turn', async () => {
    runner = new JobRunner({ workerUrl: WORKER, captureKeys: async () => [] });
    const casePath = join(dir.path, 'queue.sqlite');
    openCase(casePath).close();
    const first = runner.start({ kind: 'import', paths: [RECORDINGS], allowPartial: false }, casePath);
    const second = runner.start({ kind: 'reindex' }, casePath);
    expect(runner.list().find((j) => j.id === second.id)!.state).toBe('queued');
    expect((await settled(runner, first.id)).state).toBe('done');
    const reindexed = await settled(runner, second.id);
    expect(reindexed.state).toBe('done');
    expect(reindexed.progress.total).toBeGreaterThan(0);
  });

  it('cancels: the case keeps only files imported whole, and the job says it was cancelled', async () => {
    runner = new JobRunner({ workerUrl: WORKER, captureKeys: async () => [] });
    const casePath = join(dir.path, 'cancel.sqlite');
    openCase(casePath).close();
    const started = runner.start({ kind: 'import', paths: [RECORDINGS], allowPartial: false }, casePath);
    // Cancel as soon as the first file is under way.
    for (;;) {
      const j = runner.list().find((x) => x.id === started.id)!;
      if (j.files.some((f) => f.state !== 'waiting') || j.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    runner.cancel(started.id);
    const job = await settled(runner, started.id);
    expect(job.state).toBe('cancelled');
    const whole = job.files.filter((f) => f.outcome?.status === 'imported');
    expect(whole.length).toBeLessThan(job.files.length);
    const db = openCase(casePath);
    const sources = db.prepare('SELECT path FROM sources ORDER BY path').pluck().all();
    expect(sources).toEqual(whole.map((f) => f.path).sort());
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(
      whole.reduce((n, f) => n + f.outcome!.sessions, 0),
    );
    db.close();
  });

  it('cancels a job that has not started yet', async () => {
    runner = new JobRunner({ workerUrl: WORKER, captureKeys: async () => [] });
    const casePath = join(dir.path, 'queued.sqlite');
    openCase(casePath).close();
    const first = runner.start({ kind: 'import', paths: [sample('sample-shell.cast')], allowPartial: false }, casePath);
    const second = runner.start({ kind: 'import', paths: [RECORDINGS], allowPartial: false }, casePath);
    expect(runner.cancel(second.id).state).toBe('cancelled');
    expect((await settled(runner, first.id)).state).toBe('done');
    expect(runner.list().find((j) => j.id === second.id)!.files).toEqual([]);
    expect(runner.dismiss(second.id).map((j) => j.id)).toEqual([first.id]);
  });
});
