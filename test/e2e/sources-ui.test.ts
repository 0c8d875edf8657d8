// Provenance on the session screen (issue 10), in the real renderer in Debian's Chromium against
// `sshlens serve`: every source of a session with what it gave, and the investigator's own
// corrections, a split and a join, each checked afterwards through the CLI on the same case.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

interface SessionJson {
  id: string;
  programs: Array<{ id: string }>;
}
interface AuditJson {
  entries: Array<{ action: string; details: Record<string, unknown> }>;
}

describe('sources, splits and joins on the session screen in Chromium', () => {
  const dir = tempDir('sshlens-e2e-src-');
  const env = { SSHLENS_HOME: dir.path, SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-src-${randomBytes(4).toString('hex')}` };
  const casePath = join(dir.path, 'linked.sqlite');
  const sessions = (): SessionJson[] =>
    JSON.parse(sshlens(['--case', casePath, 'sessions', '--json'], env).stdout) as SessionJson[];
  const audit = (): AuditJson => JSON.parse(sshlens(['--case', casePath, 'audit', '--json'], env).stdout) as AuditJson;
  let linked: SessionJson;
  let commandsBefore: string[];
  const commandsOf = (program: string): string[] =>
    (
      JSON.parse(sshlens(['--case', casePath, 'show', program, '--json'], env).stdout) as {
        commands: Array<{ text: string }>;
      }
    ).commands.map((c) => c.text);
  /** Opens a session's Details side tab, where its sources are. */
  const openDetails = async (session: string): Promise<void> => {
    const { page } = browser;
    await page.goto(`${new URL(ui.startUrl).origin}/#/session/${session}`);
    await page.getByRole('tab', { name: 'Details' }).click();
  };
  let ui: ServedUi;
  let browser: Browser;

  beforeAll(async () => {
    // A Logpush export and an asciicast of one of its sessions: the cast joins it by content.
    const imported = sshlens(
      ['--case', casePath, 'import', sample('logpush.ndjson.gz'), sample('sample-shell.cast')],
      env,
    );
    expect(imported.status, `${imported.stdout}${imported.stderr}`).toBe(0);
    const link = /the same recording as (p\d+) \((s\d+)\)/.exec(imported.stdout);
    expect(link, imported.stdout).not.toBeNull();
    linked = sessions().find((s) => s.id === link![2])!;
    ui = await startServe(casePath, env);
    browser = await openBrowser({ colorScheme: 'light' });
    await browser.page.goto(ui.startUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    dir.cleanup();
  });

  it('lists both sources of the linked session with what each gave, then splits the cast off', async () => {
    const { page } = browser;
    commandsBefore = commandsOf(linked.programs[0]!.id);
    expect(commandsBefore.length).toBeGreaterThan(0);
    const before = sessions().length;
    await openDetails(linked.id);
    const sources = page.locator('.ss-source');
    await expect.poll(() => sources.count()).toBe(2);
    const cast = sources.filter({ hasText: 'sample-shell.cast' });
    await expect.poll(() => cast.locator('.ss-gave-item').textContent()).toContain('joined by recorded content');
    await expect.poll(() => sources.filter({ hasText: 'logpush.ndjson.gz' }).textContent()).toContain('first source');
    await cast.scrollIntoViewIfNeeded();
    await browser.shot('src-01-sources-light');

    await cast.getByRole('button', { name: 'Split off' }).click();
    await page.getByRole('button', { name: 'Split it off' }).click();
    await expect.poll(() => sources.count()).toBe(1);
    expect(sessions()).toHaveLength(before + 1);
    const split = audit().entries.filter((e) => e.action === 'split');
    expect(split).toHaveLength(1);
    expect(split[0]!.details['program']).toBe(linked.programs[0]!.id);
  });

  it('joins the split-off session back by hand: the older id stays and the page follows it', async () => {
    const { page } = browser;
    const newest = sessions().reduce((a, b) => (Number(b.id.slice(1)) > Number(a.id.slice(1)) ? b : a));
    expect(newest.id).not.toBe(linked.id);
    await openDetails(newest.id);
    await page.locator('#ss-join-input').fill(linked.id);
    await page.getByRole('button', { name: 'Join…' }).click();
    await page.getByRole('button', { name: 'Join them' }).click();
    await page.waitForURL(new RegExp(`#/session/${linked.id}$`));
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(() => page.locator('.ss-source').count()).toBe(2);
    await expect.poll(() => page.locator('.ss-merged').textContent()).toContain(newest.id);
    expect(sessions().map((s) => s.id)).not.toContain(newest.id);
    // The same recording in both: one program again, its commands not doubled.
    expect(
      sessions()
        .find((s) => s.id === linked.id)!
        .programs.map((p) => p.id),
    ).toEqual(linked.programs.map((p) => p.id));
    expect(commandsOf(linked.programs[0]!.id)).toEqual(commandsBefore);
    expect(
      audit()
        .entries.filter((e) => e.action === 'join')
        .at(-1)?.details,
    ).toMatchObject({
      kept: linked.id,
      merged: newest.id,
    });
    await page.locator('.ss-merged').scrollIntoViewIfNeeded();
    await browser.shot('src-02-joined-light');
  });

  it('refuses a join that names no session, and says so on the page', async () => {
    const { page } = browser;
    await page.locator('#ss-join-input').fill('s999');
    await page.getByRole('button', { name: 'Join…' }).click();
    await page.getByRole('button', { name: 'Join them' }).click();
    await expect
      .poll(() => page.locator('.ss-details-section [role=alert]').textContent())
      .toContain('no session s999');
  });

  it('shows a copy whose recorded output was altered as a disagreement on the session, kept beside it', async () => {
    const { page } = browser;
    const altered = join(dir.path, 'altered.cast');
    const cast = readFileSync(sample('sample-shell.cast'), 'utf8');
    writeFileSync(altered, cast.replace('up 18 minutes', 'up 81 minutes'));
    const imported = sshlens(['--case', casePath, 'import', altered, '--json'], env);
    const [outcome] = JSON.parse(imported.stdout) as Array<{ sha256: string; conflicts?: unknown[] }>;
    expect(outcome!.conflicts).toHaveLength(1);
    expect(sessions().map((s) => s.id)).toContain(linked.id);
    // The page already shows this session: read it again as the investigator would after importing.
    await openDetails(linked.id);
    await page.reload();
    await page.getByRole('tab', { name: 'Details' }).click();
    const conflict = page.locator('.ss-conflict');
    await expect.poll(() => conflict.count()).toBe(1);
    const values = await conflict.locator('.ss-conflict-values dd').allTextContents();
    expect(values[0]).toContain('18');
    expect(values[1]).toContain('81');
    expect(await conflict.locator('.ss-conflict-values dd[title]').getAttribute('title')).toBe(outcome!.sha256);
    await expect
      .poll(() => page.locator('.ss-source', { hasText: 'altered.cast' }).textContent())
      .toContain('disagrees');
    await conflict.scrollIntoViewIfNeeded();
    await browser.shot('src-03-conflict-light');
  });
});
