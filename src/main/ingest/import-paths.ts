import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ImportOutcome } from '../../shared/model';
import type { CaseDb } from '../store/open-case';
import { detectFileFormat } from './file-source';
import { importFile, type ImportOptions } from './import-file';
import { importInPool } from './import-pool';

export interface ImportPlanItem {
  path: string;
  size: number;
}

export interface PlanResult {
  files: ImportPlanItem[];
  /** Files met while walking directories that hold no recording (README, keys, ...). */
  skipped: string[];
  missing: string[];
}

/**
 * Expands the command line into files: a file is always tried (and rejected if it is not a
 * recording); a directory is walked recursively, in name order, keeping only files whose
 * content is a format sshlens reads.
 */
export async function planImport(paths: readonly string[]): Promise<PlanResult> {
  const result: PlanResult = { files: [], skipped: [], missing: [] };
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = await stat(abs);
    } catch {
      result.missing.push(abs);
      continue;
    }
    if (st.isDirectory()) await walk(abs, result);
    else result.files.push({ path: abs, size: st.size });
  }
  return result;
}

async function walk(dir: string, result: PlanResult): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(full, result);
    } else if (entry.isFile()) {
      // A file named as a recording is tried even when its content is not recognised: if it is
      // damaged, the import says why and where (rejected), instead of "not a recording".
      if (RECORDING_NAME.test(entry.name) || (await isRecording(full)))
        result.files.push({ path: full, size: (await stat(full)).size });
      else result.skipped.push(full);
    }
  }
}

/** The names sshlens's own formats are saved under: Cloudflare captures, asciicasts, Logpush exports, ssh-log-cli zips. */
const RECORDING_NAME = /\.(capture|cast|ndjson|ndjson\.gz|zip)$/i;

async function isRecording(path: string): Promise<boolean> {
  try {
    return (await detectFileFormat(path)).format !== null;
  } catch {
    return true; // unreadable: let the import report why
  }
}

export interface PlanOptions extends ImportOptions {
  onFileStart?: (item: ImportPlanItem, index: number) => void;
  onFileDone?: (o: ImportOutcome, index: number) => void;
  /** Raw bytes read of file `index` (several files are read at once). */
  onFileBytes?: (n: number, index: number) => void;
  /**
   * Threads that read, decrypt and extract files while the case is written one file at a time
   * (ingest/import-pool.ts); 0 reads in this thread, one file at a time.
   */
  workers?: number;
  /** The built stage-worker.js (beside this bundle by default). */
  stageWorkerUrl?: URL;
}

/**
 * Imports files in order, each all or nothing. With workers, files are read, decrypted and
 * their commands extracted in parallel (ingest/import-pool.ts) while the case takes them one
 * at a time, in this order; ids are the same as in a one-thread import.
 */
export async function importPlan(
  db: CaseDb,
  files: readonly ImportPlanItem[],
  options: PlanOptions,
): Promise<ImportOutcome[]> {
  if ((options.workers ?? 0) > 0 && files.length > 1) return importInPool(db, files, options);
  const outcomes: ImportOutcome[] = [];
  for (const [i, item] of files.entries()) {
    if (options.signal?.aborted) break; // the files not started are left out of the outcomes
    options.onFileStart?.(item, i);
    const outcome = await importFile(db, item.path, {
      ...options,
      onBytes: (n) => {
        options.onBytes?.(n);
        options.onFileBytes?.(n, i);
      },
    });
    options.onFileDone?.(outcome, i);
    outcomes.push(outcome);
  }
  return outcomes;
}
