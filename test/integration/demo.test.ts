import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCase } from '../../src/main/demo/build-demo';
import { KeyVault } from '../../src/main/vault/key-vault';
import { sshlens } from '../helpers/cli';
import { SAMPLE_KEY, sample, SAMPLES, tempDir } from '../helpers/fixtures';

// Expectations come from the shipped fixtures: the recordings, their truth files, the Logpush sample.
const RECORDINGS = join(SAMPLES, '..', 'recordings');
const names = readdirSync(RECORDINGS)
  .filter((f) => f.endsWith('.cast'))
  .map((f) => f.replace(/\.cast$/, ''))
  .sort();

interface RecordingTruth {
  width: number;
  height: number;
  commands: Array<{ text: string }>;
  program_inputs?: Array<{ program: string; text: string }>;
  secrets: string[];
}
const truthOf = (name: string): RecordingTruth =>
  JSON.parse(readFileSync(join(RECORDINGS, `${name}.truth.json`), 'utf8')) as RecordingTruth;

const sessionIdsOf = (path: string): Set<string> =>
  new Set(
    gunzipSync(readFileSync(path))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { SessionID: string }).SessionID),
  );
const logpushSessions = sessionIdsOf(sample('logpush.ndjson.gz'));

interface DemoJson {
  casePath: string;
  workDir: string;
  sessions: number;
  commands: number;
  demoKeyFingerprint: string;
  files: string[];
  outcomes: Array<{ path: string; format: string; status: string; keyFingerprint?: string }>;
}
interface SessionJson {
  id: string;
  sessionId: string | null;
  userEmail: string | null;
  start: string;
  programs: Array<{ id: string; sources: Array<{ path: string }> }>;
}
interface ProgramJson {
  terminal: { cols: number; rows: number } | null;
  exitStatus: number | null;
  commands: Array<{ text: string; kind: string }>;
}

// A keychain service of its own, holding one key of the "user": the demo must add none.
const service = `sshlens-test-${randomBytes(6).toString('hex')}`;
const dir = tempDir();
const env = { SSHLENS_KEYCHAIN_SERVICE: service, SSHLENS_HOME: join(dir.path, 'home'), SSHLENS_CASE: '' };
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(args, env);
const json = <T>(...args: string[]): T => JSON.parse(run('--case', casePath, ...args, '--json').stdout) as T;
const keyIds = (): string[] =>
  (JSON.parse(run('keys', 'list', '--json').stdout) as Array<{ id: string }>).map((k) => k.id);

let keysBefore: string[];
let demo: DemoJson;
let sessions: SessionJson[];

/** The session built from recording `name`: the one whose source is its sealed capture. */
const sessionOf = (name: string): SessionJson | undefined =>
  sessions.find((s) =>
    s.programs.some((p) => p.sources.some((src) => src.path === join(demo.workDir, `${name}.capture`))),
  );

beforeAll(() => {
  expect(run('keys', 'import', SAMPLE_KEY, '--label', 'the user key').status).toBe(0);
  keysBefore = keyIds();
  const r = run('demo', '--case', casePath, '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  demo = JSON.parse(r.stdout) as DemoJson;
  sessions = json<SessionJson[]>('sessions');
});
afterAll(async () => {
  const vault = new KeyVault(service);
  for (const k of await vault.list()) await vault.delete(k.id);
  dir.cleanup();
});

describe('sshlens demo', () => {
  it('makes every shipped recording one session, named by its Logpush records, and joins every form of the samples', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(sessionOf(name), name).toBeDefined();
    expect(new Set(names.map((n) => sessionOf(n)!.id)).size).toBe(names.length);
    // One session per real session: the sealed capture and its Logpush records are one, and so
    // are the samples' capture, cast, ZIP and Logpush record.
    expect(sessions).toHaveLength(names.length + logpushSessions.size);
    const demoLogpush = sessionIdsOf(join(demo.workDir, 'demo-logpush.ndjson.gz'));
    expect(demoLogpush.size).toBe(names.length);
    expect(
      sessions
        .filter((s) => s.sessionId !== null)
        .map((s) => s.sessionId)
        .sort(),
    ).toEqual([...logpushSessions, ...demoLogpush].sort());
    for (const s of sessions) expect(s.userEmail, s.id).toBeTruthy();
    for (const name of names) {
      const sources = sessionOf(name)!.programs[0]!.sources.map((x) => x.path);
      expect(sources, name).toEqual([
        join(demo.workDir, `${name}.capture`),
        join(demo.workDir, 'demo-logpush.ndjson.gz'),
      ]);
    }
    expect(demo.sessions).toBe(sessions.length);
    expect(demo.outcomes.every((o) => o.status === 'imported')).toBe(true);
  });

  it('finds in each recording session exactly the commands bash recorded', () => {
    for (const name of names) {
      const truth = truthOf(name);
      const program = json<ProgramJson>('show', sessionOf(name)!.programs[0]!.id);
      expect(
        program.commands.filter((c) => c.kind !== 'program-input').map((c) => c.text),
        name,
      ).toEqual(truth.commands.map((c) => c.text));
      expect(
        program.commands.filter((c) => c.kind === 'program-input').map((c) => c.text),
        name,
      ).toEqual((truth.program_inputs ?? []).map((p) => p.text));
      expect(program.terminal, name).toMatchObject({ cols: truth.width, rows: truth.height });
      expect(program.exitStatus, name).toBe(0);
    }
  });

  it('gives the recording sessions distinct start times over the last days, in the past', () => {
    const starts = names.map((n) => Date.parse(sessionOf(n)!.start));
    expect(new Set(starts).size).toBe(names.length);
    for (const t of starts) {
      expect(t).toBeLessThan(Date.now());
      expect(t).toBeGreaterThan(Date.now() - 8 * 86_400_000);
    }
  });

  it('writes real encrypted captures: no command, prompt or secret in clear, and only the demo key opens them', () => {
    for (const name of names) {
      const path = join(demo.workDir, `${name}.capture`);
      const bytes = readFileSync(path);
      const truth = truthOf(name);
      // Longer texts only: a short string could turn up in random ciphertext by chance.
      const clear = [...truth.commands.map((c) => c.text), ...truth.secrets, 'rec-box'].filter(
        (t) => Buffer.byteLength(t) >= 6,
      );
      for (const text of clear) expect(bytes.includes(Buffer.from(text)), `${name}: ${text}`).toBe(false);
      // The metadata header holds only the fields of the format, the terminal of the recording.
      const meta = JSON.parse(
        Buffer.from(bytes.subarray(4, 4 + bytes.readUInt32BE(0)).toString('latin1'), 'base64').toString('utf8'),
      ) as Record<string, unknown>;
      expect(Object.keys(meta).sort()).toEqual(['data_size', 'encapsulated_key', 'exit_data', 'pty', 'started_at']);
      expect(meta['pty']).toMatchObject({ width: truth.width, height: truth.height });
      expect(demo.outcomes.find((o) => o.path === path)).toMatchObject({
        format: 'capture',
        keyFingerprint: demo.demoKeyFingerprint,
      });
    }
    const other = join(dir.path, 'other.sqlite');
    const wrongKey = sshlens(
      ['--case', other, 'import', join(demo.workDir, `${names[0]}.capture`), '--key-file', SAMPLE_KEY],
      env,
    );
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/rejected .*cannot decrypt/);
  });

  it('stores no key in the keychain', () => {
    expect(keyIds()).toEqual(keysBefore);
    expect(keysBefore).not.toContain(demo.demoKeyFingerprint);
  });

  it('refuses to fill the case again, and leaves it as it was', () => {
    const r = run('demo', '--case', casePath);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`already holds ${sessions.length} sessions.*demo --force`));
    expect(json<SessionJson[]>('sessions')).toHaveLength(sessions.length);
  });

  it('builds it again from scratch with --force, with a new demo key, and its hints work', () => {
    const r = run('--case', casePath, 'demo', '--force');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(demo.demoKeyFingerprint);
    expect(json<SessionJson[]>('sessions')).toHaveLength(sessions.length);
    expect(keyIds()).toEqual(keysBefore);

    const hints = r.stdout
      .split('\n')
      .map((l) => /^\s+(?:npx )?sshlens --case (\S+) (.+)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ path: m[1]!, args: m[2]!.split(' ') }));
    expect(hints.map((h) => h.args[0])).toEqual(expect.arrayContaining(['sessions', 'show', 'search', 'serve']));
    for (const h of hints.filter((x) => x.args[0] !== 'serve')) {
      expect(h.path).toBe(casePath);
      const out = run('--case', casePath, ...h.args, '--json');
      expect(out.status, h.args.join(' ')).toBe(0);
      const value = JSON.parse(out.stdout) as unknown;
      if (h.args[0] === 'search') expect((value as { total: number }).total, h.args.join(' ')).toBeGreaterThan(0);
      if (h.args[0] === 'sessions') expect((value as unknown[]).length, h.args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('with --force, never deletes a file that is not a case', () => {
    const notes = join(dir.path, 'notes.txt');
    writeFileSync(notes, 'my notes');
    const r = run('--case', notes, 'demo', '--force');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not an sshlens case; it was left alone/);
    expect(readFileSync(notes, 'utf8')).toBe('my notes');
  });

  it('with --force, never deletes the case $SSHLENS_CASE points to unless it is a demo case or named with --case', () => {
    const r = sshlens(['demo', '--force'], { ...env, SSHLENS_CASE: casePath });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a demo case/);
    expect(json<SessionJson[]>('sessions')).toHaveLength(sessions.length);
  });

  it('fills the "demo" case in the user-data folder when no case is named', () => {
    const r = run('demo');
    expect(r.status).toBe(0);
    expect(existsSync(join(env.SSHLENS_HOME, 'cases', 'demo.sqlite'))).toBe(true);
    expect(readdirSync(join(env.SSHLENS_HOME, 'cases', 'demo-files')).sort()).toEqual(
      [...names.map((n) => `${n}.capture`), 'demo-logpush.ndjson.gz'].sort(),
    );
    expect(existsSync(join(env.SSHLENS_HOME, 'cases', 'default.sqlite'))).toBe(false);
  });

  it('leaves no case behind when it is cancelled, so it can simply run again', async () => {
    const fresh = join(dir.path, 'cancelled.sqlite');
    const cancel = new AbortController();
    const steps: number[] = [];
    const building = buildDemoCase({
      casePath: fresh,
      workDir: join(dir.path, 'cancelled-files'),
      signal: cancel.signal,
      onProgress: (p) => {
        steps.push(p.done);
        if (p.done === names.length + 2) cancel.abort(); // while the demo captures are being imported
      },
    });
    await expect(building).rejects.toThrow(/abort/i);
    expect(steps.at(-1)).toBe(names.length + 2);
    expect(existsSync(fresh)).toBe(false);
  });
});
