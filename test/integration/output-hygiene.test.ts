import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlGlyph, escapeJsonControls, isHiddenChar, safeJson, showControls } from '../../src/shared/control-chars';
import { escapeHtml } from '../../src/main/report/html-escape';
import { sshlens } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

// Finding 11 (output hygiene): a recording names a file "cat ‮txt.exe" (U+202E, right-to-left
// override: Trojan Source) and prints a C1 CSI (U+009B) and an ESC; the CLI's human output, its
// JSON, the HTML report and the renderer's helpers must all show them by the one policy.
const RLO = '\u202e';
const CSI = '\u009b';
const COMMAND = `cat ${RLO}txt.exe`;
const HIDDEN = [RLO, CSI, '\u2066', '\u200f', '\x1b', '\x07', '\x7f'];

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);

beforeAll(() => {
  const cast = join(dir.path, `evil${RLO}gpj.cast`);
  const lines = [
    { version: 2, width: 80, height: 24, timestamp: 1795281616, command: COMMAND, env: { TERM: 'xterm' } },
    [0.1, 'o', `${CSI}31mred${CSI}0m and ${RLO}dlrow\x1b]0;title\x07\r\n`],
    [0.2, 'x', '0'],
  ];
  writeFileSync(cast, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const logpush = join(dir.path, 'logpush.ndjson');
  writeFileSync(
    logpush,
    JSON.stringify({
      SessionID: 'a1',
      ProgramID: 'b1',
      ProgramType: 'exec',
      SessionStartDatetime: '2026-11-21T17:20:16Z',
      ProgramStartDatetime: '2026-11-21T17:20:16Z',
      UserEmail: `mallory${RLO}moc.evil@example.org`,
      TargetID: `t${CSI}1`,
    }) + '\n',
  );
  const r = run('import', cast, logpush);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => dir.cleanup());

function expectNoHiddenChars(text: string): void {
  for (const c of HIDDEN) expect(text, `U+${c.charCodeAt(0).toString(16)} printed raw`).not.toContain(c);
}

describe('the shared control-character policy', () => {
  it('hides C0, DEL, C1 and every bidi control, and nothing else', () => {
    for (const c of [0x00, 0x1b, 0x7f, 0x85, 0x9b, 0x61c, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069])
      expect(isHiddenChar(c), c.toString(16)).toBe(true);
    for (const c of [0x20, 0x41, 0xa0, 0xe9, 0x200b, 0x2070, 0x4e2d])
      expect(isHiddenChar(c), c.toString(16)).toBe(false);
  });

  it('shows each as a stand-in, keeping newlines and tabs only in multi-line text', () => {
    expect(showControls(`a\x1b[1m${RLO}b${CSI}\x7f`)).toBe('a␛[1m<U+202E>b<U+009B>␡');
    expect(showControls('a\n\tb')).toBe('a␊␉b');
    expect(showControls('a\n\tb', { lines: true })).toBe('a\n\tb');
    expect(controlGlyph(0x1b)).toBe('␛');
    expect(controlGlyph(0x202e)).toBe('\uFFFD');
  });

  it('escapes in JSON what JSON.stringify leaves raw, and reads back the same value', () => {
    const value = { text: `x${CSI}y${RLO}z\u2028\x7f\x1b` };
    const json = safeJson(value);
    expectNoHiddenChars(json);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)).toEqual(value);
    expect(escapeJsonControls('"plain"')).toBe('"plain"');
  });

  it('is what the report escapes by', () => {
    expect(escapeHtml(`<b>${RLO}</b>\x1b`)).toBe('&lt;b&gt;&lt;U+202E&gt;&lt;/b&gt;␛');
  });
});

describe('the CLI', () => {
  it('makes hidden characters visible in its tables and lines', () => {
    const sessions = run('sessions');
    expect(sessions.status).toBe(0);
    expectNoHiddenChars(sessions.stdout);
    expect(sessions.stdout).toContain('mallory<U+202E>moc.evil@example.org');
    const cast = JSON.parse(run('sessions', '--json').stdout) as Array<{ programs: Array<{ id: string }> }>;
    const program = cast.find((s) => s.programs.length > 0 && s.programs[0]!.id)!.programs[0]!.id;
    const show = run('show', program);
    expectNoHiddenChars(show.stdout);
    const imported = run('import', join(dir.path, 'logpush.ndjson'));
    expectNoHiddenChars(imported.stdout);
    const search = run('search', 'txt.exe');
    expect(search.status).toBe(0);
    expectNoHiddenChars(search.stdout);
    expect(search.stdout).toContain('cat <U+202E>«txt.exe»');
  });

  it('escapes them in --json, and the text reads back exactly', () => {
    for (const args of [
      ['sessions', '--json'],
      ['search', '--json', 'txt.exe'],
      ['audit', '--json'],
    ]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expectNoHiddenChars(r.stdout);
    }
    const sessions = run('sessions', '--json').stdout;
    expect(sessions).toContain('mallory\\u202emoc.evil@example.org');
    expect(sessions).toContain('t\\u009b1');
    const parsed = JSON.parse(sessions) as Array<{ userEmail: string | null; targetId: string | null }>;
    expect(parsed.map((s) => s.userEmail)).toContain(`mallory${RLO}moc.evil@example.org`);
    expect(parsed.map((s) => s.targetId)).toContain(`t${CSI}1`);
    const hits = JSON.parse(run('search', '--json', 'txt.exe').stdout) as { hits: Array<{ text: string }> };
    expect(hits.hits.map((h) => h.text)).toContain(COMMAND);
  });

  it('writes an HTML report with no hidden character anywhere in it', () => {
    const out = join(dir.path, 'report.html');
    const r = run('report', '-o', out, '--output-lines', '5');
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expectNoHiddenChars(html);
    expect(html).toContain('cat &lt;U+202E&gt;txt.exe');
  });
});
