// What every bench part shares: a progress line on stderr (stdout stays the report) and a
// temporary folder that is removed afterwards, also on Ctrl-C.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

export async function inTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cleanUp = (): void => rmSync(dir, { recursive: true, force: true });
  const onSignal = (): void => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    return await work(dir);
  } finally {
    process.off('SIGINT', onSignal);
    cleanUp();
  }
}
