import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

// Finding 11: a mistyped --case silently created an empty case and exited 0. Only import, demo and
// `case set` may start a case; every command that reads one refuses a path where there is none.

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('case paths', () => {
  const missing = join(dir.path, 'typo', 'case.sqlite');

  it.each([
    [['sessions']],
    [['show', 's1']],
    [['search', 'sudo']],
    [['export', 'commands', '--format', 'csv', '-o', '-']],
    [['reindex']],
    [['audit']],
    [['note', 'list']],
    [['case', 'show']],
    [['report', '-o', join(dir.path, 'r.html')]],
  ])('sshlens %s refuses a case that does not exist, and creates nothing', (args) => {
    const r = sshlens(['--case', missing, ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no case at ${missing} (sshlens import creates one; check --case or $SSHLENS_CASE)`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir.path, 'typo'))).toBe(false);
  });

  it('lets import and case set start a case', () => {
    const imported = join(dir.path, 'new', 'imported.sqlite');
    expect(sshlens(['--case', imported, 'import', sample('sample-exec.cast')]).status).toBe(0);
    expect(sshlens(['--case', imported, 'sessions']).status).toBe(0);
    const set = join(dir.path, 'set.sqlite');
    expect(sshlens(['--case', set, 'case', 'set', '--title', 'Build hosts']).status).toBe(0);
    expect(sshlens(['--case', set, 'case', 'show']).stdout).toContain('Build hosts');
  });

  it('refuses a file that is not a case, and leaves it as it was', () => {
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'not a database\n');
    const r = sshlens(['--case', text, 'import', sample('sample-exec.cast')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${text} is not an sshlens case (not an SQLite database)`);
    expect(readFileSync(text, 'utf8')).toBe('not a database\n');
  });

  it("refuses another program's SQLite database instead of adding sshlens's tables to it", () => {
    const other = join(dir.path, 'places.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE bookmarks (url TEXT)');
    db.close();
    for (const args of [['import', sample('sample-exec.cast')], ['sessions']]) {
      const r = sshlens(['--case', other, ...args]);
      expect(r.status, args[0]).not.toBe(0);
      expect(r.stderr).toContain('is an SQLite database, but not an sshlens case');
    }
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['bookmarks']);
    after.close();
  });
});
