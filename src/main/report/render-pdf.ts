import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeHtml } from './html-escape';

export class ChromiumMissingError extends Error {}

/** Prints a report's HTML to PDF bytes: headless Chromium here, webContents.printToPDF in the app. */
export type PdfPrinter = (html: string, caseName: string) => Promise<Buffer>;

/** The page furniture every printer uses: the case named in the header, page N / M in the footer. */
export function pdfPageTemplates(caseName: string): { headerTemplate: string; footerTemplate: string } {
  const small =
    'font-family: Arial, "DejaVu Sans", sans-serif; font-size: 8px; color: #5b6570; width: 100%; margin: 0 14mm;';
  return {
    headerTemplate: `<div style='${small} display: flex; justify-content: space-between;'><span>${escapeHtml(caseName)}</span><span>SSH session report</span></div>`,
    footerTemplate: `<div style='${small} text-align: right;'><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
  };
}

/**
 * Chromium features that reach the network on their own (and Playwright's own list, repeated:
 * Chromium may keep only the last --disable-features it is given).
 */
const DISABLED_FEATURES = [
  'AutofillServerCommunication',
  'AimEnabled',
  'CertificateTransparencyComponentUpdater',
  'DialMediaRouteProvider',
  'InterestFeedContentSuggestions',
  'MediaRouter',
  'NetworkTimeServiceQuerying',
  'OptimizationGuideModelDownloading',
  'OptimizationHints',
  'OptimizationHintsFetching',
  'OptimizationTargetPrediction',
  'PreconnectToSearch',
  'PrivacySandboxSettings4',
  'SafeBrowsingEnhancedProtection',
  'Translate',
  // Playwright's (chromiumSwitches.ts), kept as they are:
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
];

/**
 * Switches that keep a headless Chromium off the network: no background services, updates, sync,
 * metrics, crash reports, safe-browsing lists, DNS (every name resolves to nothing) and a proxy
 * that leads nowhere, so that even a request that slipped past all of them could not leave.
 * test/integration/pdf-offline.test.ts proves it: no TCP connection, no DNS query, no datagram.
 */
export const OFFLINE_CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--safebrowsing-disable-auto-update',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--metrics-recording-only',
  '--no-pings',
  '--no-service-autorun',
  '--password-store=basic',
  '--use-mock-keychain',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
  // What --disable-component-update and --disable-sync leave running, sent where nothing can answer:
  // component update checks to a URL that is not on the network, and the startup check of signed-in
  // Google accounts (ListAccounts) to a port Chromium refuses to connect to.
  '--component-updater=url-source=about:blank',
  '--gaia-url=https://127.0.0.1:1/',
  // Every name resolves to nothing (no DNS query is sent), and a proxy that cannot be reached.
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=socks5://proxy.invalid:1',
];

/**
 * Whether Chromium can keep its sandbox here. It refuses to start sandboxed as root, so there it
 * runs without (the report has no script and may load nothing, see below); elsewhere the sandbox
 * stays on, unless SSHLENS_CHROMIUM_NO_SANDBOX=1 says this system cannot provide one (no user
 * namespaces and no setuid helper, as in some containers).
 */
export function chromiumSandbox(): boolean {
  if (process.env['SSHLENS_CHROMIUM_NO_SANDBOX'] === '1') return false;
  return typeof process.getuid !== 'function' || process.getuid() !== 0;
}

/**
 * Prints the HTML report to an A4 PDF with headless Chromium; the header names the case, the footer
 * numbers pages. Nothing may leave the machine while it prints: a fresh, throw-away profile, the
 * switches above, the page offline with scripts off, and every request it makes refused (the report
 * is set as the page's content, so it needs none).
 */
export const renderPdf: PdfPrinter = async (html, caseName) => {
  const executablePath = process.env['SSHLENS_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `PDF reports need Chromium, not found at ${executablePath} (install it, e.g. apt-get install chromium, or set SSHLENS_CHROMIUM); HTML and JSON reports need nothing`,
    );
  }
  // Loaded only here: HTML and JSON reports do not need playwright.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'sshlens-pdf-profile-'));
  const sandbox = chromiumSandbox();
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      chromiumSandbox: sandbox,
      args: [...OFFLINE_CHROMIUM_ARGS],
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ChromiumMissingError(
      `Chromium (${executablePath}) did not start${sandbox ? ' with its sandbox (if this system cannot give it one, set SSHLENS_CHROMIUM_NO_SANDBOX=1)' : ''}: ${why}`,
    );
  }
  try {
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...pdfPageTemplates(caseName),
      margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
};
