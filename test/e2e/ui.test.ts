// The investigator's whole flow in the real renderer, in Debian's Chromium, against `sshlens serve`
// on a real case imported through the real importer from the real recordings (test/fixtures):
// first run, keys, import, timeline, search, replay. Screenshots go to test-results/screenshots.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');
// The folder import walks subfolders too (pending/ holds a recording the extractor does not pass yet).
const CASTS = readdirSync(RECORDINGS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cast'));
const GOOD = [sample('sample-shell.capture'), sample('sample-exec.capture'), sample('logpush.ndjson.gz')];
const BAD = sample('bad/flipped-byte-block5.capture');

describe('the investigator UI in Chromium', () => {
  const dir = tempDir('sshlens-e2e-');
  const env = { SSHLENS_HOME: dir.path, SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-${randomBytes(4).toString('hex')}` };
  const casePath = join(dir.path, 'incident-42.sqlite');
  let ui: ServedUi;
  let browser: Browser;

  beforeAll(async () => {
    ui = await startServe(casePath, env);
    browser = await openBrowser({ colorScheme: 'dark' });
    await browser.page.goto(ui.startUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    sshlens(['keys', 'list', '--json'], env); // the keychain entries die with the test keychain
    dir.cleanup();
  });

  it('explains an empty case in three steps and offers the demo', async () => {
    const { page } = browser;
    await page.getByRole('heading', { name: 'Start an investigation' }).waitFor();
    expect(await page.title()).toBe('incident-42 — sshlens');
    await expect.poll(() => page.locator('.step').count()).toBe(3);
    await page.getByRole('button', { name: 'Build the demo case' }).waitFor();
    await browser.shot('01-first-run-dark');
  });

  it('generates a key pair and shows only its public half, with a copy button', async () => {
    const { page } = browser;
    await nav(page, 'Keys').click();
    await page.getByPlaceholder('e.g. incident-42 laptop').fill('e2e laptop');
    await page.getByRole('button', { name: 'Generate a key pair' }).click();
    const shown = (await page.locator('.public-key-text').textContent())!;
    const listed = JSON.parse(sshlens(['keys', 'list', '--json'], env).stdout) as Array<{
      label: string;
      publicKey: string;
    }>;
    expect(listed.find((k) => k.label === 'e2e laptop')?.publicKey).toBe(shown);
    await page.getByRole('button', { name: 'Copy public key' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await browser.shot('02-keys-generated-dark');
  });

  it("imports a private key file by path; the key's contents never reach the page", async () => {
    const { page } = browser;
    await page.getByPlaceholder('e.g. incident-42 laptop').fill('cloudflare sample');
    await page.getByRole('button', { name: 'Import a private key file…' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(sample('sample.key'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import key' }).click();
    await page.getByRole('cell', { name: 'cloudflare sample', exact: true }).waitFor();
    const privateKey = readFileSync(sample('sample.key'), 'utf8').trim();
    expect(await page.content()).not.toContain(privateKey);
  });

  it('imports files and folders with a progress bar and an outcome per file that stays until dismissed', async () => {
    const { page } = browser;
    await nav(page, 'Import').click();
    await page.getByRole('button', { name: 'Import by path…' }).click();
    // The sample capture twice: the second copy is a duplicate.
    await page
      .getByRole('dialog')
      .getByRole('textbox')
      .fill([RECORDINGS, ...GOOD, BAD, GOOD[0]].join('\n'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    const job = page.locator('.job[data-state="done"]').first();
    await job.waitFor({ timeout: 120_000 });
    const statuses = await job
      .locator('.job-file')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.filter((s) => s === 'imported')).toHaveLength(CASTS.length + GOOD.length);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'rejected')).toHaveLength(1);
    const rejected = job.locator('.job-file[data-status="rejected"] .job-file-detail');
    expect(await rejected.textContent()).toContain('flipped-byte-block5.capture');
    await browser.shot('03-import-outcomes-dark');
    // Still listed after a trip to another screen.
    await nav(page, 'Overview').click();
    await nav(page, 'Import').click();
    await page.locator('.job[data-state="done"]').waitFor();
  });
  it('lists every imported session on the timeline, and a user filter narrows it to theirs', async () => {
    const { page } = browser;
    const all = JSON.parse(sshlens(['--case', casePath, 'sessions', '--json'], env).stdout) as Array<{
      userEmail: string | null;
    }>;
    const user = all.find((s) => s.userEmail !== null)!.userEmail!;
    const theirs = all.filter((s) => s.userEmail === user).length;
    expect(theirs).toBeLessThan(all.length);

    await nav(page, 'Timeline').click();
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(all.length));
    await page.locator('.tl-hist svg[role="img"]').waitFor();
    await browser.shot('04-timeline-dark');

    const userBox = page.getByPlaceholder('Any user');
    await userBox.fill(user);
    await userBox.press('Enter');
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(theirs));
    await expect.poll(() => page.locator('.vlist-row').count()).toBe(theirs);
    for (const row of await page.locator('.vlist-row').allTextContents()) expect(row).toContain(user);
    await browser.shot('05-timeline-filtered-dark');
    await page.getByRole('button', { name: /Clear filters/ }).click();
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(all.length));
  });

  it('finds a command as it is typed; Enter opens the replay at that moment, on that command', async () => {
    const { page } = browser;
    await nav(page, 'Search').click();
    const box = page.getByRole('searchbox', { name: 'Search commands and output' });
    await box.pressSequentially('recpeer', { delay: 30 });
    const hits = page.locator('.sr-hit');
    await hits.first().waitFor();
    expect(await hits.first().textContent()).toContain('recpeer');
    await browser.shot('06-search-dark');
    // A report can start from the results: their sessions come chosen.
    await page.getByRole('button', { name: 'Report on these sessions' }).click();
    expect(await page.getByRole('textbox', { name: 'Session ids' }).inputValue()).toMatch(/^s\d+(, s\d+)*$/);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await box.press('Enter');
    await page.waitForURL(/#\/session\/s\d+\?program=p\d+&at=\d+/);
    const current = page.locator('.ss-cmd-row.is-current');
    await expect.poll(() => current.textContent()).toContain('su - recpeer -c id');
    // The terminal shows the screen as it was: the command line is on it.
    await expect.poll(() => page.locator('.xterm-rows').textContent()).toContain('su - recpeer -c id');
    await browser.shot('07-replay-at-hit-dark');
  });

  it('seeks to a command by clicking it, and plays forward from there', async () => {
    const { page } = browser;
    const slider = page.getByRole('slider', { name: 'Playback position' });
    // (the session the search opened: more than one recording runs su - recpeer -c id)
    await page.locator('.ss-cmd-row', { hasText: 'su - recpeer -c id' }).first().click();
    await expect.poll(() => page.locator('.ss-cmd-row.is-current').textContent()).toContain('su - recpeer -c id');
    // Before it ran, its output (id's uid=...) is not on the screen yet.
    expect(await page.locator('.xterm-rows').textContent()).not.toContain('uid=');
    const before = Number(await slider.getAttribute('aria-valuenow'));
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.locator('.xterm-rows').textContent(), { timeout: 15_000 }).toContain('uid=');
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(before);
    await browser.shot('08-replay-played-dark');
  });

  it('follows the light theme of the system', async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: 'light' });
    const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(247, 247, 245)');
    await browser.shot('09-replay-light');
    await nav(page, 'Timeline').click();
    await page.locator('.vlist-row').first().waitFor();
    await browser.shot('10-timeline-light');
    await nav(page, 'Search').click();
    await page.getByRole('searchbox', { name: 'Search commands and output' }).fill('sudo');
    await page.locator('.sr-hit').first().waitFor();
    await browser.shot('11-search-light');
    await nav(page, 'Overview').click();
    await page.locator('.stat').first().waitFor();
    await browser.shot('12-overview-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(23, 24, 26)');
  });
  it('rebuilds the index as a background job, listed with the imports', async () => {
    const { page } = browser;
    await nav(page, 'Overview').click();
    await page.getByRole('button', { name: 'Rebuild' }).click();
    await page.waitForURL(/#\/import$/);
    const job = page.locator('.job', { has: page.getByRole('heading', { name: 'Reindex' }) });
    await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
    expect(await job.textContent()).toMatch(/reindexed \d+ programs/);
  });
  it('notes a moment in the replay, lists it on the Case screen with a verified audit log, and writes a report with it', async () => {
    const { page } = browser;
    const NOTE = 'Reads the <b>id</b> of recpeer';
    await nav(page, 'Search').click();
    const box = page.getByRole('searchbox', { name: 'Search commands and output' });
    await box.fill('recpeer');
    await page.locator('.sr-hit').first().waitFor();
    await box.press('Enter');
    await page.waitForURL(/#\/session\//);
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByPlaceholder('A note on what happened here…').fill(NOTE);
    await page.getByPlaceholder('tags, comma-separated').first().fill('Lateral-Movement');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText(NOTE).first().waitFor();
    await browser.shot('13-notes-dark');

    await nav(page, 'Case').click();
    await page.getByText(NOTE).first().waitFor();
    await page.getByText(/Chain verifies/).waitFor();
    await browser.shot('14-case-dark');

    const report = join(dir.path, 'e2e-report.html');
    await page
      .getByRole('button', { name: /Write report/ })
      .first()
      .click();
    await page.getByPlaceholder(/case-report\.html/).fill(report);
    await page.getByRole('dialog').getByRole('button', { name: 'Write report' }).click();
    await page.getByRole('dialog').getByText('SHA-256').waitFor();
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('Reads the &lt;b&gt;id&lt;/b&gt; of recpeer');
    expect(html).toContain('lateral-movement');
    const shown = (await page.getByRole('dialog').locator('code').first().textContent())!;
    expect(shown).toBe(createHash('sha256').update(readFileSync(report)).digest('hex'));
    await browser.shot('15-report-written-dark');
  });
  it('notes a program without a terminal too (an exec, seen as its streams)', async () => {
    const { page } = browser;
    const all = JSON.parse(sshlens(['--case', casePath, 'sessions', '--json'], env).stdout) as Array<{
      id: string;
      programs: Array<{ id: string; type: string }>;
    }>;
    const exec = all.find((s) => s.programs.some((p) => p.type === 'exec'))!;
    await page.goto(`${ui.origin}/#/session/${exec.id}`);
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByPlaceholder('A note on what happened here…').fill('the exec to look at');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('the exec to look at').first().waitFor();
    const listed = JSON.parse(
      sshlens(['--case', casePath, 'note', 'list', '--session', exec.id, '--json'], env).stdout,
    ) as Array<{ note: string }>;
    expect(listed.map((n) => n.note)).toContain('the exec to look at');
  });
});

/** A screen's link in the sidebar. */
function nav(page: Browser['page'], name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name });
}
