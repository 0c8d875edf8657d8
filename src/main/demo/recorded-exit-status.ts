import { readFile } from 'node:fs/promises';

/**
 * The exit status `script --log-timing` noted for the recorded shell (`H <delta> EXIT_CODE n`),
 * or null when there is no timing log or it has no such header.
 */
export async function recordedExitStatus(timingLogPath: string | null): Promise<number | null> {
  if (timingLogPath === null) return null;
  const text = await readFile(timingLogPath, 'utf8');
  const m = /^H \S+ EXIT_CODE (\d+)$/m.exec(text);
  return m ? Number(m[1]) : null;
}
