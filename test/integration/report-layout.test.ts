// The report's tables at the printed page's width (issue 14 item 5): a date, an e-mail address, a
// file name or any other word that fits on a line is never broken inside it ("captur/e"). The
// demo case's report (real recordings, their Logpush, the sample files) is laid out by Debian's
// Chromium with print media at A4's text width, as `report -o FILE.pdf` prints it, and every word
// of the summary, the source tables and the manifest is measured where it was drawn.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sshlens } from '../helpers/cli';
import { CHROMIUM } from '../helpers/browser';
import { tempDir } from '../helpers/fixtures';

/** A4 less the report's @page margins (14 mm each side), in CSS pixels: 182 mm at 96 per inch. */
const PRINT_WIDTH = Math.floor((182 / 25.4) * 96);

/** A word drawn on more than one line although it fits on one, in the cell it is in. */
interface Broken {
  table: string;
  cell: string;
  word: string;
}

describe('the report at the width of its printed page', () => {
  const dir = tempDir('sshlens-report-layout-');
  const env = { SSHLENS_HOME: dir.path };
  const html = join(dir.path, 'report.html');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const built = sshlens(['demo', '--json'], env);
    expect(built.status, built.stderr).toBe(0);
    const casePath = (JSON.parse(built.stdout) as { casePath: string }).casePath;
    const written = sshlens(['--case', casePath, 'report', '-o', html], env);
    expect(written.status, written.stderr).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: PRINT_WIDTH, height: 1000 } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(`file://${html}`);
  });
  afterAll(async () => {
    await browser?.close();
    dir.cleanup();
  });

  it('lays the tables out within the page', async () => {
    const widest = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll('table')).map((t) => t.getBoundingClientRect().right)),
    );
    expect(widest).toBeLessThanOrEqual(PRINT_WIDTH);
  });

  it('breaks no date, e-mail address, file name or other word that fits on a line', async () => {
    const cells = await page.evaluate(() => {
      // The summary, each program's source files and the manifest. Targets (UUIDs) and hashes
      // wrap anywhere on purpose: they are not words a reader reads.
      const selector = 'section.summary td, section.program table:first-of-type td, table.sources td';
      return Array.from(document.querySelectorAll<HTMLElement>(selector)).filter(
        (td) => !td.classList.contains('target') && !td.classList.contains('hash'),
      ).length;
    });
    expect(cells).toBeGreaterThan(100);
    const broken = await page.evaluate((): Broken[] => {
      const out: Broken[] = [];
      const tableOf = (el: Element): string =>
        el.closest('section.summary') ? 'summary' : el.closest('table.sources') ? 'manifest' : 'program sources';
      const selector = 'section.summary td, section.program table:first-of-type td, table.sources td';
      for (const td of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
        if (td.classList.contains('target') || td.classList.contains('hash')) continue;
        const style = getComputedStyle(td);
        const room = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (node.parentElement?.closest('.hash')) continue;
          const text = node.textContent ?? '';
          // Words: runs between spaces; a path's parts end at each separator (a break there is fine).
          for (const m of text.matchAll(/[^\s/\\]+[/\\]?/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
            const lines = new Set(rects.map((r) => Math.round(r.top)));
            const width = rects.reduce((w, r) => w + r.width, 0);
            if (lines.size > 1 && width <= room) out.push({ table: tableOf(td), cell: text, word: m[0] });
          }
        }
      }
      return out;
    });
    expect(broken).toEqual([]);
  });

  it('keeps each date and e-mail address of the summary on one line', async () => {
    const lines = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('section.summary td.when, section.summary td.who')).map(
        (td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          const tops = new Set(
            Array.from(range.getClientRects())
              .filter((r) => r.width > 0)
              .map((r) => Math.round(r.top)),
          );
          return { text: td.textContent ?? '', lines: tops.size };
        },
      ),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.text.includes('@')).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.lines !== 1)).toEqual([]);
  });
});
