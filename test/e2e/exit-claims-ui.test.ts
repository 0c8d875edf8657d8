// Issue 14 item 7: one program, two sources, two exits. The sample exec capture states exit 4;
// its Logpush record, given an asciicast exit event stating 2, is the same recording (joined by
// content) and disagrees. The program tab must show the exit kept and say the sources disagree,
// with what each says, and `show` must say the same: checked in Chromium against `sshlens serve`.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitClaim } from '../../src/shared/model';
import { openBrowser, type Browser } from '../helpers/browser';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir, truth } from '../helpers/fixtures';

interface ProgramJson {
  id: string;
  exitStatus: number | null;
  exitClaims?: ExitClaim[];
}

describe('a program whose sources disagree on its exit', () => {
  const dir = tempDir('sshlens-e2e-exit-');
  const env = {
    SSHLENS_HOME: dir.path,
    SSHLENS_KEYCHAIN_SERVICE: `sshlens-e2e-exit-${randomBytes(4).toString('hex')}`,
  };
  const casePath = join(dir.path, 'exit.sqlite');
  const logpushPath = join(dir.path, 'exec-exit-2.ndjson');
  const capturedExit = truth('sample-exec').exit_status!;
  const otherExit = capturedExit === 2 ? 3 : 2;
  let program: ProgramJson;
  let session: string;
  let ui: ServedUi;
  let browser: Browser;

  beforeAll(async () => {
    // The exec program's own Logpush record, its payload ending in an exit event that differs.
    const execId = truth('sample-exec').logpush.ProgramID;
    const record = gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
      .toString('utf8')
      .split('\n')
      .map((l) => (l.trim() === '' ? null : (JSON.parse(l) as Record<string, unknown>)))
      .find((r) => r?.['ProgramID'] === execId)!;
    record['Payload'] = `${String(record['Payload'])}[0.0075, "x", "${otherExit}"]\n`;
    writeFileSync(logpushPath, `${JSON.stringify(record)}\n`);

    const imported = sshlens(
      [
        '--case',
        casePath,
        'import',
        '--key-file',
        SAMPLE_KEY,
        sample('sample-exec.capture'),
        sample('sample-exec.decrypted.zip'),
      ],
      env,
    );
    expect(imported.status, imported.stderr).toBe(0);
    const second = sshlens(['--case', casePath, 'import', logpushPath], env);
    expect(second.stdout).toMatch(/the same recording as p\d+/);
    const sessions = JSON.parse(sshlens(['--case', casePath, 'sessions', '--json'], env).stdout) as Array<{
      id: string;
      programs: Array<{ id: string }>;
    }>;
    expect(sessions).toHaveLength(1);
    session = sessions[0]!.id;
    program = JSON.parse(
      sshlens(['--case', casePath, 'show', sessions[0]!.programs[0]!.id, '--json'], env).stdout,
    ) as ProgramJson;
    ui = await startServe(casePath, env);
    browser = await openBrowser({ colorScheme: 'light' });
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    dir.cleanup();
  });

  it('`show --json` keeps the first exit and names what every source states', () => {
    expect(program.exitStatus).toBe(capturedExit);
    const says = Object.fromEntries(
      (program.exitClaims ?? []).map((c) => [c.source?.path.split('/').pop(), c.known ? c.status : 'unknown']),
    );
    expect(says).toEqual({
      'sample-exec.capture': capturedExit,
      'sample-exec.decrypted.zip': null,
      'exec-exit-2.ndjson': otherExit,
    });
  });

  it('`show` prints the disagreement under the exit status, one line a source', () => {
    const text = sshlens(['--case', casePath, 'show', program.id], env).stdout;
    expect(text).toMatch(new RegExp(`Exit status +${capturedExit} +\\(kept; the sources DISAGREE`));
    expect(text).toMatch(new RegExp(`exit ${capturedExit} +capture sample-exec\\.capture`));
    expect(text).toMatch(new RegExp(`exit ${otherExit} +logpush exec-exit-2\\.ndjson`));
    expect(text).toMatch(/no exit status +official-zip sample-exec\.decrypted\.zip/);
    expect(sshlens(['--case', casePath, 'show', session], env).stdout).toMatch(/SOURCES DISAGREE on the exit/);
  });

  it('the program tab shows the exit kept, says the sources disagree and what each says', async () => {
    const { page } = browser;
    await page.goto(ui.startUrl);
    await page.goto(`${new URL(ui.startUrl).origin}/#/session/${session}`);
    const tab = page.getByRole('tab', { name: new RegExp(program.id) });
    await expect.poll(() => tab.textContent()).toContain(`exit ${capturedExit}`);
    expect(await tab.textContent()).toContain('sources disagree');
    const claims = page.locator('.ss-exec .ss-exit-claims li');
    await expect
      .poll(() => claims.allTextContents())
      .toEqual([
        `exit ${capturedExit}capture sample-exec.capture`,
        'no exit statusofficial-zip sample-exec.decrypted.zip',
        `exit ${otherExit}logpush exec-exit-2.ndjson`,
      ]);
    await browser.shot('exit-claims-exec-light');
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(() => page.locator('.ss-details .ss-exit-claims li').count()).toBe(3);
  });

  it('a split of the disagreeing source takes its disagreement along: the session shows none', async () => {
    const { page } = browser;
    await page.goto(`${new URL(ui.startUrl).origin}/#/session/${session}`);
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(() => page.locator('#details-conflicts').count()).toBe(1);
    const logpush = page.locator('.ss-source', { hasText: 'exec-exit-2.ndjson' });
    await logpush.getByRole('button', { name: 'Split off' }).click();
    await page.getByRole('button', { name: 'Split it off' }).click();
    await expect.poll(() => page.locator('.ss-source').count()).toBe(2);
    // What was read again after the split: no disagreement left, and the exit the capture states.
    await expect.poll(() => page.locator('#details-conflicts').count()).toBe(0);
    const tab = page.getByRole('tab', { name: new RegExp(program.id) });
    await expect.poll(() => tab.textContent()).not.toContain('sources disagree');
    const shown = JSON.parse(sshlens(['--case', casePath, 'show', session, '--json'], env).stdout) as {
      conflicts: unknown[];
    };
    expect(shown.conflicts).toEqual([]);
  });
});
