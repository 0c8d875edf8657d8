// A worker thread that stages files (ingest/stage-file.ts) for the import pool: one file at a
// time, asked for by the pool, with the capture keys asked of the pool only when a capture needs
// them. Bundled as stage-worker.js beside the CLI and the app's main process.

import { parentPort } from 'node:worker_threads';
import type { InputPlace } from '../../shared/model';
import { errorFromSerialized, serializeError, type SerializedError } from '../../shared/errors';
import type { CaptureKey } from '../crypto/capture-key';
import { InputError, type InputErrorCode } from '../formats/input-error';
import { stageFile, type StagedFile } from './stage-file';

/** Pool → worker. */
export type StageRequest =
  | { type: 'stage'; job: number; path: string; stagingPath: string; allowPartial: boolean }
  | { type: 'keys'; keys: CaptureKey[] }
  /** The keychain failed (src/shared/errors.ts): rebuilt here as its class, KeychainUnavailableError. */
  | { type: 'keys-failed'; error: SerializedError }
  | { type: 'cancel'; job: number };

/** Worker → pool. */
export type StageReply =
  | { type: 'bytes'; job: number; n: number }
  | { type: 'need-keys' }
  | { type: 'staged'; job: number; staged: StagedFile }
  | { type: 'failed'; job: number; error: StageFailure };

/**
 * Why a file could not be staged, as it crosses threads: an InputError keeps its code and place
 * (the outcome says where the file is damaged); any other error travels as src/shared/errors.ts
 * carries errors, so a coded one (the keychain's) is rebuilt on the other side as its own class.
 */
export type StageFailure =
  | { kind: 'input'; code: InputErrorCode; message: string; place: InputPlace }
  | { kind: 'coded'; error: SerializedError };

export function stageFailureOf(e: unknown): StageFailure {
  if (e instanceof InputError) return { kind: 'input', code: e.code, message: e.message, place: e.place };
  return { kind: 'coded', error: serializeError(e) };
}

export function errorOfStageFailure(f: StageFailure): Error {
  return f.kind === 'input' ? new InputError(f.code, f.message, f.place) : errorFromSerialized(f.error);
}

const port = parentPort;
if (port) {
  const send = (reply: StageReply): void => port.postMessage(reply);
  let keys: Promise<readonly CaptureKey[]> | null = null;
  let giveKeys: ((k: readonly CaptureKey[]) => void) | null = null;
  let refuseKeys: ((e: Error) => void) | null = null;
  const cancels = new Map<number, AbortController>();
  port.on('message', (request: StageRequest) => {
    if (request.type === 'keys') {
      giveKeys?.(request.keys);
      return;
    }
    if (request.type === 'keys-failed') {
      keys = null; // asked again by the next capture: the keychain may answer then
      refuseKeys?.(errorFromSerialized(request.error));
      return;
    }
    if (request.type === 'cancel') {
      cancels.get(request.job)?.abort();
      return;
    }
    const cancel = new AbortController();
    cancels.set(request.job, cancel);
    stageFile(request.path, request.stagingPath, {
      allowPartial: request.allowPartial,
      signal: cancel.signal,
      onBytes: (n) => send({ type: 'bytes', job: request.job, n }),
      keys: () =>
        (keys ??= new Promise<readonly CaptureKey[]>((resolve, reject) => {
          giveKeys = resolve;
          refuseKeys = reject;
          send({ type: 'need-keys' });
        })),
    })
      .then(
        (staged) => send({ type: 'staged', job: request.job, staged }),
        (e: unknown) => send({ type: 'failed', job: request.job, error: stageFailureOf(e) }),
      )
      .finally(() => cancels.delete(request.job));
  });
}
