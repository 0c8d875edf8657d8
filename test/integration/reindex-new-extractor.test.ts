import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { SAMPLES, tempDir } from '../helpers/fixtures';

/**
 * A case made by sshlens before the extractor read zsh and dash (commit ad6f696): the dash and zsh
 * recordings imported then. Its commands are what the old extractor made of them: for dash the
 * erased characters, a loop split in three and a line thrown away by Ctrl-C; for zsh nothing.
 */
const OLD_CASE = join(SAMPLES, '..', 'cases', 'before-issue-12.sqlite.gz');
const recording = (name: string): string => join(SAMPLES, '..', 'recordings', name);
const dir = tempDir();
afterAll(() => dir.cleanup());

interface Truth {
  commands: Array<{ text: string }>;
}

describe('sshlens reindex on a case imported before the new extractor', () => {
  it('brings the commands of every program up to it', () => {
    const casePath = join(dir.path, 'case.sqlite');
    writeFileSync(casePath, gunzipSync(readFileSync(OLD_CASE)));
    copyFileSync(casePath, join(dir.path, 'untouched.sqlite'));
    const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);
    const texts = (program: string): string[] =>
      (
        JSON.parse(run('show', program, '--json').stdout) as { commands: Array<{ text: string; kind: string }> }
      ).commands
        .filter((c) => c.kind === 'shell')
        .map((c) => c.text);
    const truth = (name: string): string[] =>
      (JSON.parse(readFileSync(recording(`${name}.truth.json`), 'utf8')) as Truth).commands.map((c) => c.text);

    // as imported then: dash wrong, zsh empty
    expect(texts('p1')).not.toEqual(truth('dash'));
    expect(texts('p1')).toContain('echo thrown away');
    expect(texts('p2')).toEqual([]);

    const r = run('reindex', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ programs: 2, failed: [] });
    expect(texts('p1')).toEqual(truth('dash'));
    expect(texts('p2')).toEqual(truth('zsh'));

    // and the search index follows: zsh's commands are found now
    const hits = (q: string): number =>
      (JSON.parse(run('search', q, '--json').stdout) as { hits: unknown[] }).hits.length;
    expect(hits('"echo boom"')).toBeGreaterThan(0);
  });
});
