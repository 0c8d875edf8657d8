import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { SAMPLES, tempDir } from '../helpers/fixtures';

/**
 * What an investigator hands on: reports, search hits and their snippets, `show`. Every recording
 * with a password typed at an echo-off prompt (sudo, su, openssl, read -s, stty -echo, mysql -p)
 * is imported through the CLI; no secret appears in any of them.
 */
const DIR = join(SAMPLES, '..', 'recordings');
const truthOf = (name: string): { secrets: string[] } =>
  JSON.parse(readFileSync(join(DIR, `${name}.truth.json`), 'utf8')) as { secrets: string[] };
const WITH_SECRETS = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace(/\.truth\.json$/, ''))
  .filter((n) => truthOf(n).secrets.length > 0)
  .sort();
const SECRETS = WITH_SECRETS.flatMap((n) => truthOf(n).secrets);

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);

beforeAll(() => {
  const r = run('import', ...WITH_SECRETS.map((n) => join(DIR, `${n}.cast`)));
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => dir.cleanup());

describe('secrets typed at echo-off prompts, in what sshlens hands on', () => {
  it('covers sudo, su, openssl, read -s and the mysql client', () => {
    expect(WITH_SECRETS).toEqual(expect.arrayContaining(['secrets', 'zsh', 'zsh-more', 'repl-mysql', 'screen']));
    expect(SECRETS.length).toBeGreaterThanOrEqual(12);
  });

  it.each(['report.json', 'report.html'])('are not in %s (with the transcript and output)', (name) => {
    const r = run('report', '-o', join(dir.path, name), '--output-lines', '200', '--transcript');
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir.path, name), 'utf8');
    expect(text).toContain('sudo id -u'); // the commands typed around the passwords are there
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('find no search hit, and no snippet of the commands around them holds one', () => {
    for (const secret of SECRETS) {
      const r = run('search', `"${secret}"`, '--json');
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { hits: unknown[] }).hits).toEqual([]);
    }
    for (const near of ['sudo', 'passwd', 'read -s', 'mysql']) {
      const hits = (
        JSON.parse(run('search', near, '--json', '--limit', '200').stdout) as {
          hits: Array<{ snippet: string; text: string }>;
        }
      ).hits;
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) for (const secret of SECRETS) expect(`${h.text}\n${h.snippet}`).not.toContain(secret);
    }
  });

  it('are not in `show` of any program, as text or --json', () => {
    const sessions = JSON.parse(run('sessions', '--json').stdout) as Array<{ programs: Array<{ id: string }> }>;
    const programs = sessions.flatMap((s) => s.programs.map((p) => p.id));
    expect(programs.length).toBe(WITH_SECRETS.length);
    for (const id of programs)
      for (const args of [
        ['show', id],
        ['show', id, '--json'],
      ]) {
        const out = run(...args).stdout;
        for (const secret of SECRETS) expect(out).not.toContain(secret);
      }
  });
});
