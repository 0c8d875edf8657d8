import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase } from '../../src/main/store/open-case';
import { sshlens } from '../helpers/cli';
import { addProgram, result, shellCommand } from '../helpers/extraction-result';
import { sample, SAMPLE_KEY, tempDir, truth } from '../helpers/fixtures';

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);
// A case holding only the exec capture: its metadata names no command, so its output follows none.
const captureOnlyPath = join(dir.path, 'capture-only.sqlite');
const runCaptureOnly = (...args: string[]) => sshlens(['--case', captureOnlyPath, ...args]);
const EXEC = truth('sample-exec').exec_command!;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface HitJson {
  session: string;
  program: string;
  command: string | null;
  in: 'command' | 'output';
  time: string | null;
  text: string | null;
  snippet: string;
  matches: Array<{ start: number; end: number }>;
  userEmail: string | null;
  targetId: string | null;
  replay: { atUs: number; outputOffset: number };
}
interface FacetListJson {
  values: Array<{ value: string | null; count: number }>;
  more: number;
}
interface SearchJson {
  total: number;
  totalCapped: boolean;
  hits: HitJson[];
  tookMs: number;
  sort: string;
  group: string;
  offset: number;
  next: string | null;
  groups?: Array<{
    session: string;
    userEmail: string | null;
    targetId: string | null;
    start: string | null;
    hits: number;
  }>;
  facets?: {
    users: FacetListJson;
    targets: FacetListJson;
    types: FacetListJson;
    in: FacetListJson;
    counted: number;
    capped: boolean;
    cappedIn: string[];
  };
}
interface SessionJson {
  id: string;
  programs: Array<{ id: string; type: string }>;
}

let hostileProgram: string;

beforeAll(() => {
  const r = run(
    'import',
    sample('sample-exec.cast'),
    sample('sample-exec.capture'),
    sample('logpush.ndjson.gz'),
    '--key-file',
    SAMPLE_KEY,
    '--json',
  );
  expect(r.status).toBe(0);
  expect(runCaptureOnly('import', sample('sample-exec.capture'), '--key-file', SAMPLE_KEY).status).toBe(0);
  // A command line with terminal escapes in it, as a hostile recording could hold.
  const db = openCase(casePath);
  const row = addProgram(db, { userEmail: 'mallory@corp.example', startedAtUs: Date.UTC(2026, 10, 20) * 1000 });
  replaceProgramCommands(
    db,
    row,
    result([shellCommand('echo \x1b]0;pwned\x07 \x1b[2J marker', 'marker out\x1b[31m', 1_000_000, { exitStatus: 3 })]),
  );
  db.close();
  hostileProgram = `p${row}`;
});
afterAll(() => dir.cleanup());

describe('sshlens search --json', () => {
  it('gives {total, hits} whose session and program ids are those of sessions --json, and command ids those of show --json', () => {
    const r = run('search', 'in:commands', 'debian_version', '--json');
    expect(r.status).toBe(0);
    const found = JSON.parse(r.stdout) as SearchJson;
    // The cast, the capture and the Logpush record are one program: one hit.
    expect(found.total).toBe(1);
    expect(found.totalCapped).toBe(false);
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    for (const hit of found.hits) {
      expect(Object.keys(hit)).toEqual(
        expect.arrayContaining(['session', 'program', 'command', 'time', 'text', 'snippet', 'userEmail', 'targetId']),
      );
      const session = sessions.find((s) => s.id === hit.session)!;
      expect(session.programs.map((p) => p.id)).toContain(hit.program);
      expect(hit.text).toBe(EXEC);
      expect(hit.time).toMatch(ISO);
      const shown = JSON.parse(run('show', hit.program, '--json').stdout) as {
        commands: Array<{ id: string; text: string }>;
      };
      expect(shown.commands.map((c) => c.id)).toContain(hit.command);
      expect(hit.snippet.slice(hit.matches[0]!.start, hit.matches[0]!.end)).toBe('debian_version');
    }
    expect(found.hits.map((h) => h.userEmail)).toContain('alex.dev@example.org');
  });

  it('gives null for the command of output that follows no command', () => {
    const found = JSON.parse(
      runCaptureOnly('search', 'type:exec in:output', '"low disk"', '--json').stdout,
    ) as SearchJson;
    expect(found.total).toBe(1);
    expect(found.hits.filter((h) => h.command === null)).toHaveLength(1);
    const hit = found.hits.find((h) => h.command === null)!;
    expect(hit).toMatchObject({ text: null, in: 'output' });
    // Placed where "low disk" was printed (test/integration/output-hit-moment.test.ts checks the frames).
    expect(hit.replay.atUs).toBeGreaterThan(0);
    expect(hit.replay.outputOffset).toBeGreaterThanOrEqual(0);
    expect(found.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('honours --limit', () => {
    const found = JSON.parse(run('search', 'echo', '--limit', '1', '--json').stdout) as SearchJson;
    expect(found.hits).toHaveLength(1);
    expect(found.total).toBeGreaterThan(1);
  });

  it('answers with an empty list when nothing matches', () => {
    const r = run('search', 'no-such-text-anywhere', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      total: 0,
      totalCapped: false,
      hits: [],
      tookMs: expect.any(Number),
      momentsMs: expect.any(Number),
      sort: 'relevance',
      group: 'none',
      offset: 0,
      next: null,
    });
  });

  it('keeps escape characters of recorded text as JSON escapes', () => {
    const found = JSON.parse(run('search', 'marker', 'in:commands', '--json').stdout) as SearchJson;
    expect(found.hits[0]!.text).toBe('echo \x1b]0;pwned\x07 \x1b[2J marker');
  });
});

describe('sshlens search --sort, --group, --facets and pages (issue 14 item 3)', () => {
  const json = (...args: string[]): SearchJson => {
    const r = run('search', ...args, '--json');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as SearchJson;
  };
  const key = (h: HitJson): string => `${h.in} ${h.program} ${h.command} ${h.replay.atUs}`;
  // Every command line of the case: a query of filters only.
  const QUERY = 'in:commands';

  it('--sort time is oldest first, -time newest first, and both hold the same hits as relevance', () => {
    const all = json('type:shell', '--limit', '10000');
    expect(all.total).toBeGreaterThan(5);
    const oldest = json('type:shell', '--limit', '10000', '--sort', 'time');
    const newest = json('type:shell', '--limit', '10000', '--sort', '-time');
    const times = (r: SearchJson): string[] => r.hits.map((h) => h.time ?? '');
    expect(times(oldest)).toEqual([...times(oldest)].sort());
    expect(times(newest)).toEqual([...times(newest)].sort().reverse());
    expect(oldest.hits.map(key).sort()).toEqual(all.hits.map(key).sort());
    expect(newest.sort).toBe('-time');
  });

  it('--group session keeps each session together, with its header counting all its hits', () => {
    const all = json('type:shell', '--limit', '10000');
    const grouped = json('type:shell', '--limit', '10000', '--group', 'session', '--sort', 'time');
    const order = grouped.hits.map((h) => h.session).filter((s, i, a) => a[i - 1] !== s);
    expect(new Set(order).size).toBe(order.length); // no session comes back
    expect(grouped.groups!.map((g) => g.session)).toEqual(order);
    for (const g of grouped.groups!) expect(g.hits).toBe(all.hits.filter((h) => h.session === g.session).length);
    const sessions = JSON.parse(run('sessions', '--json').stdout) as Array<{
      id: string;
      userEmail: string | null;
      start: string | null;
    }>;
    for (const g of grouped.groups!) {
      const s = sessions.find((x) => x.id === g.session)!;
      expect([g.userEmail, g.start]).toEqual([s.userEmail, s.start]);
    }
  });

  it('prints a line per session group in text', () => {
    const r = run('search', 'type:shell', '--group', 'session', '--limit', '10000');
    const grouped = json('type:shell', '--group', 'session', '--limit', '10000');
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('== '));
    expect(headers).toHaveLength(grouped.groups!.length);
    const first = grouped.groups![0]!;
    expect(headers[0]).toBe(
      `== ${first.session}  ${first.userEmail ?? '-'} → ${first.targetId === null ? '-' : `${first.targetId.slice(0, 8)}…`}  ${first.start === null ? '-' : `${first.start.slice(0, 10)} ${first.start.slice(11, 19)} UTC`}  ${first.hits} hit${first.hits === 1 ? '' : 's'}`,
    );
  });

  it('--facets counts over every match, not only the page shown', () => {
    const all = json(QUERY, '--limit', '10000');
    const page = json(QUERY, '--limit', '1', '--facets');
    expect(page.hits).toHaveLength(1);
    const tally = (values: Array<string | null>): Map<string | null, number> =>
      values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string | null, number>());
    const asMap = (l: FacetListJson): Map<string | null, number> => new Map(l.values.map((v) => [v.value, v.count]));
    expect(asMap(page.facets!.users)).toEqual(tally(all.hits.map((h) => h.userEmail)));
    expect(asMap(page.facets!.targets)).toEqual(tally(all.hits.map((h) => h.targetId)));
    expect(asMap(page.facets!.in)).toEqual(new Map([['command', all.total]]));
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    const typeOf = new Map(sessions.flatMap((s) => s.programs.map((p) => [p.id, p.type] as const)));
    expect(asMap(page.facets!.types)).toEqual(tally(all.hits.map((h) => typeOf.get(h.program)!)));
    expect(page.facets!).toMatchObject({ counted: all.total, capped: false, cappedIn: [] });
    const text = run('search', QUERY, '--limit', '1', '--facets').stdout;
    expect(text).toMatch(new RegExp(`\\ncounts over ${all.total} matches:\\n  users   `));
  });

  it('--limit past a page, then --after the cursor printed, or --offset, give the rest of the list in order', () => {
    const all = json('type:shell', '--limit', '10000', '--sort', '-time');
    expect(all.next).toBeNull();
    const first = json('type:shell', '--limit', '3', '--sort', '-time');
    expect(first.next).not.toBeNull();
    const rest = json('type:shell', '--limit', '10000', '--sort', '-time', '--after', first.next!);
    expect(rest.offset).toBe(3);
    expect([...first.hits, ...rest.hits].map(key)).toEqual(all.hits.map(key));
    expect(json('type:shell', '--limit', '2', '--sort', '-time', '--offset', '3').hits.map(key)).toEqual(
      all.hits.slice(3, 5).map(key),
    );
    const text = run('search', 'type:shell', '--limit', '3', '--sort', '-time').stdout;
    expect(text).toContain(`, the first 3 shown (newest first)\n`);
    expect(text).toContain(`\nnext page: --after ${first.next!}\n`);
  });
});

describe('sshlens search (human output)', () => {
  it('prints a table of time, ids, user, target and the snippet with «» around matches on a pipe', () => {
    const r = run('search', 'type:exec', 'debian_version');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d+ hits?$/);
    expect(lines[1]).toMatch(/^TIME \(UTC\)\s+SESSION\s+PROGRAM\s+COMMAND\s+IN\s+USER\s+TARGET\s+MATCH$/);
    expect(
      lines.some((l) =>
        /^2026-11-21 17:20:16Z\s+s\d+\s+p\d+\s+c\d+\s+cmd\s+alex\.dev@example\.org\s+cac3331d…\s+id -un; cat \/etc\/«debian_version»; echo/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('never lets recorded escape sequences reach the terminal', () => {
    const r = run('search', 'marker');
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).not.toContain('\x07');
    expect(r.stdout).toContain('echo ␛]0;pwned␇ ␛[2J «marker»');
    expect(r.stdout).toContain('«marker» out␛[31m');
  });

  it('says so when nothing matches', () => {
    expect(run('search', 'no-such-text-anywhere').stdout).toBe('no hits\n');
  });

  it('takes a query that starts with a dash after --', () => {
    const r = run('search', '--json', '--', '-un;');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as SearchJson).hits.map((h) => h.text)).toContain(EXEC);
  });
});

describe('sshlens search errors', () => {
  it.each([
    [['search', 'cat "/etc/passwd'], /^sshlens: search: unbalanced quote: the " at column 5 is never closed/],
    [['search', 'type:telnet', 'x'], /^sshlens: search: type: "telnet" \(column 1\) is not a program type/],
    [['search', 'after:soon', 'x'], /is not a date or time/],
    [['search'], /^sshlens: search: give a query/],
    [['search', 'x', '--limit', '0'], /--limit takes a whole number from 1 to 10000/],
    [['search', 'x', '--sort', 'size'], /--sort takes relevance, time \(oldest first\) or -time/],
    [['search', 'x', '--group', 'user'], /--group takes session/],
    [['search', 'x', '--after', 'abc', '--offset', '2'], /give --after or --offset, not both/],
    [['search', 'x', '--after', 'abc'], /the cursor is not one this search gave/],
    [['search', 'x', '--limit', 'ten'], /--limit takes a whole number/],
  ])('%j exits 2 with one clear line and no SQL', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/sqlite|fts5|syntax error/i);
  });

  it('treats SQL and FTS5 syntax as text', () => {
    for (const q of [`'); DROP TABLE commands; --`, 'NEAR(a b)', 'text:x', 'AND OR NOT', '"a"" OR ""b"']) {
      const r = run('search', q, '--json');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ total: 0 });
    }
    expect((JSON.parse(run('search', 'debian_version', '--json').stdout) as SearchJson).total).toBeGreaterThan(0);
  });

  it('documents the language in --help', () => {
    const r = run('search', '--help');
    expect(r.status).toBe(0);
    for (const s of [
      '"cat /etc"',
      '=root',
      'passw*',
      'user:EMAIL',
      'target:ID',
      'host:ADDRESS',
      'type:TYPE',
      'exit:N',
      'after:T before:T',
      'in:commands',
      '--limit N',
      '--json',
    ]) {
      expect(r.stdout).toContain(s);
    }
    expect(sshlens(['--help']).stdout).toMatch(/search QUERY[\s\S]*reindex/);
  });
});

describe('sshlens show PROGRAM_ID', () => {
  it('--json lists the commands with id, time, text, kind, method and the exit status when known', () => {
    const found = JSON.parse(run('search', 'in:commands', 'marker', '--json').stdout) as SearchJson;
    const shown = JSON.parse(run('show', hostileProgram, '--json').stdout) as { commands: unknown[] };
    expect(shown.commands).toEqual([
      {
        id: found.hits[0]!.command,
        time: '2026-11-20T00:00:01.000Z',
        text: 'echo \x1b]0;pwned\x07 \x1b[2J marker',
        kind: 'shell',
        method: 'screen',
        exitStatus: 3,
      },
    ]);
    const exec = JSON.parse(run('search', 'in:commands', 'user:alex.dev@example.org', '--json').stdout) as SearchJson;
    const execShown = JSON.parse(run('show', exec.hits[0]!.program, '--json').stdout) as {
      commands: Array<Record<string, unknown>>;
    };
    expect(execShown.commands).toEqual([
      // The exit status comes from the capture, the command from the cast and the Logpush record.
      {
        id: exec.hits[0]!.command,
        time: '2026-11-21T17:20:16.000Z',
        text: EXEC,
        kind: 'exec',
        method: 'exec',
        exitStatus: 4,
      },
    ]);
  });

  it('lists the commands before the transcript, made safe for the terminal', () => {
    const r = run('show', hostileProgram);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\nCommands:\n {2}c\d+ {2}2026-11-20 00:00:01 UTC {2}shell {2}echo ␛\]0;pwned␇ ␛\[2J marker {2}\(exit 3\)\n\nTranscript:/,
    );
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).not.toContain('\x07');
  });

  it('says when a program has no commands', () => {
    const found = JSON.parse(
      runCaptureOnly('search', 'type:exec in:output', '"low disk"', '--json').stdout,
    ) as SearchJson;
    const stray = found.hits.find((h) => h.command === null)!;
    expect(runCaptureOnly('show', stray.program).stdout).toContain('\nCommands: none found\n');
  });
});

describe('sshlens reindex', () => {
  it('rebuilds the commands and prints the counts, as JSON with --json', () => {
    const before = run('search', 'in:commands', 'debian_version', '--json').stdout;
    const r = run('reindex', '--json');
    expect(r.status).toBe(0);
    const counts = JSON.parse(r.stdout) as {
      programs: number;
      commands: number;
      outputs: number;
      marks: number;
      failed: unknown[];
    };
    expect(counts.programs).toBe(4); // the exec (cast, capture and its Logpush record), 2 more Logpush, this test's
    expect(counts.failed).toEqual([]);
    expect(counts.commands).toBeGreaterThanOrEqual(2);
    const after = JSON.parse(run('search', 'in:commands', 'debian_version', '--json').stdout) as SearchJson;
    expect(after.hits.map((h) => h.text)).toEqual((JSON.parse(before) as SearchJson).hits.map((h) => h.text));
    expect(r.stderr).toBe(''); // no progress bar on a pipe
  });

  it('prints a summary line without --json', () => {
    expect(run('reindex').stdout).toMatch(/^reindexed 4 programs: \d+ commands, \d+ outputs, \d+ marks\n$/);
  });
});
