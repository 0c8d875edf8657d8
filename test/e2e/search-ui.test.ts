// The search screen in the real renderer, in Debian's Chromium, against `sshlens serve` on the demo
// case (real recordings, imported by the real CLI): results ordered by time, grouped by session,
// narrowed by a click on a facet, paged past the first 200 as the list scrolls, and exported
// (issue 14 item 3); output snippets keep their lines (item 1). Every expectation comes from the
// CLI's `search --json` over the same case, never from the page itself.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SearchHit, SearchResult } from '../../src/shared/search';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

/** Every command and output of the demo's shells: more than a page of hits. */
const QUERY = 'type:shell';
/** Text in many commands and outputs of the demo (highlighted in the screenshots). */
const TEXT = 'ech';

/** What a hit row shows of its identity: session · program, command or output, time (UTC). */
/** "1,234" or "1,234+" when the count stopped at the cap. */
const totalText = (r: SearchResult): string => `${r.total.toLocaleString('en-US')}${r.totalCapped ? '\\+' : ''}`;

const rowKey = (h: SearchHit): string =>
  `${h.session} · ${h.program}|${h.in}|${h.time === null ? '–' : `${h.time.slice(0, 10)} ${h.time.slice(11, 19)}`}`;

async function pageKeys(page: Page, from = 0, to = Infinity): Promise<string[]> {
  return page.locator('.sr-hit').evaluateAll(
    (rows, [a, b]) =>
      rows.slice(a, b === -1 ? undefined : b).map((r) => {
        const ids = r.querySelector('.sr-ids')!.textContent!;
        const kind = r.querySelector('.sr-meta .badge')!.textContent!;
        const time = r.querySelector('.sr-time')!.textContent!;
        return `${ids}|${kind}|${time}`;
      }),
    [from, to === Infinity ? -1 : to] as const,
  );
}

describe('the search screen in Chromium', () => {
  const dir = tempDir('sshlens-e2e-search-');
  const env = { SSHLENS_HOME: dir.path, SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-sr-${randomBytes(4).toString('hex')}` };
  let demoCase: string;
  let ui: ServedUi;
  let browser: Browser;

  const cli = (...args: string[]): SearchResult => {
    const r = sshlens(['--case', demoCase, 'search', ...args, '--json'], env);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as SearchResult;
  };
  const box = (): ReturnType<Page['getByRole']> =>
    browser.page.getByRole('searchbox', { name: 'Search commands and output' });
  const count = (): Promise<string | null> => browser.page.getByTestId('sr-count').textContent();

  beforeAll(async () => {
    const demo = sshlens(['demo', '--json'], env);
    expect(demo.status).toBe(0);
    demoCase = (JSON.parse(demo.stdout) as { casePath: string }).casePath;
    // An investigator's note on one session, for the "with a note" count.
    expect(sshlens(['--case', demoCase, 'note', 'add', 's31', '--text', 'checked the build host'], env).status).toBe(0);
    ui = await startServe(demoCase, env);
    browser = await openBrowser({ colorScheme: 'dark' });
    await browser.page.goto(ui.startUrl);
    await browser.page.locator('.case-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    sshlens(['keys', 'list', '--json'], env);
    dir.cleanup();
  });

  it('shows the first 200 hits best first, of every match counted, with the counts beside them', async () => {
    const { page } = browser;
    const expected = cli(QUERY, '--limit', '200', '--facets');
    expect(expected.total).toBeGreaterThan(200);
    await page.goto(`${ui.origin}/#/search`);
    await box().fill(QUERY);
    await expect.poll(count).toMatch(new RegExp(`^200 of ${totalText(expected)} matches`));
    expect(await pageKeys(page)).toEqual(expected.hits.map(rowKey));
    // The counts beside the list are over every match, not the 200 shown.
    const users = await page
      .locator('.sr-facet[aria-label="Users"] .sr-facet-value')
      .evaluateAll((els) => els.map((e) => e.textContent));
    const plus = expected.facets!.capped ? '+' : '';
    expect(users).toEqual(
      expected.facets!.users.values.map((v) => `${v.value ?? 'no user recorded'}${v.count}${plus}`),
    );
    await browser.shot('search-01-relevance-1440-dark');
  });

  it('keeps the lines of an output hit in its snippet', async () => {
    const { page } = browser;
    const query = `in:output ${TEXT}`;
    const expected = cli(query, '--limit', '200');
    await box().fill(query);
    await expect.poll(() => pageKeys(page, 0, 5)).toEqual(expected.hits.slice(0, 5).map(rowKey));
    const i = expected.hits.findIndex((h) => h.snippet.includes('\n'));
    expect(i).toBeGreaterThanOrEqual(0);
    const shown = await page
      .locator('.sr-hit')
      .nth(i)
      .locator('.sr-output')
      .evaluate((e) => e.textContent);
    expect(shown).toBe(expected.hits[i]!.snippet);
    const marked = await page.locator('.sr-hit').nth(i).locator('.sr-output mark').allTextContents();
    expect(marked).toEqual(expected.hits[i]!.matches.map((m) => expected.hits[i]!.snippet.slice(m.start, m.end)));
    await page.locator('.sr-hit').nth(i).scrollIntoViewIfNeeded();
    await browser.shot('search-01b-output-lines-1440-dark');
    await box().fill(QUERY);
    await expect.poll(count).toMatch(new RegExp(`^200 of ${totalText(cli(QUERY, '--limit', '200'))} matches`));
  });

  it('sorts by time and groups by session, each session under a header with its hits', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Order of the results' }).selectOption({ label: 'Oldest first' });
    const byTime = cli(QUERY, '--limit', '200', '--sort', 'time');
    await expect.poll(() => pageKeys(page, 0, 20)).toEqual(byTime.hits.slice(0, 20).map(rowKey));
    expect(await pageKeys(page)).toEqual(byTime.hits.map(rowKey));

    await page.getByRole('checkbox', { name: 'Group by session' }).check();
    const grouped = cli(QUERY, '--limit', '200', '--sort', 'time', '--group', 'session');
    const headers = page.locator('.sr-group');
    await expect
      .poll(() => headers.evaluateAll((els) => els.map((e) => e.getAttribute('data-session'))))
      .toEqual(grouped.groups!.map((g) => g.session));
    expect(await pageKeys(page)).toEqual(grouped.hits.map(rowKey));
    const first = grouped.groups![0]!;
    const header = await headers.first().textContent();
    expect(header).toContain(first.session);
    expect(header).toContain(first.userEmail ?? 'unknown user');
    expect(header).toContain(`${first.start!.slice(0, 10)} ${first.start!.slice(11, 19)}`);
    expect(header).toContain(
      grouped.totalCapped ? `${first.hits}+ hits` : `${first.hits} hit${first.hits === 1 ? '' : 's'}`,
    );
    await browser.shot('search-02-time-grouped-1440-dark');
  });

  it('loads the next 200 as the list scrolls to its end, continuing the same order', async () => {
    const { page } = browser;
    const order = ['--sort', 'time', '--group', 'session'];
    const first = cli(QUERY, '--limit', '200', ...order);
    expect(first.next).not.toBeNull();
    const second = cli(QUERY, '--limit', '200', ...order, '--after', first.next!);
    const both = [...first.hits, ...second.hits];
    await page.locator('.sr-more').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.sr-hit').count()).toBe(both.length);
    expect(await pageKeys(page)).toEqual(both.map(rowKey));
    await expect.poll(count).toMatch(new RegExp(`^${both.length} of ${totalText(first)} matches`));
    // Each session has one header, even when its hits run across two pages.
    const sessions = await page
      .locator('.sr-group')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-session')));
    expect(sessions).toEqual([...new Set(both.map((h) => h.session))]);
  });

  it('narrows the query to a user when the user is clicked in the counts', async () => {
    const { page } = browser;
    const facets = cli(QUERY, '--limit', '200', '--facets').facets!;
    const user = facets.users.values.find((v) => v.value !== null)!;
    await page.locator('.sr-facet[aria-label="Users"] .sr-facet-value', { hasText: user.value! }).click();
    const narrowed = `${QUERY} user:${user.value!}`;
    await expect.poll(() => box().inputValue()).toBe(narrowed);
    const expected = cli(narrowed, '--limit', '200', '--sort', 'time', '--group', 'session');
    // Counted over the capped candidates, the count is a lower bound; otherwise exact.
    if (facets.capped) expect(expected.total).toBeGreaterThanOrEqual(user.count);
    else expect(expected.total).toBe(user.count);
    const shown = expected.hits.length < expected.total || expected.totalCapped ? `${expected.hits.length} of ` : '';
    await expect.poll(count).toMatch(new RegExp(`^${shown}${totalText(expected)} match`));
    expect(await pageKeys(page)).toEqual(expected.hits.map(rowKey));
    await browser.shot('search-03-facet-1440-dark');
  });

  it('narrows to what a note covers when "with a note" is clicked', async () => {
    const { page } = browser;
    await box().fill(QUERY);
    const facets = cli(QUERY, '--limit', '200', '--facets').facets!;
    expect(facets.noted).toBeGreaterThan(0);
    const button = page.locator('.sr-facet[aria-label="Notes"] .sr-facet-value');
    await expect.poll(() => button.textContent()).toBe(`with a note${facets.noted}${facets.capped ? '+' : ''}`);
    await button.click();
    await expect.poll(() => box().inputValue()).toBe(`${QUERY} is:noted`);
    const expected = cli(`${QUERY} is:noted`, '--limit', '200', '--sort', 'time', '--group', 'session');
    expect(expected.groups!.map((g) => g.session)).toEqual(['s31']);
    await expect.poll(() => pageKeys(page)).toEqual(expected.hits.map(rowKey));
  });

  it('exports the whole list, in the order shown, as CSV', async () => {
    const { page } = browser;
    // The list as the screen gives it, page after page of 200, as the CLI gives it with --after.
    const order = ['--sort', 'time', '--group', 'session'];
    const pages = [cli(QUERY, '--limit', '200', ...order)];
    while (pages.at(-1)!.next !== null)
      pages.push(cli(QUERY, '--limit', '200', ...order, '--after', pages.at(-1)!.next!));
    const expected = { hits: pages.flatMap((p) => p.hits) };
    expect(expected.hits.length).toBeGreaterThan(400);
    await box().fill(QUERY);
    await expect.poll(count).toMatch(new RegExp(`^200 of ${totalText(pages[0]!)} matches`));
    await page.getByRole('button', { name: 'Export the results' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /CSV/ }).check();
    // Under serve, exports go where reports may: the case's folder (or serve's own, or --write-dir).
    const path = join(dirname(demoCase), 'hits');
    await dialog.getByRole('textbox').fill(path);
    await browser.shot('search-04-export-1440-dark');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('dialog', { name: 'Results exported' }).waitFor();
    expect(await page.getByRole('dialog').locator('.sr-export-count').textContent()).toBe(
      `${expected.hits.length.toLocaleString('en-US')}${pages[0]!.totalCapped ? ' (the most recent matches: the list stops there)' : ''}`,
    );
    const lines = readFileSync(`${path}.csv`, 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'rank,session_id,program_id,command_id,in,time,user_email,target_id,command,snippet,replay_at_us,output_offset',
    );
    // Each record starts with its rank and ids (a snippet's line breaks are inside quotes, on the following lines).
    const starts = lines.filter((l) => /^\d+,s\d+,p\d+,/.test(l)).map((l) => l.split(',').slice(0, 6).join(','));
    expect(starts).toEqual(
      expected.hits.map((h, i) => [i + 1, h.session, h.program, h.command ?? '', h.in, h.time ?? ''].join(',')),
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  });

  it('looks right at 1440×900 and 1024×700, dark and light', async () => {
    const { page } = browser;
    const expected = cli(TEXT, '--limit', '200', '--sort', 'time', '--group', 'session');
    await box().fill(TEXT);
    await expect.poll(() => pageKeys(page)).toEqual(expected.hits.map(rowKey));
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      for (const scheme of ['dark', 'light'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.locator('.sr-body').evaluate((e) => e.scrollTo(0, 0));
        await browser.shot(`search-05-grouped-${w}-${scheme}`);
      }
    }
    // At the narrow size the counts stay beside the list, and nothing runs off the screen.
    const facets = await page.locator('.sr-facets').boundingBox();
    const list = await page.locator('.sr-list').boundingBox();
    expect(facets!.x).toBeGreaterThan(list!.x + list!.width - 1);
    expect(facets!.x + facets!.width).toBeLessThanOrEqual(1024);
    await page.emulateMedia({ colorScheme: 'dark' });
  });
});
