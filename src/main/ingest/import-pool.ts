import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { serializeError } from '../../shared/errors';
import type { ImportOutcome } from '../../shared/model';
import type { CaptureKey } from '../crypto/capture-key';
import type { CaseDb } from '../store/open-case';
import { auditRejection, beforeStaging, joinStaged, removeStaging, stagingPathFor, type Staging } from './import-file';
import type { ImportPlanItem, PlanOptions } from './import-paths';
import type { StagedFile } from './stage-file';
import { errorOfStageFailure, type StageReply, type StageRequest } from './stage-worker';

/**
 * How many threads read files: one per core ($SSHLENS_IMPORT_WORKERS overrides; 0 reads in the
 * importing thread, one file at a time).
 */
export function importWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const given = env['SSHLENS_IMPORT_WORKERS'];
  if (given !== undefined && /^\d{1,2}$/.test(given)) return Number(given);
  return Math.max(1, availableParallelism());
}

/**
 * A staging thread holds one file's reader, emulator and staging case at a time: a small heap is
 * plenty, and a small young generation keeps each thread's share of the process's memory low
 * (peak RSS is a goal of `npm run bench`, whatever the input).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 };

type Prepared = { kind: 'done'; outcome: ImportOutcome } | ({ kind: 'staged' } & Staging);

/**
 * The parallel import: `workers` threads read files (one read each, hashed as it goes), decrypt
 * them, store their events and extract their commands into staging cases, a few files ahead,
 * while this thread joins each staged file to the case in the plan's order, one transaction per
 * file. The case's write lock is held only for the joining; the threads keep every core busy.
 */
export async function importInPool(
  db: CaseDb,
  files: readonly ImportPlanItem[],
  options: PlanOptions,
): Promise<ImportOutcome[]> {
  const url = options.stageWorkerUrl ?? new URL('./stage-worker.js', import.meta.url);
  const workers = Array.from({ length: options.workers! }, () => new Worker(url, { resourceLimits: WORKER_LIMITS }));
  const idle = [...workers];
  const waiting: Array<() => void> = [];
  let keys: Promise<readonly CaptureKey[]> | null = null;
  const jobs = new Map<number, { resolve: (s: StagedFile) => void; reject: (e: Error) => void; worker: Worker }>();

  for (const worker of workers) {
    worker.on('message', (reply: StageReply) => {
      if (reply.type === 'need-keys') {
        (keys ??= options.keys()).then(
          (k) => worker.postMessage({ type: 'keys', keys: [...k] } satisfies StageRequest),
          (e: unknown) => {
            keys = null;
            worker.postMessage({ type: 'keys-failed', error: serializeError(e) } satisfies StageRequest);
          },
        );
        return;
      }
      if (reply.type === 'bytes') {
        options.onBytes?.(reply.n);
        options.onFileBytes?.(reply.n, reply.job);
        return;
      }
      const job = jobs.get(reply.job);
      if (!job) return;
      jobs.delete(reply.job);
      if (reply.type === 'staged') job.resolve(reply.staged);
      else job.reject(errorOfStageFailure(reply.error));
    });
    const fail = (e: Error): void => {
      for (const [id, job] of jobs) {
        if (job.worker !== worker) continue;
        jobs.delete(id);
        job.reject(e);
      }
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the import was stopped')));
  }
  const onAbort = (): void => {
    for (const [id, job] of jobs) job.worker.postMessage({ type: 'cancel', job: id } satisfies StageRequest);
  };
  options.signal?.addEventListener('abort', onAbort);

  /** A worker for the next file: a free one, or the first to finish. */
  const acquire = async (): Promise<Worker> => {
    while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
    return idle.pop()!;
  };
  const release = (w: Worker): void => {
    idle.push(w);
    waiting.shift()?.();
  };

  const prepare = async (item: ImportPlanItem, index: number): Promise<Prepared> => {
    options.onFileStart?.(item, index);
    const early = await beforeStaging(db, item.path);
    if (early.done) return { kind: 'done', outcome: early.outcome };
    const stagingPath = stagingPathFor(db, early.outcome.path);
    const worker = await acquire();
    const staged = new Promise<StagedFile>((resolve, reject) => {
      jobs.set(index, { resolve, reject, worker });
      worker.postMessage({
        type: 'stage',
        job: index,
        path: early.outcome.path,
        stagingPath,
        allowPartial: options.allowPartial ?? false,
      } satisfies StageRequest);
    });
    staged.then(
      () => release(worker),
      () => release(worker),
    );
    return { kind: 'staged', base: early.outcome, stagingPath, staged };
  };

  const outcomes: ImportOutcome[] = [];
  // Files are prepared in order, as workers free up; each is joined once the ones before it are.
  const ahead: Array<Promise<Prepared>> = [];
  let next = 0;
  const fill = (): void => {
    while (next < files.length && ahead.length < workers.length + 1 && !options.signal?.aborted) {
      ahead.push(prepare(files[next]!, next));
      next += 1;
    }
  };
  try {
    for (let i = 0; i < files.length; i++) {
      if (options.signal?.aborted) break; // the files not started are left out of the outcomes
      fill();
      const prepared = await ahead.shift()!;
      fill();
      const outcome = prepared.kind === 'done' ? prepared.outcome : await joinStaged(db, prepared, options);
      if (outcome.status === 'rejected' && !options.signal?.aborted) await auditRejection(db, outcome, options);
      options.onFileDone?.(outcome, i);
      outcomes.push(outcome);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    onAbort();
    // Staging cases of files prepared but never joined (cancelled) are removed with the workers.
    for (const p of ahead) void cleanUp(p);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

/** A file prepared but never joined (the import was cancelled): its staging case goes. */
async function cleanUp(prepared: Promise<Prepared>): Promise<void> {
  const p = await prepared.catch(() => null);
  if (p?.kind !== 'staged') return;
  await p.staged.catch(() => undefined);
  await removeStaging(p.stagingPath);
}
