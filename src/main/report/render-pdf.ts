import { existsSync } from 'node:fs';
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

/** Prints the HTML report to an A4 PDF with headless Chromium; the header names the case, the footer numbers pages. */
export const renderPdf: PdfPrinter = async (html, caseName) => {
  const executablePath = process.env['SSHLENS_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `PDF reports need Chromium, not found at ${executablePath} (install it, e.g. apt-get install chromium, or set SSHLENS_CHROMIUM); HTML and JSON reports need nothing`,
    );
  }
  // Loaded only here: HTML and JSON reports do not need playwright.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...pdfPageTemplates(caseName),
      margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
  } finally {
    await browser.close();
  }
};
