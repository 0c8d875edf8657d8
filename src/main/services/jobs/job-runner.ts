// Runs long work (imports, reindex, the demo) in worker threads, one job at a time since a case
// has one writer, and keeps each job's progress and outcomes for the UI until it is dismissed.

import { Worker } from 'node:worker_threads';
import type { JobInfo } from '../../../shared/views';
import type { CaptureKey } from '../../crypto/capture-key';
import { CodedError, firstLine, KeychainUnavailableError, serializeError } from '../../../shared/errors';
import type { FromWorker, JobSpec, ToWorker, WorkerInput } from './job-protocol';

export interface JobRunnerOptions {
  /** The built job-worker.js (beside the bundle that uses it). */
  workerUrl: URL;
  /** The keychain's capture keys, read in this thread when a worker asks. */
  captureKeys: () => Promise<CaptureKey[]>;
  /** Called when a job ends in any way (e.g. to tell the case's readers that it changed). */
  onSettled?: (job: JobInfo) => void;
  /** Called whenever the job list changes (`now`: a job was added, started, ended or dismissed). */
  onChange?: (now: boolean) => void;
}

interface Job {
  info: JobInfo;
  spec: JobSpec;
  worker: Worker | null;
}

export class JobRunner {
  readonly #jobs: Job[] = [];
  #nextId = 1;

  constructor(private readonly options: JobRunnerOptions) {}

  /** Queues a job for the case; it starts at once when no other job runs. */
  start(spec: JobSpec, casePath: string): JobInfo {
    const info: JobInfo = {
      id: `job${this.#nextId++}`,
      kind: spec.kind,
      state: 'queued',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: {
        done: 0,
        total: 0,
        unit: spec.kind === 'import' ? 'bytes' : spec.kind === 'reindex' ? 'programs' : 'files',
      },
      casePath,
      files: [],
      skipped: [],
      message: null,
    };
    this.#jobs.push({ info, spec, worker: null });
    this.#startNext();
    this.options.onChange?.(true);
    return structuredClone(info);
  }

  list(): JobInfo[] {
    return this.#jobs.map((j) => structuredClone(j.info));
  }

  /** True while a job runs or waits: the case must not be switched under it. */
  get busy(): boolean {
    return this.#jobs.some((j) => j.info.state === 'running' || j.info.state === 'queued');
  }

  cancel(id: string): JobInfo {
    const job = this.#find(id);
    if (job.info.state === 'queued') this.#settle(job, 'cancelled', 'cancelled before it started');
    else if (job.info.state === 'running') job.worker?.postMessage({ type: 'cancel' } satisfies ToWorker);
    return structuredClone(job.info);
  }

  /** Forgets a finished job (its outcomes leave the list); a running one must be cancelled first. */
  dismiss(id: string): JobInfo[] {
    const job = this.#find(id);
    if (job.info.state === 'running' || job.info.state === 'queued')
      throw new Error(`job ${id} is still ${job.info.state}: cancel it first`);
    this.#jobs.splice(this.#jobs.indexOf(job), 1);
    this.options.onChange?.(true);
    return this.list();
  }

  /** Cancels everything and waits for the workers to stop (the app is quitting). */
  async stopAll(): Promise<void> {
    for (const job of this.#jobs)
      if (job.info.state === 'queued') this.#settle(job, 'cancelled', 'cancelled: the app quit');
    const running = this.#jobs.filter((j) => j.worker !== null);
    await Promise.all(
      running.map(
        (j) =>
          new Promise<void>((resolve) => {
            j.worker!.once('exit', () => resolve());
            j.worker!.postMessage({ type: 'cancel' } satisfies ToWorker);
          }),
      ),
    );
  }

  #find(id: string): Job {
    const job = this.#jobs.find((j) => j.info.id === id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  #startNext(): void {
    if (this.#jobs.some((j) => j.info.state === 'running')) return;
    const job = this.#jobs.find((j) => j.info.state === 'queued');
    if (!job) return;
    job.info.state = 'running';
    job.info.startedAt = new Date().toISOString();
    this.options.onChange?.(true);
    const worker = new Worker(this.options.workerUrl, {
      workerData: { casePath: job.info.casePath, spec: job.spec } satisfies WorkerInput,
    });
    job.worker = worker;
    worker.on('message', (m: FromWorker) => this.#onMessage(job, m));
    worker.on('error', (e) => this.#settle(job, 'failed', `the job stopped: ${e.message.split('\n')[0]}`));
    worker.on('exit', (code) => {
      job.worker = null;
      if (job.info.state === 'running')
        this.#settle(job, 'failed', `the job's thread exited (code ${code}) before it finished`);
      this.#startNext();
    });
  }

  #onMessage(job: Job, m: FromWorker): void {
    this.#applyMessage(job, m);
    this.options.onChange?.(m.type === 'plan');
  }

  #applyMessage(job: Job, m: FromWorker): void {
    const info = job.info;
    switch (m.type) {
      case 'plan':
        info.files = m.files.map((f) => ({
          path: f.path,
          size: f.size,
          doneBytes: 0,
          state: 'waiting',
          outcome: null,
        }));
        info.skipped = m.skipped;
        info.progress.total = m.files.reduce((n, f) => n + f.size, 0);
        return;
      case 'file-start':
        if (info.files[m.index]) info.files[m.index]!.state = 'running';
        return;
      case 'bytes': {
        const file = info.files[m.index];
        if (file) file.doneBytes = Math.min(m.doneBytes, file.size);
        info.progress.done = info.files.reduce((n, f) => n + f.doneBytes, 0);
        return;
      }
      case 'file-done': {
        const file = info.files[m.index];
        if (file) Object.assign(file, { state: 'finished', doneBytes: file.size, outcome: m.outcome });
        info.progress.done = info.files.reduce((n, f) => n + f.doneBytes, 0);
        return;
      }
      case 'steps':
        info.progress.done = m.done;
        info.progress.total = m.total;
        return;
      case 'need-keys':
        this.options.captureKeys().then(
          (keys) => job.worker?.postMessage({ type: 'keys', keys } satisfies ToWorker),
          (e: unknown) =>
            job.worker?.postMessage({
              type: 'keys-failed',
              error: serializeError(keychainFailure(e)),
            } satisfies ToWorker),
        );
        return;
      case 'finished':
        this.#settle(job, 'done', m.message);
        return;
      case 'cancelled':
        this.#settle(job, 'cancelled', 'cancelled');
        return;
      case 'failed':
        this.#settle(job, 'failed', m.error.message);
        return;
    }
  }

  #settle(job: Job, state: 'done' | 'cancelled' | 'failed', message: string): void {
    if (job.info.state !== 'running' && job.info.state !== 'queued') return;
    job.info.state = state;
    job.info.message = message;
    job.info.finishedAt = new Date().toISOString();
    this.options.onSettled?.(structuredClone(job.info));
    this.options.onChange?.(true);
  }
}

/** Keys the keychain could not give: its own coded error, anything else said as the keychain's failure. */
function keychainFailure(e: unknown): unknown {
  return e instanceof CodedError ? e : new KeychainUnavailableError(firstLine(e));
}
