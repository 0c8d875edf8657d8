// Where the API may write when it is served over HTTP (`sshlens serve`). In the desktop app a native
// save dialog chooses the path and asks before replacing a file; in a browser the path is typed, so
// the server itself keeps to what the investigator chose when starting it: the folders named with
// --write-dir (by default the folder serve was started in and the case's folder), and it replaces
// only a report this case wrote, unchanged since (its SHA-256 is in the audit log).

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import { reportEntries } from '../evidence/audit-log';
import type { CaseDb } from '../store/open-case';
import { CodedError } from '../../shared/errors';

/** A write the served API refuses (outside the allowed folders, a file it did not write); code 'refused'. */
export class WritePolicyError extends CodedError {
  constructor(message: string) {
    super('refused', message);
    this.name = 'WritePolicyError';
  }
}

/** Refuses a path outside every allowed folder (symbolic links resolved, so none leads out). */
export function checkWriteFolder(path: string, folders: readonly string[], what: string): void {
  const target = realFolder(dirname(resolve(path)));
  const inside = folders.some((f) => {
    const root = realFolder(resolve(f));
    const rel = relative(root, target);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  });
  if (!inside)
    throw new WritePolicyError(
      `sshlens serve writes ${what} only under ${folders.join(', ')} (start it with --write-dir DIR to allow another folder)`,
    );
}

/** Refuses to replace a file unless it is a report this case wrote, unchanged since. */
export async function checkReplaceable(db: CaseDb, path: string): Promise<void> {
  if (!existsSync(path)) return;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  if (reportEntries(db, hash.digest('hex')).length > 0) return;
  throw new WritePolicyError(
    `${path} exists and is not a report this case wrote (or it changed since): sshlens will not replace it; choose another name`,
  );
}

function realFolder(path: string): string {
  // The folder may not exist yet (then the report's own check says so): compare what is there.
  let p = path;
  const rest: string[] = [];
  while (!existsSync(p) && dirname(p) !== p) {
    rest.unshift(p.slice(dirname(p).length + 1));
    p = dirname(p);
  }
  return resolve(realpathSync(p), ...rest);
}
