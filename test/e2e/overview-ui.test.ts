// The overview of the demo case in Chromium, against `sshlens serve` (issue 14 items 7 and 11):
// its command count is what `export commands` writes, with the lines typed into programs said
// apart; its summary (time span, users, targets, programs by type) is the case's own data as the
// CLI lists it; every session names its user and target, or says they are not recorded.
// Expectations come from the CLI (`sessions --json`, `export commands`), never from the page.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

interface SessionJson {
  id: string;
  userEmail: string | null;
  username: string | null;
  targetId: string | null;
  start: string | null;
  end: string | null;
  programs: Array<{ type: string }>;
}
interface DemoJson {
  casePath: string;
  commands: number;
  programInputs: number;
}

/** The overview shows the six largest of each list (CaseSummary TOP). */
const TOP = 6;
const utcText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

/** How many sessions have each value, counting a session once per value. */
function tally(sessions: SessionJson[], values: (s: SessionJson) => Array<string | null>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sessions) for (const v of new Set(values(s))) if (v !== null) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

describe("the demo case's overview in Chromium", () => {
  const dir = tempDir('sshlens-e2e-overview-');
  const env = {
    SSHLENS_HOME: dir.path,
    SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-overview-${randomBytes(4).toString('hex')}`,
  };
  let demo: DemoJson;
  let sessions: SessionJson[];
  let ui: ServedUi;
  let browser: Browser;
  const cli = (...args: string[]): string => {
    const r = sshlens(['--case', demo.casePath, ...args], env);
    if (r.status !== 0) throw new Error(`sshlens ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    const built = sshlens(['demo', '--json'], env);
    expect(built.status, built.stderr).toBe(0);
    demo = JSON.parse(built.stdout) as DemoJson;
    sessions = JSON.parse(cli('sessions', '--json')) as SessionJson[];
    ui = await startServe(demo.casePath, env);
    browser = await openBrowser({ colorScheme: 'light' });
    await browser.page.goto(ui.startUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    dir.cleanup();
  });

  it('counts the commands `export commands` writes, and says how many were typed into programs', async () => {
    const { page } = browser;
    const file = join(dir.path, 'commands.jsonl');
    cli('export', 'commands', '--format', 'jsonl', '-o', file);
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { kind: string });
    const typedIntoPrograms = rows.filter((r) => r.kind === 'program-input').length;
    expect(rows.length).toBeGreaterThan(0);
    expect(typedIntoPrograms).toBeGreaterThan(0);
    // `sshlens demo` reports the same numbers.
    expect({ commands: demo.commands, programInputs: demo.programInputs }).toEqual({
      commands: rows.length,
      programInputs: typedIntoPrograms,
    });
    const stat = page.locator('.stat', { has: page.locator('.stat-label', { hasText: /^commands$/ }) });
    await expect.poll(() => stat.locator('.stat-value').textContent()).toBe(rows.length.toLocaleString('en-US'));
    expect(await stat.locator('.stat-note').textContent()).toContain(`${typedIntoPrograms} lines of them typed into`);
    expect(await page.locator('.topbar-counts').textContent()).toContain(
      `${rows.length.toLocaleString('en-US')} commands`,
    );
  });

  it("summarises the case's time span, users, targets and programs by type as the CLI lists them", async () => {
    const { page } = browser;
    const starts = sessions.flatMap((s) => (s.start ? [s.start] : [])).sort();
    const ends = sessions.flatMap((s) => ((s.end ?? s.start) ? [(s.end ?? s.start)!] : [])).sort();
    await expect.poll(() => page.locator('.cs-span').textContent()).toContain(utcText(starts[0]!));
    expect(await page.locator('.cs-span').textContent()).toContain(utcText(ends.at(-1)!));
    await expectFacet(
      page,
      'Users',
      tally(sessions, (s) => [s.userEmail ?? s.username]),
    );
    await expectFacet(
      page,
      'Targets',
      tally(sessions, (s) => [s.targetId]),
    );
    await expectFacet(
      page,
      'Programs by type',
      tally(sessions, (s) => s.programs.map((p) => p.type)),
    );
  });

  it('names the user and target of every session, or says they are not recorded, never a bare dash', async () => {
    const { page } = browser;
    await page.goto(`${ui.origin}/#/timeline`);
    const rows = page.locator('.vlist-row');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({
        id: el.querySelector('.tl-id')?.textContent ?? '',
        user: el.querySelector('.tl-user')?.textContent ?? '',
        target: el.querySelector('.tl-target')?.textContent ?? '',
      })),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) {
      const s = sessions.find((x) => x.id === row.id);
      expect(s, row.id).toBeDefined();
      const user = s!.userEmail ?? s!.username;
      if (user === null) expect(row.user).toBe('not recorded');
      else expect(row.user.startsWith(user), `${row.id}: ${row.user}`).toBe(true);
      expect(row.target).toBe(s!.targetId ?? 'not recorded');
    }
    // The demo joins every capture with its Logpush record: all of them are named.
    expect(sessions.filter((s) => (s.userEmail ?? s.username) === null || s.targetId === null)).toEqual([]);
  });
});

/** A summary list: its number of values, and the largest ones shown with the CLI's counts. */
async function expectFacet(page: Page, title: string, expected: Map<string, number>): Promise<void> {
  const section = page.getByRole('region', { name: title, exact: true });
  await expect.poll(() => section.locator('h3').textContent()).toContain(`(${expected.size})`);
  const items = await section.locator('li:not(.cs-more)').evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.cs-name')?.textContent ?? '',
      n: Number((el.querySelector('.cs-n')?.textContent ?? '').replace(/,/g, '')),
    })),
  );
  expect(items.length).toBe(Math.min(TOP, expected.size));
  for (const item of items) expect(expected.get(item.name), `${title}: ${item.name}`).toBe(item.n);
  // The largest first: nothing left out has more sessions than the smallest shown.
  const counts = items.map((i) => i.n);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  const shownNames = new Set(items.map((i) => i.name));
  const smallest = Math.min(...counts);
  for (const [name, n] of expected)
    if (!shownNames.has(name)) expect(n, `${title}: ${name}`).toBeLessThanOrEqual(smallest);
  const more = expected.size - items.length;
  if (more > 0) expect(await section.locator('.cs-more').textContent()).toBe(`and ${more} more`);
}
