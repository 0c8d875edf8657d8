// The packaged flow in the real Electron app, driven by Playwright's _electron: the window's
// secure settings as Electron applied them, a renderer without Node, and the first-run screen.
// Needs the Electron binary (its npm package downloads it lazily from GitHub, which this CI
// machine cannot reach) and native modules built for Electron: `npm run test:electron` does both
// steps and switches the modules back to Node afterwards.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SshlensApi } from '../../src/shared/api';
import { SCREENSHOTS } from '../helpers/browser';
import { tempDir } from '../helpers/fixtures';

const ELECTRON_DIR = join(process.cwd(), 'node_modules', 'electron');

/** The Electron binary, without requiring the package (that would try to download it). */
function electronBinary(): { path: string } | { skip: string } {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile))
    return {
      skip: 'no Electron binary: node_modules/electron/path.txt is missing (the download from GitHub never ran)',
    };
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { skip: `no Electron binary at ${binary}` };
  if (process.env['SSHLENS_ELECTRON_TEST'] !== '1')
    return { skip: 'the native modules must be built for Electron first: run npm run test:electron' };
  return { path: binary };
}

const found = electronBinary();
const title = 'sshlens desktop app in Electron' + ('skip' in found ? ` — skipped: ${found.skip}` : '');

describe.skipIf('skip' in found)(title, () => {
  it('opens a hardened window on the case and shows the first-run screen', async () => {
    const dir = tempDir('sshlens-electron-');
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [join(process.cwd(), 'out', 'main', 'index.js')],
      env: { ...process.env, SSHLENS_HOME: dir.path, SSHLENS_CASE: join(dir.path, 'electron-case.sqlite') },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Start an investigation' }).waitFor();
      expect(await page.title()).toBe('electron-case — sshlens');
      // Sandboxed and isolated: the page has the typed API and nothing of Node or Electron.
      expect(
        await page.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
        ]),
      ).toEqual(['undefined', 'undefined']);
      expect(
        await page.evaluate(async () => (await (window as unknown as { sshlens: SshlensApi }).sshlens.appInfo()).ok),
      ).toBe(true);
      // No navigation away from the app.
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^file:/);
      await page.screenshot({ path: join(SCREENSHOTS, 'electron-first-run.png') });
    } finally {
      await app.close();
      dir.cleanup();
    }
  });
});
