import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCase, type SearchStep } from '../../src/main/search/run-search';
import { replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { addProgram, result, shellCommand } from '../helpers/extraction-result';
import { tempDir } from '../helpers/fixtures';

/**
 * A query whose filters list few programs (a session, a program, a time window far back) walks
 * only the index rows whose ids lie within those programs' rows (find-candidates.ts), not every
 * newer match first: the same hits, and the index reports only the matches in that range.
 */

const DAY = 86_400_000_000;
const START = Date.UTC(2026, 7, 20) * 1000;
// Command times are µs since their program started.
const commands = (n: number, word: string) =>
  result(
    Array.from({ length: n }, (_, i) => shellCommand(`echo ${word} ${i}`, `${word} printed ${i}`, (i + 1) * 1_000_000)),
  );

const dir = tempDir();
let db: CaseDb;
let old: number;

beforeAll(() => {
  db = openCase(join(dir.path, 'case.sqlite'));
  old = addProgram(db, { startedAtUs: START });
  replaceProgramCommands(db, old, commands(5, 'Commonword'));
  // Newer sessions, imported later: every row matches too.
  for (let s = 1; s <= 4; s++) {
    const program = addProgram(db, { startedAtUs: START + s * 10 * DAY });
    replaceProgramCommands(db, program, commands(60, 'Commonword'));
  }
  // A session with no command and no output.
  addProgram(db, { startedAtUs: START + 50 * DAY });
});

afterAll(() => {
  db.close();
  dir.cleanup();
});

function run(query: string, force: 'scan' | 'walk'): { texts: string[]; steps: SearchStep[] } {
  const steps: SearchStep[] = [];
  const r = searchCase(db, query, { force, limit: 200, trace: (s) => steps.push(s) });
  if (!r.ok) throw new Error(r.error.message);
  return { texts: r.result.hits.map((h) => `${h.in} ${h.text}`).sort(), steps };
}

describe('an index walk over the rows of few programs', () => {
  it.each([
    ['a session far back', 's1'],
    ['a time window far back', 'day'],
  ])('%s: the same hits as a scan, from matches within its rows only', (_, which) => {
    const filter =
      which === 's1'
        ? 'session:s1'
        : `after:${new Date(START / 1000).toISOString().slice(0, 10)} before:${new Date((START + DAY) / 1000).toISOString().slice(0, 10)}`;
    for (const term of ['commonword', '=commonword', '"word printed"']) {
      const walked = run(`${filter} ${term}`, 'walk');
      const scanned = run(`${filter} ${term}`, 'scan');
      expect(walked.texts).toEqual(scanned.texts);
      // Five commands, and the five outputs that follow them.
      expect(walked.texts.filter((t) => t.startsWith('command')).length).toBe(term.startsWith('"') ? 0 : 5);
      expect(walked.texts.filter((t) => t.startsWith('output')).length).toBe(5);
      for (const s of walked.steps) expect(s.matches).toBeLessThanOrEqual(5);
    }
  });

  it('finds nothing in a program with no rows, and every row of a newer one', () => {
    expect(run('session:s6 commonword', 'walk').texts).toEqual([]);
    const newer = run('session:s3 commonword', 'walk');
    expect(newer.texts).toEqual(run('session:s3 commonword', 'scan').texts);
    expect(newer.texts).toHaveLength(2 * 60);
  });
});
