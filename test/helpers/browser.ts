// Debian's Chromium driven by playwright-core, launched the way this machine needs (root, no
// network, a fresh profile), with screenshots kept in a folder the tests name.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['SSHLENS_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Saves a full-window PNG as test-results/screenshots/NAME.png. */
  shot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

export async function openBrowser(options: {
  colorScheme: 'light' | 'dark';
  width?: number;
  height?: number;
  /** The zone the browser's clock is in (e.g. 'Asia/Kolkata'); the machine's when not given. */
  timezoneId?: string;
}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set SSHLENS_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), 'sshlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme,
    ...(options.timezoneId !== undefined && { timezoneId: options.timezoneId }),
    // Clipboard writes of the copy buttons are allowed for the app's own origin only.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    shot: async (name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
