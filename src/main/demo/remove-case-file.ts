import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isCaseFile } from '../store/is-case-file';

/**
 * Deletes a case file with its SQLite companions (-wal, -shm, -journal), and only if it is an
 * sshlens case: any other file is refused (an error), never deleted. False when it did not exist.
 */
export async function removeCaseFile(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  if (!isCaseFile(path)) throw new Error(`${path} is not an sshlens case: it was not deleted`);
  for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
  await rm(path);
  return true;
}
