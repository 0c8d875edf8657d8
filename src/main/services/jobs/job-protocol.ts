// The messages between the job runner (main thread) and a job worker (src/main/services/jobs/
// job-worker.ts). Long work runs in a worker thread so the API stays responsive while it runs.

import type { ImportOutcome } from '../../../shared/model';
import type { SerializedError } from '../../../shared/errors';
import type { CaptureKey } from '../../crypto/capture-key';

export type JobSpec =
  { kind: 'import'; paths: string[]; allowPartial: boolean } | { kind: 'reindex' } | { kind: 'demo'; workDir: string };

export interface WorkerInput {
  casePath: string;
  spec: JobSpec;
}

export type FromWorker =
  | { type: 'plan'; files: Array<{ path: string; size: number }>; skipped: Array<{ path: string; reason: string }> }
  | { type: 'file-start'; index: number }
  | { type: 'bytes'; index: number; doneBytes: number }
  | { type: 'file-done'; index: number; outcome: ImportOutcome }
  /** Reindex and demo: steps done of total. */
  | { type: 'steps'; done: number; total: number }
  /** The worker needs the keychain's keys for an encrypted capture: main reads them (keytar lives there). */
  | { type: 'need-keys' }
  | { type: 'finished'; message: string }
  | { type: 'cancelled' }
  /** Errors cross as values (src/shared/errors.ts): the runner sees the code, never a stack. */
  | { type: 'failed'; error: SerializedError };

export type ToWorker =
  | { type: 'cancel' }
  | { type: 'keys'; keys: CaptureKey[] }
  /**
   * Reading the keychain failed: the worker rethrows it as its own class (KeychainUnavailableError).
   * Named and shaped as ingest/stage-worker.ts's own: that module, bundled into job-worker.js through
   * import-pool.ts, listens on this thread's port too and takes any type it does not know for a
   * file to stage.
   */
  | { type: 'keys-failed'; error: SerializedError };
