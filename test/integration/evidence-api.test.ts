// The evidence calls of the UI's API (case fields, notes, audit log, reports) through the real
// `sshlens serve`, on a case imported by the real CLI from a real recording.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/api';
import type { NoteView, AuditView, CaseFieldsView, ReportWritten } from '../../src/shared/views';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

const RECORDING = join(process.cwd(), 'test', 'fixtures', 'recordings', 'secrets.cast');

describe('evidence over the API', () => {
  const dir = tempDir('sshlens-evidence-api-');
  const casePath = join(dir.path, 'case.sqlite');
  const env = { SSHLENS_HOME: dir.path };
  let ui: ServedUi;
  let cookie: string;
  /** Every write names the case it is meant for (issue 10). */
  const guard = { expectedCase: casePath };

  async function call<T>(channel: string, ...args: unknown[]): Promise<Result<T>> {
    const r = await fetch(`${ui.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(args),
    });
    return (await r.json()) as Result<T>;
  }
  async function ok<T>(channel: string, ...args: unknown[]): Promise<T> {
    const r = await call<T>(channel, ...args);
    if (!r.ok) throw new Error(`${channel}: ${r.error}`);
    return r.value;
  }

  beforeAll(async () => {
    expect(sshlens(['--case', casePath, 'import', RECORDING], env).status).toBe(0);
    ui = await startServe(casePath, env);
    cookie = `sshlens_token=${new URL(ui.startUrl).searchParams.get('token')!}`;
  });
  afterAll(async () => {
    await ui.stop();
    dir.cleanup();
  });

  it('sets the case fields (an empty one clears it) and audits the change', async () => {
    await ok<CaseFieldsView>('sshlens:case:setFields', guard, {
      caseNumber: 'IR-7',
      title: 'Build hosts',
      investigatorName: 'Dana',
    });
    const fields = await ok<CaseFieldsView>('sshlens:case:setFields', guard, { title: '' });
    expect(fields).toEqual({
      caseNumber: 'IR-7',
      title: null,
      description: null,
      investigatorName: 'Dana',
      investigatorOrganisation: null,
    });
    expect(await ok<CaseFieldsView>('sshlens:case:fields')).toEqual(fields);
    const audit = await ok<AuditView>('sshlens:audit:list');
    expect(audit.verified).toBe(true);
    expect(audit.entries.map((e) => e.action)).toEqual(['import', 'case-fields', 'case-fields']);
  });

  it('adds, lists, edits and deletes notes on a session, a command and a range; every write is audited', async () => {
    const commands = JSON.parse(sshlens(['--case', casePath, 'show', 'p1', '--json'], env).stdout) as {
      commands: Array<{ id: string; text: string }>;
    };
    const whoami = commands.commands.find((c) => c.text === 'whoami')!;
    const onSession = await ok<NoteView>('sshlens:notes:add', guard, {
      target: { kind: 'session', session: 's1' },
      note: 'first look',
      tags: ['Triage'],
      starred: false,
    });
    const onCommand = await ok<NoteView>('sshlens:notes:add', guard, {
      target: { kind: 'command', command: whoami.id },
      note: '<b>who</b>',
      tags: ['recon'],
      starred: true,
    });
    const onRange = await ok<NoteView>('sshlens:notes:add', guard, {
      target: { kind: 'range', program: 'p1', atUs: 1_000_000, endUs: 5_000_000 },
      note: '',
      tags: ['recon'],
      starred: false,
    });
    expect(onSession).toMatchObject({ kind: 'session', session: 's1', tags: ['triage'] });
    expect(onCommand).toMatchObject({
      kind: 'command',
      command: whoami.id,
      commandText: 'whoami',
      note: '<b>who</b>',
      starred: true,
    });
    expect(onCommand.atUs).toBeGreaterThan(0);
    expect(onRange).toMatchObject({ kind: 'range', program: 'p1', atUs: 1_000_000, endUs: 5_000_000 });

    expect((await ok<NoteView[]>('sshlens:notes:list', { tag: 'recon' })).map((a) => a.id).sort()).toEqual(
      [onCommand.id, onRange.id].sort(),
    );
    expect((await ok<NoteView[]>('sshlens:notes:list', { starred: true })).map((a) => a.id)).toEqual([onCommand.id]);
    const edited = await ok<NoteView>('sshlens:notes:edit', guard, {
      id: onSession.id,
      note: 'second look',
      addTags: ['lateral-movement'],
      removeTags: ['triage'],
    });
    expect(edited).toMatchObject({ note: 'second look', tags: ['lateral-movement'] });
    await ok('sshlens:notes:delete', guard, onRange.id);
    expect((await ok<NoteView[]>('sshlens:notes:list', { session: 's1' })).map((a) => a.id).sort()).toEqual(
      [onSession.id, onCommand.id].sort(),
    );

    const audit = await ok<AuditView>('sshlens:audit:list');
    expect(audit.verified).toBe(true);
    expect(audit.entries.slice(-5).map((e) => e.action)).toEqual([
      'note-added',
      'note-added',
      'note-added',
      'note-edited',
      'note-deleted',
    ]);
  });

  it('refuses notes on what does not exist, and malformed targets', async () => {
    expect(
      await call('sshlens:notes:add', guard, {
        target: { kind: 'session', session: 's99' },
        note: 'x',
        tags: [],
        starred: false,
      }),
    ).toMatchObject({ ok: false, code: 'note', error: expect.stringMatching(/no session s99/) });
    expect(
      await call('sshlens:notes:add', guard, {
        target: { kind: 'range', program: 'p1', atUs: 5 },
        note: 'x',
        tags: [],
        starred: false,
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/endUs/) });
    expect(
      await call('sshlens:notes:add', guard, {
        target: { kind: 'file', path: '/etc/passwd' },
        note: 'x',
        tags: [],
        starred: false,
      }),
    ).toMatchObject({ ok: false, code: 'bad-arguments', error: expect.stringMatching(/one of/) });
  });

  it('writes a report, records its SHA-256 in the audit log, and refuses to overwrite it without force', async () => {
    const path = join(dir.path, 'report.json');
    const written = await ok<ReportWritten>('sshlens:report:write', guard, {
      path,
      sessions: [],
      tags: ['lateral-movement'],
      transcript: false,
      outputLines: 0,
      force: false,
    });
    expect(written).toMatchObject({ path, format: 'json', sessions: ['s1'] });
    expect(written.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    const report = JSON.parse(readFileSync(path, 'utf8')) as {
      case: CaseFieldsView;
      sessions: Array<{ annotations: Array<{ note: string }> }>;
    };
    expect(report.case.caseNumber).toBe('IR-7');
    expect(report.sessions[0]!.annotations.map((a) => a.note).sort()).toEqual(['<b>who</b>', 'second look']);
    const audit = await ok<AuditView>('sshlens:audit:list');
    expect(audit.entries.at(-1)).toMatchObject({ action: 'report', details: { sha256: written.sha256 } });
    expect(
      await call('sshlens:report:write', guard, {
        path,
        sessions: [],
        tags: [],
        transcript: false,
        outputLines: 0,
        force: false,
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/exists/) });
    expect(
      await call('sshlens:report:write', guard, {
        path: casePath.replace(/\.sqlite$/, '.sqlite'),
        sessions: [],
        tags: [],
        transcript: false,
        outputLines: 0,
        force: true,
      }),
    ).toMatchObject({ ok: false });
    expect(existsSync(casePath)).toBe(true);
  });

  it('refuses a write that names another case than the one open, and writes nothing (issue 10)', async () => {
    const other = join(dir.path, 'other-case.sqlite');
    const before = await ok<AuditView>('sshlens:audit:list');
    const notes = await ok<NoteView[]>('sshlens:notes:list', {});
    const wrong = { expectedCase: other };
    const wrongReport = { path: join(dir.path, 'written-to-the-wrong-case.html'), force: false };
    for (const [channel, ...args] of [
      ['sshlens:case:setFields', wrong, { title: 'written to the wrong case' }],
      ['sshlens:notes:add', wrong, { target: { kind: 'session', session: 's1' }, note: 'x', tags: [], starred: false }],
      ['sshlens:jobs:import', wrong, { paths: [RECORDING], allowPartial: false }],
      ['sshlens:jobs:reindex', wrong],
      ['sshlens:notes:edit', wrong, { id: 'n1', note: 'edited in the wrong case' }],
      ['sshlens:notes:delete', wrong, 'n1'],
      ['sshlens:report:write', wrong, { ...wrongReport, sessions: [], tags: [], transcript: false, outputLines: 0 }],
      ['sshlens:sessions:join', wrong, { keep: 's1', merge: 'p1' }],
      ['sshlens:sources:split', wrong, { program: 'p1', source: RECORDING }],
    ] as const) {
      const r = await call(channel, ...args);
      expect(r).toMatchObject({
        ok: false,
        code: 'wrong-case',
        error: expect.stringContaining(`shows the case other-case (${other})`),
      });
      expect(r.ok ? '' : r.error).toContain(`${casePath}) is open now; nothing was written`);
    }
    expect(await call('sshlens:case:setFields', {}, { title: 'x' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expectedCase must be text/),
    });
    expect((await ok<AuditView>('sshlens:audit:list')).entries).toHaveLength(before.entries.length);
    expect(await ok<NoteView[]>('sshlens:notes:list', {})).toEqual(notes);
    expect((await ok<CaseFieldsView>('sshlens:case:fields')).title).not.toBe('written to the wrong case');
    expect(existsSync(wrongReport.path)).toBe(false);
  });

  describe('writes only where the investigator chose (finding 11)', () => {
    const report = (path: string, force: boolean) =>
      call('sshlens:report:write', guard, { path, sessions: [], tags: [], transcript: false, outputLines: 0, force });

    it('refuses a report or a new case outside the folders serve was given', async () => {
      const elsewhere = tempDir('sshlens-elsewhere-');
      try {
        expect(await report(join(elsewhere.path, 'r.html'), false)).toMatchObject({
          ok: false,
          error: expect.stringMatching(/sshlens serve writes reports only under .* \(start it with --write-dir DIR/),
        });
        expect(existsSync(join(elsewhere.path, 'r.html'))).toBe(false);
        expect(await call('sshlens:case:create', join(elsewhere.path, 'new-case'))).toMatchObject({
          ok: false,
          error: expect.stringMatching(/writes new cases only under/),
        });
        expect(existsSync(join(elsewhere.path, 'new-case.sqlite'))).toBe(false);
      } finally {
        elsewhere.cleanup();
      }
    });

    it('replaces a report this case wrote, never another file, even when asked to', async () => {
      const mine = join(dir.path, 'notes.html');
      writeFileSync(mine, '<p>my own notes</p>');
      expect(await report(mine, true)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/notes\.html exists and is not a report this case wrote/),
      });
      expect(readFileSync(mine, 'utf8')).toBe('<p>my own notes</p>');
      // report.json was written by this case above: replacing it is allowed.
      const again = await report(join(dir.path, 'report.json'), true);
      expect(again.ok).toBe(true);
      // Once edited, it is no longer the report this case wrote.
      writeFileSync(join(dir.path, 'report.json'), '{"edited": true}');
      expect(await report(join(dir.path, 'report.json'), true)).toMatchObject({ ok: false });
    });
  });
});
