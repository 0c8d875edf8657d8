import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir, truth } from '../helpers/fixtures';
import { readScriptLog } from '../helpers/script-log';

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface SessionJson {
  id: string;
  sessionId: string | null;
  userEmail: string | null;
  targetId: string | null;
  start: string | null;
  programs: Array<{
    id: string;
    programId: string | null;
    type: string;
    start: string | null;
    exitStatus: number | null;
    sources: Array<{ path: string; sha256: string }>;
  }>;
}

let imported: Array<{
  path: string;
  sha256: string;
  format: string;
  status: string;
  sessions: number;
  programs: number;
  error?: string;
}>;
let importStatus: number | null;
let importStderr: string;

beforeAll(() => {
  const r = run(
    'import',
    sample('sample-shell.capture'),
    sample('sample-exec.capture'),
    sample('logpush.ndjson.gz'),
    sample('bad/truncated-mid-block.capture'),
    '--key-file',
    SAMPLE_KEY,
    '--json',
  );
  importStatus = r.status;
  importStderr = r.stderr;
  imported = JSON.parse(r.stdout) as typeof imported;
});
afterAll(() => dir.cleanup());

describe('sshlens import --json', () => {
  it('reports one entry per file with the contract fields, and exit 1 because one was rejected', () => {
    expect(importStatus).toBe(1);
    expect(imported.map((o) => o.status)).toEqual(['imported', 'imported', 'imported', 'rejected']);
    for (const o of imported) {
      expect(Object.keys(o)).toEqual(
        expect.arrayContaining(['path', 'sha256', 'format', 'status', 'sessions', 'programs']),
      );
      expect(o.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(imported[2]).toMatchObject({ format: 'logpush', sessions: 3, programs: 3 });
    expect(imported[3]!.error).toMatch(/truncated-mid-block\.capture: .*block 9.*byte offset \d+/);
  });

  it('prints no progress bar on a pipe', () => {
    expect(importStderr).not.toMatch(/%/);
  });

  it('reports a re-import as duplicate with exit 0', () => {
    const r = run('import', sample('sample-shell.capture'), '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ status: 'duplicate', sessions: 1, programs: 1 }]);
  });
});

describe('sshlens sessions --json', () => {
  it('lists sessions with programs and ISO times', () => {
    const r = run('sessions', '--json');
    expect(r.status).toBe(0);
    const sessions = JSON.parse(r.stdout) as SessionJson[];
    // The two captures are recordings of two of the Logpush file's sessions: one record each.
    expect(sessions).toHaveLength(3);
    for (const s of sessions) {
      expect(s.id).toMatch(/^s\d+$/);
      expect(s.start).toMatch(ISO);
      // Cloudflare's ids keep their published names (cli/published-ids.ts), second after the id.
      expect(Object.keys(s).slice(0, 2)).toEqual(['id', 'sessionId']);
      for (const p of s.programs) {
        expect(p.id).toMatch(/^p\d+$/);
        expect(Object.keys(p).slice(0, 2)).toEqual(['id', 'programId']);
        expect(p.sources.length).toBeGreaterThan(0);
      }
    }
  });

  it('filters by user, type and time', () => {
    const byUser = JSON.parse(run('sessions', '--user', 'kai.tester@example.org', '--json').stdout) as SessionJson[];
    expect(byUser).toHaveLength(2);
    expect(byUser.every((s) => s.userEmail === 'kai.tester@example.org')).toBe(true);
    const exec = JSON.parse(run('sessions', '--type', 'exec', '--json').stdout) as SessionJson[];
    expect(exec).toHaveLength(1);
    expect(exec.every((s) => s.programs.some((p) => p.type === 'exec'))).toBe(true);
    const late = JSON.parse(run('sessions', '--since', '2026-11-21T17:20:50Z', '--json').stdout) as SessionJson[];
    expect(late.map((s) => s.sessionId)).toEqual([truth('sample-editing').logpush.SessionID]);
    const none = JSON.parse(run('sessions', '--until', '2026-01-01', '--json').stdout) as SessionJson[];
    expect(none).toEqual([]);
    const target = JSON.parse(
      run('sessions', '--target', 'cac3331d-322d-4c28-a54e-4506f7f1da8a', '--json').stdout,
    ) as SessionJson[];
    expect(target).toHaveLength(3);
  });

  it('rejects bad filters with exit 2 and a clear message', () => {
    const r = run('sessions', '--type', 'telnet');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--type: "telnet" is not one of/);
    expect(run('sessions', '--since', 'yesterday').stderr).toMatch(/--since: "yesterday" is not a date/);
  });
});

describe('sshlens show', () => {
  const firstProgram = (): string => {
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    const s = sessions.find((x) =>
      x.programs.some((p) => p.sources.some((src) => src.path.endsWith('sample-shell.capture'))),
    )!;
    return s.programs[0]!.id;
  };

  it('prints times in one format in show and sessions: "2026-11-21 17:20:15 UTC"', () => {
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    const s = sessions.find((x) => x.start !== null && x.programs.length > 0)!;
    const expected = `${s.start!.slice(0, 10)} ${s.start!.slice(11, 19)} UTC`;
    const listed = run('sessions')
      .stdout.split('\n')
      .find((l) => l.startsWith(`${s.id} `))!;
    expect(listed).toContain(expected);
    const shown = run('show', s.id).stdout;
    expect(shown).toMatch(new RegExp(`^Start +${expected}$`, 'm'));
    const program = run('show', s.programs[0]!.id).stdout;
    expect(program).toMatch(/^Start +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
    // Every time either prints is in that one format: no ISO "T", no bare "Z".
    for (const text of [run('sessions').stdout, shown, program])
      expect(text).not.toMatch(/\d\d:\d\d:\d\d(\.\d+)?Z|\dT\d\d:/);
  });

  it('--raw writes the exact recorded bytes of each stream', () => {
    const script = readScriptLog(sample('raw/sample-shell.io.log'), sample('raw/sample-shell.timing.log'));
    const id = firstProgram();
    const server = run('show', id, '--raw');
    expect(server.status).toBe(0);
    expect(server.stdoutBytes.equals(script.output)).toBe(true);
    const client = run('show', id, '--raw', '--stream', 'client');
    expect(client.stdoutBytes.equals(script.input)).toBe(true);
  });

  it('--json gives the program with its transcript', () => {
    const r = run('show', firstProgram(), '--json');
    expect(r.status).toBe(0);
    const p = JSON.parse(r.stdout) as { type: string; transcript: string; terminal: { cols: number } };
    expect(p.type).toBe('shell');
    expect(p.terminal.cols).toBe(80);
    for (const snippet of truth('sample-shell').output_snippets) expect(p.transcript).toContain(snippet);
    expect(p.transcript).not.toContain('\x1b');
  });

  it('shows a session and refuses unknown ids', () => {
    const sessions = JSON.parse(run('sessions', '--json').stdout) as SessionJson[];
    const r = run('show', sessions[0]!.id, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ id: sessions[0]!.id });
    expect(run('show', 'p9999').status).toBe(1);
    expect(run('show', 'p9999').stderr).toMatch(/no program p9999/);
    expect(run('show', 'banana').status).toBe(2);
  });
});

describe('sshlens --help', () => {
  it('documents every command and exits 0', () => {
    const r = sshlens(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['import', 'sessions', 'show', 'keys']) expect(r.stdout).toContain(c);
    expect(sshlens(['import', '--help']).stdout).toMatch(/--allow-partial/);
    expect(sshlens(['frobnicate']).status).toBe(2);
  });
});
