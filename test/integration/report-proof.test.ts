import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/main/report/html-escape';
import { proveReport, type UnprovenReport } from '../../src/main/report/report-proof';
import type { ReportModel } from '../../src/main/report/report-model';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

// Finding 9: an edited command in the HTML or JSON body, a changed last hash or a removed source
// entry in the manifest all verified as "all verified"; deleting the last audit entry left "chain
// verifies". A report now proves its facts, and its case proves the report.

const dir = tempDir('sshlens-report-proof-');
const casePath = join(dir.path, 'case.sqlite');
const evidence = join(dir.path, 'evidence');
const out = (name: string): string => join(dir.path, name);
const cli = (...args: string[]): ReturnType<typeof sshlens> => sshlens(['--case', casePath, ...args]);
const SOURCES = ['sample-shell.capture', 'sample-editing.cast', 'logpush.ndjson.gz'];

interface VerifyJson {
  ok: boolean;
  facts: { checked: boolean; problems: string[] };
  page: { checked: boolean; problem: string | null };
  entries: Array<{ path: string; status: string }>;
  case: { written: { seq: number } | null; problems: string[]; differences: string[] } | null;
}
const verify = (...args: string[]): { status: number | null; json: VerifyJson } => {
  const r = sshlens(['verify', ...args, '--json']);
  return { status: r.status, json: JSON.parse(r.stdout) as VerifyJson };
};

let command: string; // a command that is in the report, to edit

beforeAll(() => {
  mkdirSync(evidence);
  for (const name of SOURCES) copyFileSync(sample(name), join(evidence, name));
  expect(cli('import', evidence, '--key-file', SAMPLE_KEY).status).toBe(0);
  for (const name of ['report.json', 'report.html', 'report.pdf']) {
    const r = cli('report', '-o', out(name), '--output-lines', '3');
    expect(r.status, r.stderr).toBe(0);
  }
  const model = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ReportModel;
  // A shell command of plain characters: written the same in the JSON, the page and the facts it carries.
  command = model.sessions
    .flatMap((s) => s.programs.flatMap((p) => p.commands))
    .find((c) => c.kind === 'shell' && /^[a-z][a-z0-9 ./-]{4,}$/.test(c.text))!.text;
});
afterAll(() => dir.cleanup());

describe('a report proves its own facts', () => {
  it('verifies as written: facts, page, sources (several folders, none replacing another) and case', () => {
    const half = join(dir.path, 'half');
    mkdirSync(half);
    copyFileSync(join(evidence, SOURCES[0]!), join(half, SOURCES[0]!));
    const other = join(dir.path, 'other');
    mkdirSync(other);
    for (const name of SOURCES.slice(1)) copyFileSync(join(evidence, name), join(other, name));
    for (const name of ['report.json', 'report.html']) {
      const r = verify(out(name), '--sources', half, '--sources', other, '--case', casePath);
      expect(r.status, JSON.stringify(r.json)).toBe(0);
      expect(r.json.facts).toEqual({ checked: true, problems: [] });
      expect(r.json.entries.map((e) => e.status)).toEqual(['verified', 'verified', 'verified']);
      expect(r.json.case!.written).not.toBeNull();
    }
    expect(verify(out('report.html')).json.page).toEqual({ checked: true, problem: null });
  });

  it('names the part when a command is edited in the JSON body, and the case says what it was', () => {
    const edited = readFileSync(out('report.json'), 'utf8').replace(
      JSON.stringify(command),
      JSON.stringify('rm -rf /'),
    );
    writeFileSync(out('edited.json'), edited);
    const r = verify(out('edited.json'), '--case', casePath);
    expect(r.status).toBe(1);
    expect(r.json.facts.problems).toEqual([
      expect.stringMatching(/^session s\d+ was changed after sshlens wrote the report$/),
    ]);
    expect(r.json.case!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no entry of the case's audit log records writing a report with this SHA-256/),
      ]),
    );
    expect(r.json.case!.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `commands\\[c\\d+\\]\\.text: the report says "rm -rf /", the case says ${escape(JSON.stringify(command).slice(0, 20))}`,
          ),
        ),
      ]),
    );
    const text = sshlens(['verify', out('edited.json')]).stdout;
    expect(text).toMatch(/facts: NOT VERIFIED: session s\d+ was changed/);
    expect(text).toMatch(/NOT VERIFIED$/m);
  });

  it('sees an edit of the visible HTML alone, and of the facts it carries', () => {
    const html = readFileSync(out('report.html'), 'utf8');
    const shown = escapeHtml(command);
    // The visible command table only: the facts still prove themselves, the page does not match them.
    const at = html.indexOf(`<pre>${shown}</pre>`);
    expect(at).toBeGreaterThan(0);
    writeFileSync(out('page.html'), `${html.slice(0, at)}<pre>rm -rf /</pre>${html.slice(at + shown.length + 11)}`);
    const page = verify(out('page.html'));
    expect(page.status).toBe(1);
    expect(page.json.facts.problems).toEqual([]);
    expect(page.json.page.problem).toMatch(
      /^the page differs from the facts it carries, in session s\d+ .*: the visible report was edited$/,
    );
    // Everywhere the text is: in the page and in the facts.
    writeFileSync(out('both.html'), html.split(shown).join('rm -rf /'));
    const both = verify(out('both.html'));
    expect(both.status).toBe(1);
    expect(both.json.facts.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^session s\d+ was changed/)]),
    );
  });

  it("sees a changed time: a command's, a program's start, and in the page", () => {
    const model = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ReportModel;
    const program = model.sessions.flatMap((s) => s.programs).find((p) => p.commands.some((c) => c.time !== null))!;
    const moved = structuredClone(model);
    const target = moved.sessions.flatMap((s) => s.programs).find((p) => p.id === program.id)!;
    const cmd = target.commands.find((c) => c.time !== null)!;
    cmd.time = '2020-01-01T00:00:00.000Z';
    writeFileSync(out('time.json'), JSON.stringify(moved, null, 2));
    const r = verify(out('time.json'), '--case', casePath);
    expect(r.status).toBe(1);
    expect(r.json.facts.problems).toEqual([
      expect.stringMatching(/^session s\d+ was changed after sshlens wrote the report$/),
    ]);
    expect(r.json.case!.differences).toEqual(
      expect.arrayContaining([expect.stringMatching(/time: the report says "2020-01-01T00:00:00\.000Z"/)]),
    );
    const start = structuredClone(model);
    start.sessions.flatMap((s) => s.programs).find((p) => p.id === program.id)!.start = '2020-01-01T00:00:00.000Z';
    writeFileSync(out('start.json'), JSON.stringify(start, null, 2));
    expect(verify(out('start.json')).json.facts.problems).toEqual([
      expect.stringMatching(/^session s\d+ was changed after sshlens wrote the report$/),
    ]);
    // In the visible page alone: the time as the command table shows it.
    const html = readFileSync(out('report.html'), 'utf8');
    const shown = program.commands
      .find((c) => c.time !== null)!
      .time!.replace('T', ' ')
      .replace('Z', '');
    expect(html).toContain(shown);
    writeFileSync(out('time.html'), html.replace(shown, '2020-01-01 00:00:00.000'));
    const page = verify(out('time.html'));
    expect(page.status).toBe(1);
    expect(page.json.page.problem).toMatch(/the visible report was edited$/);
  });

  it('sees a changed last hash and a removed manifest entry', () => {
    const model = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ReportModel;
    const hash = structuredClone(model);
    hash.manifest.audit.lastHash = 'f'.repeat(64);
    writeFileSync(out('hash.json'), JSON.stringify(hash, null, 2));
    expect(verify(out('hash.json')).json.facts.problems).toEqual([
      'the manifest (the source files and the audit log) was changed after sshlens wrote the report',
    ]);
    const removed = structuredClone(model);
    const gone = removed.manifest.sources.pop()!;
    writeFileSync(out('removed.json'), JSON.stringify(removed, null, 2));
    const r = verify(out('removed.json'), '--case', casePath);
    expect(r.status).toBe(1);
    expect(r.json.facts.problems).toEqual([
      'the manifest (the source files and the audit log) was changed after sshlens wrote the report',
    ]);
    expect(r.json.case!.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^manifest\\.sources\\[${gone.sha256}\\]: in the case, not in the report`)),
      ]),
    );
  });

  it('is not fooled by a report rewritten with new digests: its case never recorded it', () => {
    const model = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ReportModel;
    const { proof: _proof, ...facts } = model;
    const forged = JSON.parse(JSON.stringify(facts).split(JSON.stringify(command)).join('"true"')) as UnprovenReport;
    writeFileSync(out('forged.json'), JSON.stringify({ ...forged, proof: proveReport(forged) }, null, 2));
    expect(verify(out('forged.json')).json.facts.problems).toEqual([]); // self-consistent...
    const r = verify(out('forged.json'), '--case', casePath);
    expect(r.status).toBe(1); // ...but not what sshlens wrote from this case
    expect(r.json.case!.written).toBeNull();
  });

  it('verifies a PDF against its case (the bytes the case recorded), and refuses to guess without one', () => {
    expect(verify(out('report.pdf'), '--case', casePath).status).toBe(0);
    const bytes = readFileSync(out('report.pdf'));
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 1;
    writeFileSync(out('altered.pdf'), bytes);
    expect(verify(out('altered.pdf'), '--case', casePath).status).toBe(1);
    const bare = sshlens(['verify', out('report.pdf')]);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('a PDF report carries no facts of its own: verify it against its case (--case CASE)');
  });
});

describe('a report holds its case to the audit head it states', () => {
  /** A copy of the case with its audit log's protective triggers dropped, as someone covering tracks would. */
  function editableCopy(name: string): string {
    const copy = out(name);
    copyFileSync(casePath, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
    raw.close();
    return copy;
  }

  it('sees the report entry deleted from the end of the log, where the chain alone still verifies', () => {
    const copy = editableCopy('deleted-last.sqlite');
    const raw = new Database(copy);
    raw.exec('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
    raw.close();
    expect(sshlens(['--case', copy, 'audit']).status).toBe(0); // the chain itself cannot tell
    const r = sshlens(['--case', copy, 'audit', '--report', out('report.pdf')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no entry of the case's audit log records writing a report with this SHA-256/);
  });

  it('sees entries removed up to the head the report states', () => {
    const model = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ReportModel;
    const head = model.manifest.audit.lastSeq!;
    const copy = editableCopy('deleted-head.sqlite');
    const raw = new Database(copy);
    raw.prepare('DELETE FROM audit_log WHERE seq >= ?').run(head);
    raw.close();
    expect(sshlens(['--case', copy, 'audit']).status).toBe(0);
    const r = verify(out('report.json'), '--case', copy);
    expect(r.status).toBe(1);
    expect(r.json.case!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `no longer holds entry ${head}, the head the report states .* entries were removed since the report`,
          ),
        ),
      ]),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
