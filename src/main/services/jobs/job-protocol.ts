// The messages between the job runner (main thread) and a job worker (src/main/services/jobs/
// job-worker.ts). Long work runs in a worker thread so the API stays responsive while it runs.

import type { ImportOutcome } from '../../../shared/model';
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
  | { type: 'failed'; message: string };

export type ToWorker =
  { type: 'cancel' } | { type: 'keys'; keys: CaptureKey[] } | { type: 'keys-error'; message: string };
