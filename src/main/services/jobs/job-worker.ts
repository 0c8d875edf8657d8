// A job's own thread: opens its own connection to the case (WAL lets the main thread keep reading)
// and runs one import, reindex or demo build, reporting progress to the job runner. Cancelling
// aborts the signal: the file being imported rolls back, a reindex stops between programs.

import { parentPort, workerData } from 'node:worker_threads';
import { reindexCase } from '../../indexing/index-programs';
import { buildDemoCase } from '../../demo/build-demo';
import { importWorkers } from '../../ingest/import-pool';
import { importPlan, planImport } from '../../ingest/import-paths';
import type { CaptureKey } from '../../crypto/capture-key';
import { openCase } from '../../store/open-case';
import { errorFromSerialized, serializeError } from '../../../shared/errors';
import type { FromWorker, ToWorker, WorkerInput } from './job-protocol';

const BYTES_REPORT_MS = 100;

const port = parentPort;
if (!port) throw new Error('job-worker.ts runs only as a worker thread');
const input = workerData as WorkerInput;
const cancel = new AbortController();
const send = (message: FromWorker): void => port.postMessage(message);

let keysWanted: Array<{ resolve: (k: CaptureKey[]) => void; reject: (e: Error) => void }> = [];
port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') cancel.abort();
  else {
    const waiting = keysWanted;
    keysWanted = [];
    for (const w of waiting) {
      if (message.type === 'keys') w.resolve(message.keys);
      else w.reject(errorFromSerialized(message.error));
    }
  }
});

let keys: Promise<CaptureKey[]> | null = null;
function captureKeys(): Promise<CaptureKey[]> {
  keys ??= new Promise<CaptureKey[]>((resolve, reject) => {
    keysWanted.push({ resolve, reject });
    send({ type: 'need-keys' });
  });
  return keys;
}

async function run(): Promise<string> {
  const { spec, casePath } = input;
  if (spec.kind === 'demo') {
    const result = await buildDemoCase({
      casePath,
      workDir: spec.workDir,
      signal: cancel.signal,
      onProgress: (p) => send({ type: 'steps', done: p.done, total: p.total }),
    });
    return `demo case built: ${result.sessions} sessions, ${result.commands} commands (${result.programInputs} typed into programs)`;
  }
  const db = openCase(casePath);
  try {
    if (spec.kind === 'reindex') {
      const counts = await reindexCase(db, (p) => send({ type: 'steps', done: p.done, total: p.total }), cancel.signal);
      const failed = counts.failures.length ? `, ${counts.failures.length} program(s) failed` : '';
      return `reindexed ${counts.programs} programs: ${counts.commands} commands${failed}`;
    }
    const plan = await planImport(spec.paths);
    send({
      type: 'plan',
      files: plan.files,
      skipped: [
        ...plan.missing.map((path) => ({ path, reason: 'no such file or folder' })),
        ...plan.skipped.map((path) => ({ path, reason: 'not a recording' })),
      ],
    });
    // Several files are read at once (ingest/import-pool.ts): bytes are counted per file.
    const done = new Map<number, number>();
    const reported = new Map<number, number>();
    const outcomes = await importPlan(db, plan.files, {
      keys: captureKeys,
      allowPartial: spec.allowPartial,
      signal: cancel.signal,
      workers: importWorkers(),
      onFileStart: (_item, i) => {
        done.set(i, 0);
        send({ type: 'file-start', index: i });
      },
      onFileBytes: (n, i) => {
        const bytes = (done.get(i) ?? 0) + n;
        done.set(i, bytes);
        const now = Date.now();
        if (now - (reported.get(i) ?? 0) >= BYTES_REPORT_MS) {
          reported.set(i, now);
          send({ type: 'bytes', index: i, doneBytes: bytes });
        }
      },
      onFileDone: (outcome, i) => send({ type: 'file-done', index: i, outcome }),
    });
    const imported = outcomes.filter((o) => o.status === 'imported' || o.status === 'partial').length;
    return `${imported} of ${outcomes.length} file(s) imported`;
  } finally {
    db.close();
  }
}

run()
  .then(
    (message) => send(cancel.signal.aborted ? { type: 'cancelled' } : { type: 'finished', message }),
    (e: unknown) => send(cancel.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: serializeError(e) }),
  )
  // The port's message listener would keep the thread alive: closing it lets the worker exit.
  .finally(() => port.close());
