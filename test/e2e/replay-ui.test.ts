// The replay in the real renderer, in Debian's Chromium, against `sshlens serve` on a case imported
// by the real CLI from real recordings (issue 14): a search hit opens on its output with the match
// highlighted, a replay opened without a moment shows its first frame, the keys' legend closes on
// Esc, notes and full-screen spans (top too) are on the seek bar and in the list, find hits are
// linked between the list and the seek bar, and the narrow
// window (1024×700) gives the terminal a readable font. Expectations come from the CLI's view of the
// same case (search --json, export cast, show --json, note list), never from the page itself.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');
/** 120×40 with vim, less, top and man; 80×24 with plain output. */
const FULLSCREEN = join(RECORDINGS, 'fullscreen.cast');
const REDRAWS = join(RECORDINGS, 'redraws.cast');
/** Printed once, by `cat todo.txt` in fullscreen.cast: one output hit. */
const QUERY = 'second item';

interface SearchJson {
  hits: Array<{
    session: string;
    program: string;
    in: 'command' | 'output';
    snippet: string;
    matches: Array<{ start: number; end: number }>;
    replay: { atUs: number };
  }>;
}

describe('the replay in Chromium', () => {
  const dir = tempDir('sshlens-e2e-replay-');
  const env = { SSHLENS_HOME: dir.path, SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-rp-${randomBytes(4).toString('hex')}` };
  const casePath = join(dir.path, 'replay.sqlite');
  const cli = (...args: string[]): string => {
    const r = sshlens(['--case', casePath, ...args], env);
    if (r.status !== 0) throw new Error(`sshlens ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  let ui: ServedUi;
  let browser: Browser;
  /** The program of each recording, as the CLI lists them. */
  let fullscreenProgram: string;
  let redrawsProgram: string;
  let sessionOf: Map<string, string>;

  beforeAll(async () => {
    // One recording at a time: the program each brought is the one new in the list.
    const programs = (): Array<[string, string]> =>
      (JSON.parse(cli('sessions', '--json')) as Array<{ id: string; programs: Array<{ id: string }> }>).flatMap((s) =>
        s.programs.map((p): [string, string] => [p.id, s.id]),
      );
    cli('import', FULLSCREEN);
    fullscreenProgram = programs()[0]![0];
    cli('import', REDRAWS);
    redrawsProgram = programs().find(([p]) => p !== fullscreenProgram)![0];
    sessionOf = new Map(programs());
    ui = await startServe(casePath, env);
    browser = await openBrowser({ colorScheme: 'dark' });
    await browser.page.goto(ui.startUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    dir.cleanup();
  });

  it('opens an output hit on the moment it was printed, the match on screen and highlighted', async () => {
    const { page } = browser;
    const found = JSON.parse(cli('search', QUERY, '--json')) as SearchJson;
    expect(found.hits).toHaveLength(1);
    const hit = found.hits[0]!;
    expect(hit.in).toBe('output');
    expect(hit.snippet.toLowerCase()).toContain(QUERY);

    await page.goto(`${ui.origin}/#/search?q=${encodeURIComponent(QUERY)}`);
    const box = page.getByRole('searchbox', { name: 'Search commands and output' });
    await page.locator('.sr-hit').first().waitFor();
    await box.press('Enter');
    await page.waitForURL(new RegExp(`#/session/${hit.session}\\?program=${hit.program}&at=${hit.replay.atUs}&hl=`));

    // Highlighted: a match decoration lies on the row that reads the query, inside the visible grid.
    const marks = page.locator('.xterm-find-result-decoration');
    await marks.first().waitFor();
    await expect.poll(() => shownText(page)).toContain(QUERY);
    // Read at one instant in the page: the addon redraws its decorations as output is parsed.
    const onQueryRow = async (): Promise<Array<{ inside: boolean }>> =>
      page.evaluate((query) => {
        const screen = document.querySelector('.xterm-screen')!.getBoundingClientRect();
        const rows = Array.from(document.querySelectorAll('.xterm-rows > div'), (r) => r.textContent ?? '');
        const rowHeight = screen.height / rows.length;
        return Array.from(document.querySelectorAll('.xterm-find-result-decoration')).flatMap((mark) => {
          const box = mark.getBoundingClientRect();
          const row = rows[Math.floor((box.y + box.height / 2 - screen.y) / rowHeight)] ?? '';
          if (
            !row
              .replace(/\u00a0/g, ' ')
              .toLowerCase()
              .includes(query)
          )
            return [];
          const inside =
            box.width > 0 &&
            box.top >= screen.top - 1 &&
            box.bottom <= screen.bottom + 1 &&
            box.left >= screen.left - 1 &&
            box.right <= screen.right + 1;
          return [{ inside }];
        });
      }, QUERY);
    await expect.poll(async () => (await onQueryRow()).length).toBeGreaterThan(0);
    expect((await onQueryRow()).every((m) => m.inside)).toBe(true);
    await browser.shot('replay-01-search-hit-1440-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await browser.shot('replay-02-search-hit-1440-light');
    await page.emulateMedia({ colorScheme: 'dark' });
  });

  it('opens on the first frame: the terminal as the first output drew it, not an empty screen', async () => {
    const { page } = browser;
    const cast = cli('export', 'cast', redrawsProgram, '-o', '-').trim().split('\n');
    const first = cast
      .slice(1)
      .map((line) => JSON.parse(line) as [number, string, string])
      // eslint-disable-next-line no-control-regex
      .find(([, kind, text]) => kind === 'o' && /[^\s\x00-\x1f]/.test(stripEscapes(text)))!;
    const drawn = stripEscapes(first[2]).trim();
    expect(drawn.length).toBeGreaterThan(0);

    await page.goto(`${ui.origin}/#/session/${sessionOf.get(redrawsProgram)}?program=${redrawsProgram}`);
    await expect.poll(() => shownText(page)).toContain(drawn);
    // The moment shown goes into the address once settled: the first output's time.
    await page.waitForURL(new RegExp(`&at=${Math.round(first[0] * 1e6)}$`));
    await page.locator('.ss-term-hint', { hasText: 'Paused at the first output' }).waitFor();
  });

  it('closes the keys legend with Esc', async () => {
    const { page } = browser;
    await page.keyboard.press('?');
    const legend = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await legend.waitFor();
    await page.keyboard.press('Escape');
    await legend.waitFor({ state: 'detached' });
  });

  it('marks top full-screen like vim and less, and notes and find hits on the seek bar', async () => {
    const { page } = browser;
    const shown = JSON.parse(cli('show', fullscreenProgram, '--json')) as {
      commands: Array<{ id: string; text: string }>;
    };
    const top = shown.commands.find((c) => c.text === 'top')!;
    cli('note', 'add', top.id, '--text', 'top shows the load');
    cli('note', 'add', fullscreenProgram, '--at', '20', '--to', '24', '--text', 'paging');
    const notes = JSON.parse(cli('note', 'list', '--program', fullscreenProgram, '--json')) as Array<{
      atUs: number | null;
    }>;

    await page.goto(`${ui.origin}/#/session/${sessionOf.get(fullscreenProgram)}?program=${fullscreenProgram}`);
    const screens = page.locator('.ss-mark-fullscreen');
    await screens.first().waitFor();
    const details = await page.locator('.ss-mark-fullscreen .ss-mark-detail').allTextContents();
    for (const program of ['vim', 'less', 'top', 'man']) expect(details.some((d) => d.startsWith(program))).toBe(true);

    const ticks = page.locator('.ss-tick-note');
    await ticks.waitFor({ state: 'attached' });
    const d = (await ticks.getAttribute('d'))!;
    expect(d.match(/M/g)).toHaveLength(notes.filter((n) => n.atUs !== null).length);

    // Find in the program: each hit listed is a tick on the seek bar too; Esc leaves find.
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Find in this program' }).pressSequentially('item');
    await page.locator('.ss-find-count', { hasText: /^\d+\+? hits$/ }).waitFor();
    const hitTicks = async (): Promise<number> =>
      ((await page.locator('.ss-tick-hit').getAttribute('d')) ?? '').match(/M/g)?.length ?? 0;
    await expect.poll(() => page.locator('.ss-hit').count()).toBeGreaterThan(1);
    await expect.poll(async () => (await hitTicks()) === (await page.locator('.ss-hit').count())).toBe(true);

    // The list and the bar are linked: a click on a hit's tick selects that hit in the list, and
    // the hit selected in the list is marked on the bar. Ticks are at x/1000 of the bar's width.
    // "txt" is in three commands typed at three moments ("item" is printed all at once).
    await page.getByRole('searchbox', { name: 'Find in this program' }).fill('txt');
    await expect.poll(() => page.locator('.ss-hit').count()).toBeGreaterThan(2);
    await expect.poll(async () => (await hitTicks()) === (await page.locator('.ss-hit').count())).toBe(true);
    const xs = ((await page.locator('.ss-tick-hit').getAttribute('d')) ?? '')
      .split('M')
      .filter((t) => t !== '')
      .map((t) => Number(t.split(' ')[0]));
    const bar = (await page.locator('.ss-seek').boundingBox())!;
    const px = (x: number): number => bar.x + (x / 1000) * bar.width;
    // A tick that stands apart (no other tick within 10 px), so the click can only mean its hit:
    // the first of those printed at that moment (hits at one moment share a tick).
    const apart = xs.findIndex((x) => xs.every((o) => o === x || Math.abs(px(o) - px(x)) > 10));
    expect(apart).toBeGreaterThanOrEqual(0);
    await page.mouse.click(px(xs[apart]!), bar.y + 8);
    await expect
      .poll(() => page.locator('li[data-hit]:has(> .ss-hit[aria-current="true"])').getAttribute('data-hit'))
      .toBe(String(apart));
    expect(await page.locator('.ss-seek-hit-active').getAttribute('data-hit')).toBe(String(apart));
    const other = xs.findIndex((x) => x !== xs[apart]);
    await page.locator(`li[data-hit="${other}"] > .ss-hit`).click();
    await expect.poll(() => page.locator('.ss-seek-hit-active').getAttribute('data-hit')).toBe(String(other));
    const marker = (await page.locator('.ss-seek-hit-active').boundingBox())!;
    expect(Math.abs(marker.x + marker.width / 2 - px(xs[other]!))).toBeLessThanOrEqual(2);
    await browser.shot('replay-05-find-linked-1440-dark');
    await page.keyboard.press('Escape');
    await page.locator('.ss-tick-hit').waitFor({ state: 'detached' });
  });

  it('gives a 1024×700 window a readable terminal: panels hide (remembered), fit, actual size, full screen', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(`${ui.origin}/#/session/${sessionOf.get(redrawsProgram)}?program=${redrawsProgram}&at=12000000`);
    await page.locator('.ss-transport').waitFor();
    expect(await page.locator('.ss-term-frame').getAttribute('aria-label')).toContain('80 × 24');

    // Hide the side panel (key) and the sidebar (button); both stay hidden after a reload.
    await page.keyboard.press('p');
    await page.locator('.ss-side').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Sidebar' }).click();
    await page.locator('.sidebar').waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('.ss-transport').waitFor();
    expect(await page.locator('.ss-side').count()).toBe(0);
    expect(await page.locator('.sidebar').count()).toBe(0);
    await browser.shot('replay-03-narrow-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await browser.shot('replay-04-narrow-1024-light');
    await page.emulateMedia({ colorScheme: 'dark' });

    // Fit: the whole recorded grid in the frame, at a readable size.
    await expect.poll(() => fontPx(page)).toBeGreaterThanOrEqual(11);
    const frame = (await page.locator('.ss-term-frame').boundingBox())!;
    const grid = (await page.locator('.xterm-screen').boundingBox())!;
    expect(grid.width).toBeLessThanOrEqual(frame.width);
    expect(grid.height).toBeLessThanOrEqual(frame.height);
    await expectNoOverlap(page);

    // A 120×40 terminal fitted here is small, and the replay says how to get room: full screen.
    await page.goto(
      `${ui.origin}/#/session/${sessionOf.get(fullscreenProgram)}?program=${fullscreenProgram}&at=30000000`,
    );
    await page.locator('.ss-transport').waitFor();
    expect(await page.locator('.ss-term-frame').getAttribute('aria-label')).toContain('120 × 40');
    const small = await fontPx(page);
    if (small < 11) await page.locator('.ss-transport-hint', { hasText: `${Math.floor(small)} px text` }).waitFor();
    await page.keyboard.press('f');
    const main = page.locator('.ss-replay-main.is-fullscreen');
    await main.waitFor();
    const box = (await main.boundingBox())!;
    expect([box.width, box.height]).toEqual([1024, 700]);
    await expect.poll(() => fontPx(page)).toBeGreaterThanOrEqual(11);
    await expectNoOverlap(page);
    await browser.shot('replay-05-fullscreen-1024-dark');
    await page.keyboard.press('Escape');
    await main.waitFor({ state: 'detached' });

    // Actual size: the recorded grid at a readable font, the frame scrolling.
    await page.keyboard.press('z');
    await expect.poll(() => fontPx(page)).toBe(13);
    await expect
      .poll(() => page.locator('.ss-term-frame').evaluate((el) => el.scrollHeight > el.clientHeight))
      .toBe(true);
    await page.keyboard.press('z');

    // With both panels back, the controls still never overlap.
    await page.keyboard.press('p');
    await page.keyboard.press('b');
    await page.locator('.ss-side').waitFor();
    await page.locator('.sidebar').waitFor();
    await expectNoOverlap(page);
    await browser.shot('replay-06-panels-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await browser.shot('replay-07-panels-1024-light');
  });
});

/** The text on the terminal's screen (its cells' spaces as spaces). */
async function shownText(page: Page): Promise<string> {
  return ((await page.locator('.xterm-rows').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** The terminal's font size in CSS pixels, as drawn. */
function fontPx(page: Page): Promise<number> {
  return page.locator('.xterm-rows').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

/** The speed menu and every other control under the seek bar stay clear of the clock. */
async function expectNoOverlap(page: Page): Promise<void> {
  const clock = (await page.locator('.ss-transport-clock').boundingBox())!;
  const speed = (await page.locator('.ss-transport-speed select').boundingBox())!;
  expect(clock.width).toBeGreaterThan(0);
  const apart =
    speed.x >= clock.x + clock.width ||
    speed.x + speed.width <= clock.x ||
    speed.y >= clock.y + clock.height ||
    speed.y + speed.height <= clock.y;
  expect(apart).toBe(true);
  // The clock's own text is not cut by its box: the playhead time shows whole.
  const now = (await page.locator('.ss-transport-now').boundingBox())!;
  expect(now.x + now.width).toBeLessThanOrEqual(clock.x + clock.width + 0.5);
}

/** Recorded output without its escape sequences (CSI, OSC, others), as text. */
function stripEscapes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[ -/]*[0-~])/g, '');
}
