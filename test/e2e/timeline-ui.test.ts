// The timeline half of the investigator's day in the real renderer, in Debian's Chromium, against
// `sshlens serve`: the demo-case switch keeps the top bar and the server on one case (issue 10),
// swim lanes with overlapping sessions, the instant cursor, sessions picked for a report whose
// defaults and page count are shown before writing, and the UTC/local switch on every screen
// (issue 14). Expectations come from the CLI's view of the same case, never from the page itself.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

interface SessionJson {
  id: string;
  userEmail: string | null;
  username: string | null;
  targetId: string | null;
  start: string | null;
  end: string | null;
  programs: Array<{ type: string; exitStatus: number | null }>;
}

/** India: +05:30 all year, so local times differ from UTC in their minutes too. */
const ZONE = 'Asia/Kolkata';
const utcText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
const kolkataText = (iso: string): string => utcText(new Date(Date.parse(iso) + 5.5 * 3_600_000).toISOString());

describe('the timeline, reports and times in Chromium', () => {
  const dir = tempDir('sshlens-e2e-tl-');
  const env = { SSHLENS_HOME: dir.path, SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-tl-${randomBytes(4).toString('hex')}` };
  const emptyCase = join(dir.path, 'incident-7.sqlite');
  let demoCase: string;
  let sessions: SessionJson[];
  let ui: ServedUi;
  let browser: Browser;

  const api = (
    page: Page,
    channel: string,
    ...args: unknown[]
  ): Promise<{ ok: boolean; value?: unknown; error?: string }> =>
    page.evaluate(
      async ([c, a]) =>
        (await fetch(`/api/${c as string}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(a),
        }).then((r) => r.json())) as { ok: boolean; value?: unknown; error?: string },
      [channel, args] as const,
    );

  beforeAll(async () => {
    // The demo is already built when the investigator presses the button on another case.
    const demo = sshlens(['demo', '--json'], env);
    expect(demo.status).toBe(0);
    demoCase = (JSON.parse(demo.stdout) as { casePath: string }).casePath;
    sessions = JSON.parse(sshlens(['--case', demoCase, 'sessions', '--json'], env).stdout) as SessionJson[];
    ui = await startServe(emptyCase, env);
    browser = await openBrowser({ colorScheme: 'dark', timezoneId: ZONE });
    await browser.page.goto(ui.startUrl);
    // Building the demo, starting the server and Chromium take ~10 s on an idle machine; a CI run
    // with every test file beside it once took over the default 60 s.
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    sshlens(['keys', 'list', '--json'], env);
    dir.cleanup();
  });

  it('opens the built demo from "Build the demo case": the top bar and the server show the same case (issue 10)', async () => {
    const { page } = browser;
    await page.getByRole('heading', { name: 'Start an investigation' }).waitFor();
    expect(await page.title()).toBe('incident-7 — sshlens');
    await page.getByRole('button', { name: 'Build the demo case' }).click();
    await page.waitForURL(/#\/timeline$/);
    await expect.poll(() => page.title()).toBe('demo — sshlens');
    expect(await page.locator('.case-name').textContent()).toBe('demo');
    const served = await api(page, 'sshlens:case:info');
    expect((served.value as { path: string }).path).toBe(demoCase);
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(sessions.length));
    // A write still naming the case the window showed before is refused, and writes nothing.
    const stale = await api(page, 'sshlens:case:setFields', { expectedCase: emptyCase }, { title: 'wrong case' });
    expect(stale).toMatchObject({ ok: false });
    expect(stale.error).toContain('nothing was written');
    expect((await api(page, 'sshlens:case:fields')).value).toMatchObject({ title: null });
  });

  it('draws a lane per user with a bar per session, overlapping sessions on rows of their own', async () => {
    const { page } = browser;
    await page.getByRole('radio', { name: 'User' }).click();
    const placed = sessions.filter((s) => s.start !== null);
    await expect.poll(() => page.locator('.tl-bar').count()).toBe(placed.length);
    const laneOf = (s: SessionJson): string | null => s.userEmail ?? s.username;
    const overlapping: Array<[SessionJson, SessionJson]> = [];
    for (const a of placed)
      for (const b of placed)
        if (
          a.id < b.id &&
          laneOf(a) === laneOf(b) &&
          Date.parse(a.start!) < Date.parse(b.end ?? b.start!) &&
          Date.parse(b.start!) < Date.parse(a.end ?? a.start!)
        )
          overlapping.push([a, b]);
    expect(overlapping.length).toBeGreaterThan(0); // the demo has sessions open at once
    for (const [a, b] of overlapping) {
      const rowOf = (id: string) => page.locator(`.tl-bar[data-session="${id}"]`).getAttribute('y');
      expect(await rowOf(a.id)).not.toBe(await rowOf(b.id));
      // Both in the same lane.
      const lane = page.locator('.tl-lane', { has: page.locator(`.tl-bar[data-session="${a.id}"]`) });
      await lane.locator(`.tl-bar[data-session="${b.id}"]`).waitFor();
    }
    await browser.shot('tl-01-lanes-dark');
  });

  it('lists what was running at the instant clicked, across all sessions', async () => {
    const { page } = browser;
    const target = sessions
      .filter((s) => s.start !== null && s.end !== null)
      .reduce((a, b) =>
        Date.parse(b.end!) - Date.parse(b.start!) > Date.parse(a.end!) - Date.parse(a.start!) ? b : a,
      );
    const bar = page.locator(`.tl-bar[data-session="${target.id}"]`);
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.getByRole('region', { name: 'Running at the cursor' });
    const at = (await panel.locator('.tl-running-at').textContent())!;
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d) UTC$/.exec(at);
    expect(m).not.toBeNull();
    const atMs = Date.parse(`${m![1]}T${m![2]}Z`);
    await expect.poll(() => panel.locator('.tl-running-id').allTextContents()).toContain(target.id);
    const listed = await panel.locator('.tl-running-id').allTextContents();
    // Every session open throughout the tenth of a second shown is listed; every one listed was open in it.
    const open = (s: SessionJson, from: number, to: number): boolean =>
      s.start !== null && Date.parse(s.start) <= to && Date.parse(s.end ?? s.start) >= from;
    for (const s of sessions) if (open(s, atMs - 1, atMs + 100)) expect(listed).toContain(s.id);
    for (const id of listed)
      expect(
        open(
          sessions.find((s) => s.id === id)!,
          atMs - 1000,
          atMs + 1000,
        ),
      ).toBe(true);
    // The bar clicked is now selected for a report.
    await expect.poll(() => page.locator('.tl-picked strong').textContent()).toBe('1 session selected');
    await browser.shot('tl-02-cursor-dark');
    await panel.getByRole('button', { name: 'Clear the cursor' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('feeds sessions picked in the list to the report dialog, which defaults to a short report and counts its pages', async () => {
    const { page } = browser;
    const rows = page.locator('.vlist-row');
    await rows.nth(4).waitFor();
    await rows.nth(0).locator('input[type="checkbox"]').click();
    await rows
      .nth(2)
      .locator('input[type="checkbox"]')
      .click({ modifiers: ['Shift'] });
    // Space picks the row selected with the keyboard.
    await page.getByRole('listbox', { name: 'Sessions, oldest first' }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    const ids = await Promise.all([0, 1, 2, 4].map((i) => rows.nth(i).locator('.tl-id').textContent()));
    await expect.poll(() => page.locator('.tl-picked strong').textContent()).toBe('4 sessions selected');
    await page.getByRole('button', { name: 'Report on the selected sessions' }).click();
    const dialog = page.getByRole('dialog');
    const sorted = (ids as string[]).slice().sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(await dialog.getByRole('textbox', { name: 'Session ids' }).inputValue()).toBe(sorted.join(', '));
    // The CLI's defaults: no transcripts, no output lines.
    expect(await dialog.getByRole('checkbox', { name: /Include transcripts/ }).isChecked()).toBe(false);
    expect(await dialog.getByRole('spinbutton').inputValue()).toBe('0');
    const size = dialog.locator('.case-report-size[data-pages]:not(.is-pending)');
    await size.waitFor();
    expect(await size.textContent()).toContain(`${sorted.length} sessions`);
    const shortPages = Number(await size.getAttribute('data-pages'));
    // Transcripts make it longer, and the estimate says so before anything is written.
    await dialog.getByRole('checkbox', { name: /Include transcripts/ }).check();
    await expect.poll(async () => Number(await size.getAttribute('data-pages'))).toBeGreaterThan(shortPages);
    await dialog.getByRole('checkbox', { name: /Include transcripts/ }).uncheck();
    await expect.poll(async () => Number(await size.getAttribute('data-pages'))).toBe(shortPages);
    await dialog.getByRole('radio', { name: 'PDF' }).check();
    const pdf = join(dir.path, 'picked.pdf');
    await dialog.getByPlaceholder(/case-report\.pdf/).fill(pdf);
    await browser.shot('tl-03-report-dialog-dark');
    await dialog.getByRole('button', { name: 'Write report' }).click();
    await page.getByRole('heading', { name: 'Report written' }).waitFor({ timeout: 60_000 });
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    expect(pages).toBeGreaterThan(0);
    // "About": within a third of what was printed, or two pages.
    expect(Math.abs(pages - shortPages)).toBeLessThanOrEqual(Math.max(2, Math.ceil(pages / 3)));
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('shows every time in UTC or in local time, as switched in the top bar, and remembers the choice', async () => {
    const { page } = browser;
    const first = sessions
      .filter((s) => s.start !== null)
      .sort((a, b) => Date.parse(a.start!) - Date.parse(b.start!))[0]!;
    const firstRowTime = () => page.locator('.vlist-row').first().locator('.tl-time').textContent();
    // Each tick of the lanes' axis as "label@x": the same day starts elsewhere in another zone.
    const axis = () =>
      page
        .locator('.tl-lanes-svg .tl-axis-label')
        .evaluateAll((ts) => ts.map((t) => `${t.textContent}@${Math.round(Number(t.getAttribute('x')))}`));
    await expect.poll(firstRowTime).toBe(utcText(first.start!));
    expect(await page.locator('.tl-zone').textContent()).toContain('UTC');
    const utcAxis = await axis();
    await page.getByRole('group', { name: 'Time zone' }).getByRole('button', { name: 'Local' }).click();
    await expect.poll(firstRowTime).toBe(kolkataText(first.start!));
    expect(await page.locator('.tl-zone').textContent()).toContain('UTC+05:30');
    // The lanes' axis is drawn again on the zone's own hours and days.
    await expect.poll(async () => (await axis()).length).toBeGreaterThan(0);
    expect(utcAxis.length).toBeGreaterThan(0);
    expect(await axis()).not.toEqual(utcAxis);
    await page.locator('.tl-hist svg .tl-bars').waitFor({ state: 'attached' });
    await browser.shot('tl-04-timeline-local-dark');
    // The overview, the session and the replay's wall clock follow.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => page.locator('.cs-span').textContent()).toContain(kolkataText(first.start!));
    await page.goto(`${ui.origin}/#/session/${first.id}`);
    await expect.poll(() => page.locator('main').textContent()).toContain(kolkataText(first.start!));
    // A shell's replay has a wall clock, with date and zone (the first session is an exec: its streams, no replay).
    const shell = sessions
      .filter((s) => s.start !== null && s.programs.some((p) => p.type === 'shell'))
      .sort((a, b) => Date.parse(a.start!) - Date.parse(b.start!))[0]!;
    await page.goto(`${ui.origin}/#/session/${shell.id}`);
    await expect
      .poll(() => page.locator('.ss-transport-wall').textContent())
      .toMatch(/^\d{4}-\d\d-\d\d .* UTC\+05:30$/);
    // Search hits too: the first hit's time as the CLI gives it (UTC), shown in the zone.
    const [hit] = (
      JSON.parse(sshlens(['--case', demoCase, 'search', 'sudo', '--limit', '1', '--json'], env).stdout) as {
        hits: Array<{ time: string | null }>;
      }
    ).hits;
    expect(hit?.time).toBeTruthy();
    await page.goto(`${ui.origin}/#/search?q=sudo`);
    await expect.poll(() => page.locator('.sr-time').first().textContent()).toBe(kolkataText(hit!.time!));
    // A new window remembers it.
    await page.reload();
    await page.goto(`${ui.origin}/#/timeline`);
    await expect.poll(firstRowTime).toBe(kolkataText(first.start!));
    await page.getByRole('group', { name: 'Time zone' }).getByRole('button', { name: 'UTC' }).click();
    await expect.poll(firstRowTime).toBe(utcText(first.start!));
  });

  it("opens the sessions with a non-zero exit from the overview's summary; no screen calls them errors", async () => {
    const { page } = browser;
    // What the CLI lists: a program that exited non-zero is its own answer (issue 14 item 7), apart
    // from a session whose record states an error (the demo has no signals or partial programs).
    const all = JSON.parse(sshlens(['--case', demoCase, 'sessions', '--json'], env).stdout) as Array<
      SessionJson & { error: string | null }
    >;
    const exited = all.filter((s) => s.programs.some((p) => (p.exitStatus ?? 0) !== 0));
    const withProblems = all.filter((s) => s.error !== null);
    expect(exited.length).toBeGreaterThan(0);
    const exitedIds = exited.map((s) => s.id).sort();
    await page.goto(`${ui.origin}/#/`);
    const flags = page.locator('.cs-flags');
    const exitFlag = flags.locator('.cs-flag', { hasText: 'non-zero exit' });
    await expect.poll(() => exitFlag.textContent()).toContain(`${exited.length} session`);
    await expect
      .poll(() => flags.locator('.cs-flag', { hasText: 'with problems' }).textContent())
      .toContain(`${withProblems.length} session`);
    expect(await exitFlag.getAttribute('class')).not.toContain('is-bad');
    if (withProblems.length === 0) expect(await flags.textContent()).not.toMatch(/error/i);
    await exitFlag.click();
    await page.waitForURL(/#\/timeline$/);
    // The filter keeps exactly the sessions with a non-zero exit.
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(exited.length));
    expect(await page.getByRole('button', { name: 'Non-zero exit' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Problems' }).getAttribute('aria-pressed')).toBe('false');
    expect((await page.locator('.vlist-row .tl-id').allTextContents()).sort()).toEqual(exitedIds);
    // No word "error" for them: the filter bar, the histogram's legend, the list's badges, the lanes' bars.
    expect(await page.locator('.tl-filters, .tl-legend').allTextContents()).not.toContainEqual(
      expect.stringMatching(/error/i),
    );
    for (const s of exited) {
      const statuses = [...new Set(s.programs.map((p) => p.exitStatus ?? 0).filter((x) => x !== 0))].sort(
        (a, b) => a - b,
      );
      const row = page.locator('.vlist-row', { has: page.locator('.tl-id', { hasText: new RegExp(`^${s.id}$`) }) });
      const badge = row.locator('.tl-problem');
      expect(await badge.textContent()).toBe(
        `exit ${statuses[0]}${statuses.length > 1 ? ` +${statuses.length - 1}` : ''}`,
      );
      expect(await badge.getAttribute('class')).not.toContain('badge-problem');
      if (s.error !== null) continue;
      const bar = page.locator(`.tl-bar[data-session="${s.id}"]`);
      await bar.waitFor({ state: 'attached' });
      expect(await bar.getAttribute('class')).toContain('is-exit');
      expect(await bar.getAttribute('class')).not.toContain('is-problem');
      expect(await bar.locator('title').textContent()).toContain('non-zero exit');
      expect(await bar.locator('title').textContent()).not.toMatch(/error/i);
    }
    // The two notions are drawn apart: a non-zero exit's bar is not the problems' red.
    const fills = await page.evaluate(() => {
      const css = getComputedStyle(document.documentElement);
      return { exit: css.getPropertyValue('--chart-exit'), problem: css.getPropertyValue('--chart-problem') };
    });
    expect(fills.exit.trim()).not.toBe('');
    expect(fills.exit).not.toBe(fills.problem);
    // The problems filter keeps only sessions whose record states a problem: none of the exits alone.
    await page.getByRole('button', { name: 'Non-zero exit' }).click();
    await page.getByRole('button', { name: 'Problems' }).click();
    await expect.poll(() => page.locator('.tl-count strong').textContent()).toBe(String(withProblems.length));
    await page.getByRole('search', { name: 'Filter sessions' }).getByRole('button', { name: 'Clear filters' }).click();
    // The session's own screen: its exit reads "exit N", and nothing on it says "error".
    const first = exited.find((s) => s.error === null)!;
    const status = first.programs.map((p) => p.exitStatus ?? 0).find((x) => x !== 0)!;
    await page.goto(`${ui.origin}/#/session/${first.id}`);
    const main = page.locator('main');
    await expect.poll(() => main.innerText()).toContain(`exit ${status}`);
    expect(await main.innerText()).not.toMatch(/error/i);
  });

  it('says a typed secret is hidden by sshlens, and shows keyboard focus on the current command, not around the panel', async () => {
    const { page } = browser;
    await page.goto(`${ui.origin}/#/`);
    // A program with a secret typed at an echo-off prompt (the demo's sudo), as the API lists its marks.
    const all = JSON.parse(sshlens(['--case', demoCase, 'sessions', '--json'], env).stdout) as Array<{
      id: string;
      programs: Array<{ id: string; type: string }>;
    }>;
    let found: { session: string; program: string; marks: number } | null = null;
    for (const s of all)
      for (const p of s.programs.filter((q) => q.type === 'shell')) {
        if (found) break;
        const listed = (await api(page, 'sshlens:programs:commands', p.id)).value as { marks: Array<{ kind: string }> };
        const marks = listed.marks.filter((m) => m.kind === 'hidden-input').length;
        if (marks > 0) found = { session: s.id, program: p.id, marks };
      }
    expect(found).not.toBeNull();
    await page.goto(`${ui.origin}/#/session/${found!.session}?program=${found!.program}`);
    // Issue 14 item 7: it is recorded (the raw client stream has it); sshlens is what hides it.
    const secret = page.locator('.ss-mark-hidden-input .ss-mark-label');
    await expect.poll(() => secret.count()).toBe(found!.marks);
    expect(await secret.first().textContent()).toMatch(/hidden by sshlens/);
    expect(await secret.first().textContent()).not.toMatch(/not recorded/);
    // Issue 14 item 9: focus on the list marks the current row; the panel itself gets no outline.
    const list = page.getByRole('listbox', { name: 'Commands' });
    await list.locator('.list-row').nth(1).click();
    await expect.poll(() => list.locator('.list-row.is-current').count()).toBe(1);
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const outline = (sel: string): Promise<string> =>
      page
        .locator(sel)
        .first()
        .evaluate((e) => getComputedStyle(e).outlineStyle);
    await expect.poll(() => outline('.ss-cmd-list .list-row.is-current')).toBe('solid');
    expect(await outline('.ss-cmd-list')).toBe('none');
  });

  it('says which Logpush line of an import was damaged', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('button', { name: 'Import by path…' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(sample('bad/logpush-one-bad-line.ndjson.gz'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    const job = page.locator('.job[data-state="done"]').first();
    await job.waitFor({ timeout: 120_000 });
    const cli = sshlens(
      ['--case', join(dir.path, 'check.sqlite'), 'import', sample('bad/logpush-one-bad-line.ndjson.gz')],
      env,
    );
    const line = /rejected line (\d+)/.exec(cli.stdout)?.[1];
    expect(line).toBeDefined();
    expect(await job.locator('.job-file-lines').textContent()).toContain(`line ${line}`);
  });

  it('shows each public key and its fingerprint; a new error clears the old success', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByPlaceholder('e.g. incident-42 laptop').fill('tl laptop');
    await page.getByRole('button', { name: 'Generate a key pair' }).click();
    await page.locator('.key-created').waitFor();
    const listed = JSON.parse(sshlens(['keys', 'list', '--json'], env).stdout) as Array<{
      id: string;
      label: string;
      publicKey: string;
    }>;
    const key = listed.find((k) => k.label === 'tl laptop')!;
    const row = page.getByRole('row', { name: /tl laptop/ });
    expect(await row.locator('.key-public-text').textContent()).toBe(key.publicKey);
    expect(await row.locator('.key-id').textContent()).toBe(key.id);
    expect(await page.locator('.key-fingerprint code').textContent()).toBe(key.id);
    await page.getByRole('button', { name: 'Import a private key file…' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(join(dir.path, 'no-such.key'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import key' }).click();
    await page.locator('.problem', { hasText: 'no such key file' }).waitFor();
    expect(await page.locator('.key-created').count()).toBe(0);
  });

  it('looks right in light and dark, wide and narrow (screenshots to look at)', async () => {
    const screens: Array<[string, string, () => Promise<void>]> = [
      ['timeline', '#/timeline', async () => void (await browser.page.locator('.tl-bar').first().waitFor())],
      ['overview', '#/', async () => void (await browser.page.locator('.cs-facet').first().waitFor())],
      ['case', '#/case', async () => void (await browser.page.getByRole('heading', { level: 1 }).first().waitFor())],
      ['keys', '#/keys', async () => void (await browser.page.getByRole('heading', { name: 'Keys' }).waitFor())],
      ['import', '#/import', async () => void (await browser.page.locator('.job').first().waitFor())],
    ];
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await browser.page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await browser.page.emulateMedia({ colorScheme: scheme });
        for (const [name, hash, ready] of screens) {
          await browser.page.goto(`${ui.origin}/${hash}`);
          await ready();
          await browser.shot(`tl-${name}-${width}-${scheme}`);
        }
      }
    }
    await browser.page.setViewportSize({ width: 1440, height: 900 });
  });
});
