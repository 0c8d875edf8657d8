import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFrame, replayInfo } from '../../src/main/replay/replay-queries';
import { timelineFacets, timelineHistogram, timelinePage } from '../../src/main/store/timeline-queries';
import { openCase } from '../../src/main/store/open-case';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

// Finding 3's other half: a case already holding a value this sshlens would refuse (written by an
// older one, or by hand). Reading must tolerate it and say so; `sshlens reindex` must repair it.

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);

interface SessionJson {
  id: string;
  start: string | null;
  end: string | null;
  programs: Array<{ id: string; exitStatus: number | null; problems?: string[] }>;
  problems?: string[];
}

beforeAll(() => {
  const r = run(
    'import',
    sample('sample-shell.capture'),
    sample('sample-editing.cast'),
    sample('logpush.ndjson.gz'),
    '--key-file',
    SAMPLE_KEY,
  );
  expect(r.status, r.stderr).toBe(0);
  // Made bad by direct SQL, as an older sshlens let in: a start of 10^21 µs (a REAL), a terminal
  // 2^31 columns wide, an exit status of 1e300, modes that are not JSON, an end before 1970.
  const db = openCase(casePath);
  db.prepare('UPDATE sessions SET started_at_us = ? WHERE id = 1').run(1e21);
  db.prepare('UPDATE sessions SET finished_at_us = ? WHERE id = 2').run(-5e18);
  db.prepare('UPDATE programs SET term_cols = ?, term_modes = ? WHERE id = 1').run(2 ** 31, 'not json');
  db.prepare('UPDATE programs SET exit_status = ? WHERE id = 2').run(1e300);
  db.close();
});
afterAll(() => dir.cleanup());

describe('a case holding values it cannot show', () => {
  it('lists its sessions, showing each bad value as unknown and saying why', () => {
    const table = run('sessions');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain(
      'unreadable in s1: started_at_us: the stored value 1e+21 is not a time a case can hold',
    );
    expect(table.stdout).toContain('unreadable in p1: term_cols, term_rows: the stored value 2147483648x');
    expect(table.stdout).toContain('unreadable in p2: exit_status: the stored value 1e+300 is not an exit status');
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    const s1 = sessions.find((s) => s.id === 's1')!;
    expect(s1.start).toBeNull();
    expect(s1.problems).toHaveLength(1);
    expect(sessions.find((s) => s.id === 's2')!.end).toBeNull();
    expect(sessions.flatMap((s) => s.programs).find((p) => p.id === 'p2')!.exitStatus).toBeNull();
  });

  it('shows the session and the program, replaying the program at 80x24', () => {
    const session = run('show', 's1');
    expect(session.status, session.stderr).toBe(0);
    expect(session.stdout).toMatch(/Unreadable +started_at_us: the stored value 1e\+21/);
    const program = run('show', 'p1');
    expect(program.status, program.stderr).toBe(0);
    expect(program.stdout).toContain('Transcript:');
    expect(program.stdout).toMatch(/Unreadable +term_cols, term_rows/);
    const db = openCase(casePath, { readonly: true });
    try {
      expect(replayInfo(db, 1)).toMatchObject({ cols: 80, rows: 24 });
      expect(replayFrame(db, 1, 5_000_000).events.length).toBeGreaterThan(0);
      // The timeline's axis keeps to the readable times: the bad ones do not stretch it to year 10^13.
      const facets = timelineFacets(db);
      expect(new Date(facets.fromMs!).getUTCFullYear()).toBe(2026);
      expect(new Date(facets.toMs!).getUTCFullYear()).toBe(2026);
      const histogram = timelineHistogram(db, { filter: {}, buckets: 50 });
      expect(histogram.toMs - histogram.fromMs).toBeLessThan(1000 * 86400 * 365);
      const page = timelinePage(db, { filter: {}, offset: 0, limit: 50 });
      expect(page.rows).toHaveLength(page.total);
    } finally {
      db.close();
    }
  });

  it('searches and reports', () => {
    expect(run('search', 'build').status).toBe(0);
    const out = join(dir.path, 'report.html');
    const r = run('report', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Session s1');
  });

  it('is repaired by reindex, which audits every value it cleared', () => {
    const r = run('reindex', '--json');
    expect(r.status, r.stderr).toBe(0);
    const repaired = (JSON.parse(r.stdout) as { repaired: Array<{ row: number; column: string; value: string }> })
      .repaired;
    expect(repaired.map((x) => `${x.row} ${x.column} ${x.value}`)).toEqual([
      '1 started_at_us 1e+21',
      '2 finished_at_us -5000000000000000000',
      '1 term_cols, term_rows 2147483648x24',
      '1 term_modes "not json"',
      '2 exit_status 1e+300',
    ]);
    expect(run('sessions').stdout).not.toContain('unreadable');
    const audit = JSON.parse(run('audit', '--json').stdout) as {
      verified: boolean;
      entries: Array<{ action: string; details: { cleared?: Array<{ value: string }> } }>;
    };
    expect(audit.verified).toBe(true);
    const repair = audit.entries.find((e) => e.action === 'repair')!;
    expect(repair.details.cleared!.map((c) => c.value)).toContain('1e+21');
    // Nothing is left to repair the second time.
    expect((JSON.parse(run('reindex', '--json').stdout) as { repaired: unknown[] }).repaired).toEqual([]);
  });
});
