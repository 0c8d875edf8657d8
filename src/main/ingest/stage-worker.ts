// A worker thread that stages files (ingest/stage-file.ts) for the import pool: one file at a
// time, asked for by the pool, with the capture keys asked of the pool only when a capture needs
// them. Bundled as stage-worker.js beside the CLI and the app's main process.

import { parentPort } from 'node:worker_threads';
import type { CaptureKey } from '../crypto/capture-key';
import { InputError } from '../formats/input-error';
import { stageFile, type StagedFile } from './stage-file';

/** Pool → worker. */
export type StageRequest =
  | { type: 'stage'; job: number; path: string; stagingPath: string; allowPartial: boolean }
  | { type: 'keys'; keys: CaptureKey[] }
  | { type: 'keys-failed'; error: SerializedError }
  | { type: 'cancel'; job: number };

/** Worker → pool. */
export type StageReply =
  | { type: 'bytes'; job: number; n: number }
  | { type: 'need-keys' }
  | { type: 'staged'; job: number; staged: StagedFile }
  | { type: 'failed'; job: number; error: SerializedError };

/** An error as it crosses threads: an InputError keeps its code and place, any other its name. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  place?: InputError['place'];
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof InputError) return { name: 'InputError', message: e.message, code: e.code, place: e.place };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
  if (s.name === 'InputError') return new InputError(s.code as InputError['code'], s.message, s.place ?? {});
  const e = new Error(s.message);
  e.name = s.name;
  return e;
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
      refuseKeys?.(deserializeError(request.error));
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
        (e: unknown) => send({ type: 'failed', job: request.job, error: serializeError(e) }),
      )
      .finally(() => cancels.delete(request.job));
  });
}
