// Every screen, at 1440×900 and 1024×700, in light and dark (issue 14, "Done when"): written to
// test-results/screenshots/screen-NN-NAME-WIDTHxHEIGHT-SCHEME.png for a person to look at. Each
// screen is shot once it shows what it is for (checked from the CLI's view of the same case), so
// a screen that fails to draw fails the test instead of leaving an empty picture.
// The case is the demo (real recordings), plus: a note on a replayed moment, a key in the
// keychain, an import with rejected files, and a Logpush record of the demo's exec program that
// states another exit (its program tab says the sources disagree).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, tempDir, truth } from '../helpers/fixtures';

interface SessionJson {
  id: string;
  programs: Array<{ id: string; type: string }>;
}
interface HitJson {
  session: string;
  program: string;
  in: 'command' | 'output';
  replay: { atUs: number };
}

/** A screen: where it is, what to wait for before the shot, and what to do first (open a dialog). */
interface Screen {
  name: string;
  ui: 'empty' | 'demo';
  hash: string;
  ready: (page: Page) => Promise<void>;
}

const SIZES = [
  [1440, 900],
  [1024, 700],
] as const;
const SCHEMES = ['light', 'dark'] as const;

describe('screenshots of every screen', () => {
  const dir = tempDir('sshlens-e2e-shots-');
  const env = {
    SSHLENS_HOME: dir.path,
    SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-shots-${randomBytes(4).toString('hex')}`,
  };
  const emptyCase = join(dir.path, 'incident-7.sqlite');
  let demoCase: string;
  let empty: ServedUi;
  const emptyOrigin = (): string => empty.origin.replace('127.0.0.1', 'localhost');
  let demo: ServedUi;
  let browser: Browser;
  const screens: Screen[] = [];
  const cli = (...args: string[]): string => {
    const r = sshlens(['--case', demoCase, ...args], env);
    if (r.status !== 0) throw new Error(`sshlens ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    const built = sshlens(['demo', '--json'], env);
    expect(built.status, built.stderr).toBe(0);
    demoCase = (JSON.parse(built.stdout) as { casePath: string }).casePath;
    expect(sshlens(['keys', 'import', sample('sample.key'), '--label', 'cloudflare sample'], env).status).toBe(0);

    // The demo's exec program, and a Logpush record of it stating another exit.
    const execId = truth('sample-exec').logpush.ProgramID;
    const record = gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r['ProgramID'] === execId)!;
    record['Payload'] = `${String(record['Payload'])}[0.0075, "x", "2"]\n`;
    const exitRecord = join(dir.path, 'exec-exit-2.ndjson');
    writeFileSync(exitRecord, `${JSON.stringify(record)}\n`);
    cli('import', exitRecord);

    const sessions = JSON.parse(cli('sessions', '--json')) as SessionJson[];
    const execSession = sessions.find((s) => s.programs.some((p) => p.type === 'exec'))!;
    // A shell output hit: the replay opens where it was printed, the match highlighted.
    const hits = (JSON.parse(cli('search', 'in:output sudo', '--json')) as { hits: HitJson[] }).hits;
    const hit = hits.find((h) => h.in === 'output')!;
    cli(
      'note',
      'add',
      hit.program,
      '--at',
      String(hit.replay.atUs / 1e6),
      '--text',
      'sudo printed here',
      '--tag',
      'privilege',
      '--star',
    );
    cli('note', 'add', execSession.id, '--text', 'Exec from an automation account: check the runbook');

    const replayHash = `#/session/${hit.session}?program=${hit.program}&at=${hit.replay.atUs}&hl=sudo`;
    const terminalReady = async (page: Page): Promise<void> => {
      await page.locator('.xterm-find-result-decoration').first().waitFor({ state: 'attached' });
      await page.locator('.ss-transport-wall').waitFor();
    };
    screens.push(
      {
        name: 'start-first-run',
        ui: 'empty',
        hash: '#/',
        ready: async (p) => void (await p.getByRole('heading', { name: 'Start an investigation' }).waitFor()),
      },
      {
        name: 'keys',
        ui: 'demo',
        hash: '#/keys',
        ready: async (p) => void (await p.locator('.key-public-text').first().waitFor()),
      },
      {
        name: 'import-rejected',
        ui: 'demo',
        hash: '#/import',
        ready: async (p) => void (await p.locator('.job-file[data-status="rejected"]').first().waitFor()),
      },
      {
        name: 'overview',
        ui: 'demo',
        hash: '#/',
        ready: async (p) => void (await p.locator('.cs-facet').first().waitFor()),
      },
      {
        name: 'case',
        ui: 'demo',
        hash: '#/case',
        ready: async (p) => void (await p.locator('.audit-table, table').first().waitFor()),
      },
      {
        name: 'timeline',
        ui: 'demo',
        hash: '#/timeline',
        ready: async (p) => void (await p.locator('.tl-bar').first().waitFor()),
      },
      {
        name: 'search',
        ui: 'demo',
        hash: '#/search?q=sudo',
        ready: async (p) => void (await p.locator('.sr-hit').first().waitFor()),
      },
      { name: 'replay-shell', ui: 'demo', hash: replayHash, ready: terminalReady },
      {
        name: 'replay-keys-legend',
        ui: 'demo',
        hash: replayHash,
        ready: async (p) => {
          await terminalReady(p);
          await p.locator('.ss-terminal, .xterm').first().click();
          await p.keyboard.press('?');
          await p.getByRole('dialog').waitFor();
        },
      },
      {
        name: 'replay-notes',
        ui: 'demo',
        hash: replayHash,
        ready: async (p) => {
          await terminalReady(p);
          await p.getByRole('tab', { name: /^Notes/ }).click();
          await p.getByText('sudo printed here').first().waitFor();
        },
      },
      {
        name: 'program-exec',
        ui: 'demo',
        hash: `#/session/${execSession.id}`,
        ready: async (p) => void (await p.locator('.ss-exec .ss-exit-claims').waitFor()),
      },
      {
        name: 'report-dialog',
        ui: 'demo',
        hash: '#/case',
        ready: async (p) => {
          await p.getByRole('button', { name: 'Write report…' }).click();
          await p.getByRole('dialog').locator('.case-report-size[data-pages]:not(.is-pending)').waitFor();
        },
      },
      {
        name: 'export-dialog',
        ui: 'demo',
        hash: '#/search?q=sudo',
        ready: async (p) => {
          await p.locator('.sr-hit').first().waitFor();
          await p.getByRole('button', { name: 'Export the results' }).click();
          await p.getByRole('dialog').waitFor();
        },
      },
    );

    empty = await startServe(emptyCase, env);
    demo = await startServe(demoCase, env);
    browser = await openBrowser({ colorScheme: 'light' });
    // Cookies ignore ports: the empty case is opened as localhost, so each server keeps its own token cookie.
    await browser.page.goto(empty.startUrl.replace('127.0.0.1', 'localhost'));
    await browser.page.goto(demo.startUrl);
    // An import with a damaged capture and a Logpush file with a damaged line: the job stays listed.
    const { page } = browser;
    await page.goto(`${demo.origin}/#/import`);
    await page.getByRole('button', { name: 'Import by path…' }).click();
    await page
      .getByRole('dialog')
      .getByRole('textbox')
      .fill([sample('bad/flipped-byte-block5.capture'), sample('bad/logpush-one-bad-line.ndjson.gz')].join('\n'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.locator('.job[data-state="done"]').first().waitFor({ timeout: 120_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await empty?.stop();
    await demo?.stop();
    dir.cleanup();
  });

  it('shoots every screen at both sizes in both themes', async () => {
    const { page: p } = browser;
    let shots = 0;
    for (const [width, height] of SIZES) {
      for (const scheme of SCHEMES) {
        await p.setViewportSize({ width, height });
        await p.emulateMedia({ colorScheme: scheme });
        for (const [i, s] of screens.entries()) {
          const origin = s.ui === 'empty' ? emptyOrigin() : demo.origin;
          // A fresh load: no dialog or panel state carried over from the previous screen.
          await p.goto('about:blank');
          await p.goto(`${origin}/${s.hash}`);
          await s.ready(p);
          // The top bar names the case once its facts are in (before, it reads "No case").
          await p.locator('.case-name', { hasText: s.ui === 'empty' ? 'incident-7' : 'demo' }).waitFor();
          const name = `screen-${String(i + 1).padStart(2, '0')}-${s.name}-${width}x${height}-${scheme}`;
          await p.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', `${name}.png`) });
          shots++;
        }
      }
    }
    expect(shots).toBe(screens.length * SIZES.length * SCHEMES.length);
  }, 600_000);
});
