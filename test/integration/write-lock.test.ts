import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../src/main/notes/note-writes';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { withWriteLock } from '../../src/main/store/write-lock';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';

// A case has one writer at a time. Whoever waits for it must wait without freezing its thread
// (the event loop of sshlens serve), succeed once the lock is free, and stop at once on cancel.

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};

let dir: { path: string; cleanup: () => void };
let casePath: string;
let holder: CaseDb;
let other: CaseDb;

beforeEach(() => {
  dir = tempDir();
  casePath = join(dir.path, 'case.sqlite');
  holder = openCase(casePath);
  other = openCase(casePath);
});
afterEach(() => {
  if (holder.inTransaction) holder.exec('ROLLBACK');
  holder.close();
  other.close();
  dir.cleanup();
});

/** Counts event-loop turns while a promise is pending: a blocked thread counts none. */
async function ticksWhile<T>(
  pending: Promise<T>,
  releaseAfterMs: number,
  release: () => void,
): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  const released = new Promise<void>((r) =>
    setTimeout(() => {
      release();
      r();
    }, releaseAfterMs),
  );
  const value = await pending;
  await released;
  clearInterval(timer);
  return { value, ticks };
}

describe('the case write lock', () => {
  it('an import waits for another writer without blocking, then imports', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const { value, ticks } = await ticksWhile(importFile(other, sample('sample-exec.cast'), withSampleKey), 300, () =>
      holder.exec('COMMIT'),
    );
    expect(value.status).toBe('imported');
    expect(ticks).toBeGreaterThan(10);
  });

  it('two imports of the same file at once: one imported, the other a duplicate', async () => {
    const [a, b] = await Promise.all([
      importFile(holder, sample('sample-shell.capture'), withSampleKey),
      importFile(other, sample('sample-shell.capture'), withSampleKey),
    ]);
    expect([a.status, b.status].sort()).toEqual(['duplicate', 'imported']);
    expect(a.error ?? b.error).toBeUndefined();
  });

  it('a note written during an import waits and succeeds', async () => {
    await importFile(holder, sample('sample-exec.cast'), withSampleKey);
    holder.exec('BEGIN IMMEDIATE');
    const write = withWriteLock(other, () =>
      addNote(other, { target: { kind: 'session', sessionRow: 1 }, note: 'seen', tags: [], starred: false }),
    );
    const { value } = await ticksWhile(write, 200, () => holder.exec('COMMIT'));
    expect(value.note).toBe('seen');
  });

  it('cancelling an import that waits for the lock ends it while the lock is still held, with nothing imported', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const cancel = new AbortController();
    const pending = importFile(other, sample('sample-exec.cast'), { ...withSampleKey, signal: cancel.signal });
    setTimeout(() => cancel.abort(), 100);
    const outcome = await pending;
    expect(outcome.status).toBe('rejected');
    expect(outcome.error).toMatch(/cancelled/);
    holder.exec('COMMIT');
    expect(other.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(0);
  });
});
