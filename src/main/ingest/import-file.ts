import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CodedError, KeychainUnavailableError } from '../../shared/errors';
import type { ImportOutcome } from '../../shared/model';
import { appendAudit } from '../evidence/audit-log';
import { describePlace, InputError } from '../formats/input-error';
import type { CaseDb } from '../store/open-case';
import { countsOfSource, hasSourceOfSize, sourceWithSha256 } from '../store/source-rows';
import { withWriteLock } from '../store/write-lock';
import { detectFileFormat, sha256File } from './file-source';
import { mergeStaged } from './merge-staged';
import { stageFile, type StagedFile, type StageOptions } from './stage-file';

/** What an import of one file is given (the same as staging it: ingest/stage-file.ts). */
export type ImportOptions = StageOptions;

/**
 * Imports one file into the case, all or nothing: read into a staging case of its own (no lock
 * on the case meanwhile), then joined to the case in one transaction (ingest/merge-staged.ts).
 * Bytes already imported (same SHA-256) are reported as a duplicate.
 */
export async function importFile(db: CaseDb, inputPath: string, options: ImportOptions): Promise<ImportOutcome> {
  const outcome = await importOnce(db, inputPath, options);
  if (outcome.status === 'rejected' && !options.signal?.aborted) await auditRejection(db, outcome, options);
  return outcome;
}

/** A refused file changes no evidence, but that it was brought and why it was refused is part of the case's history. */
export async function auditRejection(
  db: CaseDb,
  outcome: ImportOutcome,
  options: { now?: () => number },
): Promise<void> {
  await withWriteLock(db, () =>
    appendAudit(db, {
      action: 'import-rejected',
      now: options.now,
      details: { path: outcome.path, sha256: outcome.sha256, format: outcome.format, error: outcome.error ?? null },
    }),
  );
}

async function importOnce(db: CaseDb, inputPath: string, options: ImportOptions): Promise<ImportOutcome> {
  const early = await beforeStaging(db, inputPath);
  if (early.done) return early.outcome;
  const stagingPath = stagingPathFor(db, early.outcome.path);
  const staged = stageFile(early.outcome.path, stagingPath, options);
  return joinStaged(db, { base: early.outcome, stagingPath, staged }, options);
}

/** A file being staged (in this thread or a worker), and what was known of it before. */
export interface Staging {
  base: ImportOutcome;
  stagingPath: string;
  staged: Promise<StagedFile>;
}

/**
 * Waits for a file's staging and joins it to the case (merge-staged.ts); either failing gives
 * the rejected outcome with the reason and the place. The staging case is removed either way.
 */
export async function joinStaged(db: CaseDb, staging: Staging, options: ImportOptions): Promise<ImportOutcome> {
  let staged: StagedFile;
  try {
    staged = await staging.staged;
  } catch (e) {
    await removeStaging(staging.stagingPath);
    return rejectedOutcome(await identify(staging.base), e, options.signal);
  }
  try {
    return await mergeStaged(db, staged, options);
  } catch (e) {
    return rejectedOutcome({ ...staging.base, sha256: staged.sha256, format: staged.format }, e, options.signal);
  } finally {
    await removeStaging(staging.stagingPath);
  }
}

/**
 * What is known of a file before it is read: that it is a file, and whether it is a duplicate.
 * The file is hashed while it is read; only when the case holds a file of this very size is it
 * hashed first, so a re-import is told a duplicate without being read in full again.
 */
export async function beforeStaging(db: CaseDb, inputPath: string): Promise<{ done: boolean; outcome: ImportOutcome }> {
  const path = resolve(inputPath);
  const base: ImportOutcome = { path, sha256: null, format: null, status: 'rejected', sessions: 0, programs: 0 };
  try {
    const st = await stat(path);
    if (!st.isFile()) return { done: true, outcome: { ...base, error: `${path}: not a regular file` } };
    if (hasSourceOfSize(db, st.size)) {
      base.sha256 = await sha256File(path);
      const existing = sourceWithSha256(db, base.sha256);
      if (existing) {
        const outcome: ImportOutcome = {
          ...base,
          format: existing.format,
          status: 'duplicate',
          ...countsOfSource(db, existing.id),
        };
        return { done: true, outcome };
      }
    }
  } catch (e) {
    return { done: true, outcome: { ...base, error: `${path}: cannot read the file (${ioMessage(e)})` } };
  }
  return { done: false, outcome: base };
}

/**
 * What is told of a file that could not be staged: its format and its SHA-256 (read again, as
 * the read that hashes it stopped at the damage), so the audit log names the exact bytes refused.
 */
export async function identify(outcome: ImportOutcome): Promise<ImportOutcome> {
  const format = (await detectFileFormat(outcome.path).catch(() => null))?.format ?? null;
  const sha256 = outcome.sha256 ?? (await sha256File(outcome.path).catch(() => null));
  return { ...outcome, format, sha256 };
}

/** The outcome of a file that could not be imported: the reason and the place, never a stack. */
export function rejectedOutcome(base: ImportOutcome, e: unknown, signal: AbortSignal | undefined): ImportOutcome {
  const path = base.path;
  if (signal?.aborted) return { ...base, error: `${path}: cancelled; nothing from this file was imported` };
  if (e instanceof InputError) {
    const where = describePlace(e.place);
    return { ...base, error: `${path}: ${e.message}${where ? ` (at ${where})` : ''}`, place: e.place };
  }
  if (e instanceof KeychainUnavailableError) return { ...base, error: `${path}: ${e.message}` };
  return { ...base, error: `${path}: import failed (${ioMessage(e)})` };
}

/** A staging case for one file, beside the case (the same disk), removed after use. */
export function stagingPathFor(db: CaseDb, path: string): string {
  const dir = join(dirname(db.name), '.sshlens-staging');
  mkdirSync(dir, { recursive: true });
  const name = basename(path)
    .replace(/[^\w.-]/g, '_')
    .slice(0, 40);
  return join(dir, `${process.pid}-${randomBytes(6).toString('hex')}-${name}.sqlite`);
}

export async function removeStaging(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** An OS error as a short phrase, never a stack trace. */
function ioMessage(e: unknown): string {
  // A coded error's code says what kind it is (src/shared/errors.ts), not what the OS said.
  if (e instanceof CodedError) return e.message;
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
    };
    return known[code] ?? code;
  }
  return e instanceof Error ? e.message : String(e);
}
