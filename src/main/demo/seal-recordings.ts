import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describePlace, InputError } from '../formats/input-error';
import type { ImportPlanItem } from '../ingest/import-paths';
import { castToCapture } from './cast-to-capture';
import { DemoBuildError, type DemoRecording } from './demo-sources';
import { recordedExitStatus } from './recorded-exit-status';

export interface SealRecordingsOptions {
  publicKey: Uint8Array;
  /** Session start of each recording, unix seconds, in the same order. */
  startTimes: readonly number[];
  workDir: string;
  /** Called as each recording starts. */
  onRecording?: (castPath: string) => void;
  signal?: AbortSignal;
}

/** Seals each recording into `<workDir>/<name>.capture`, returning the files to import. */
export async function sealRecordings(
  recordings: readonly DemoRecording[],
  options: SealRecordingsOptions,
): Promise<ImportPlanItem[]> {
  await writing(options.workDir, () => mkdir(options.workDir, { recursive: true }));
  const files: ImportPlanItem[] = [];
  for (const [i, recording] of recordings.entries()) {
    options.signal?.throwIfAborted();
    options.onRecording?.(recording.castPath);
    let bytes: Uint8Array;
    try {
      bytes = await castToCapture(await readFile(recording.castPath, 'utf8'), {
        publicKey: options.publicKey,
        startedAt: options.startTimes[i]!,
        exitStatus: await recordedExitStatus(recording.timingLogPath),
      });
    } catch (e) {
      const where = e instanceof InputError ? describePlace(e.place) : '';
      const why = e instanceof Error ? e.message : String(e);
      throw new DemoBuildError(
        `${recording.castPath}: cannot build the demo capture (${why}${where ? `, at ${where}` : ''})`,
      );
    }
    const path = join(options.workDir, `${recording.name}.capture`);
    await writing(path, () => writeFile(path, bytes));
    files.push({ path, size: bytes.length });
  }
  return files;
}

async function writing(path: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    const why = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new DemoBuildError(`cannot write the demo captures to ${path} (${why})`);
  }
}
