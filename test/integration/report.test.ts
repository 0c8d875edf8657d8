import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { sshlens } from '../helpers/cli';
import { CHROMIUM, SCREENSHOTS } from '../helpers/browser';
import { SAMPLES, tempDir } from '../helpers/fixtures';

const RECORDINGS = join(SAMPLES, '..', 'recordings');
const dir = tempDir('sshlens-report-');
const evidence = join(dir.path, 'evidence');
const casePath = join(dir.path, 'case.sqlite');
const out = (name: string): string => join(dir.path, name);
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const cli = (args: string[]): ReturnType<typeof sshlens> => sshlens(['--case', casePath, ...args]);

const HOSTILE_COMMAND = "echo '<script>alert(1)</script></style><!--'";
const HOSTILE_OUTPUT = '<img src=x onerror=alert(1)>';

/** A tiny asciicast whose typed command and output try to break out of an HTML report. */
function hostileCast(): string {
  const events: Array<[number, 'o' | 'i', string]> = [[0.01, 'o', '\x1b[1;36m[root@box ~]\x1b[0m# ']];
  let t = 1;
  for (const ch of HOSTILE_COMMAND) {
    events.push([(t += 0.05), 'i', ch], [(t += 0.001), 'o', ch]);
  }
  events.push(
    [(t += 0.2), 'i', '\r'],
    [(t += 0.01), 'o', `\r\n\x1b[31m${HOSTILE_OUTPUT}\x1b[0m <!-- </style>\r\n\x1b[1;36m[root@box ~]\x1b[0m# `],
  );
  const header = {
    version: 2,
    width: 100,
    height: 30,
    timestamp: 1795284000,
    env: { SHELL: '/bin/bash', TERM: 'xterm-256color' },
  };
  return [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

/** The subset of JSON Schema 2020-12 that docs/report.schema.json uses: type, const, enum, pattern, required, properties, items, $ref. */
type Schema = { [k: string]: unknown };
function validate(schema: Schema, value: unknown, root: Schema, at = '$'): string[] {
  if (typeof schema['$ref'] === 'string')
    return validate(
      (root['$defs'] as Record<string, Schema>)[schema['$ref'].replace('#/$defs/', '')]!,
      value,
      root,
      at,
    );
  const errors: string[] = [];
  const typeOf = (v: unknown): string =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  if (schema['type'] !== undefined) {
    const types = ([] as string[]).concat(schema['type'] as string | string[]);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      return [`${at}: ${t} is not ${types.join('|')}`];
  }
  if ('const' in schema && value !== schema['const']) errors.push(`${at}: not ${String(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value))
    errors.push(`${at}: not one of ${schema['enum'].join(',')}`);
  if (typeof schema['pattern'] === 'string' && typeof value === 'string' && !new RegExp(schema['pattern']).test(value))
    errors.push(`${at}: does not match ${schema['pattern']}`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const k of (schema['required'] as string[] | undefined) ?? [])
      if (!(k in obj)) errors.push(`${at}.${k}: missing`);
    for (const [k, s] of Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {}))
      if (k in obj) errors.push(...validate(s, obj[k], root, `${at}.${k}`));
  }
  if (Array.isArray(value) && schema['items'])
    value.forEach((v, i) => errors.push(...validate(schema['items'] as Schema, v, root, `${at}[${i}]`)));
  return errors;
}

beforeAll(() => {
  mkdirSync(join(evidence, 'casts'), { recursive: true });
  for (const name of ['multiline.cast', 'prompts.cast'])
    copyFileSync(join(RECORDINGS, name), join(evidence, 'casts', name));
  writeFileSync(join(evidence, 'hostile.cast'), hostileCast());
  // A real Cloudflare capture too, opened with the sample's key for this one run.
  mkdirSync(join(evidence, 'captures'), { recursive: true });
  copyFileSync(join(SAMPLES, 'sample-shell.capture'), join(evidence, 'captures', 'sample-shell.capture'));
  const imported = cli(['import', evidence, '--key-file', join(SAMPLES, 'sample.key')]);
  expect(imported.status, imported.stderr).toBe(0);
  const set = cli([
    'case',
    'set',
    '--number',
    'IR-2026-0117',
    '--title',
    'Unauthorised access to build hosts',
    '--description',
    'Sessions of 21 Nov 2026 on the build fleet.',
    '--investigator',
    'Dana Reyes',
    '--organisation',
    'ACME CERT',
  ]);
  expect(set.status, set.stderr).toBe(0);
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(() => dir.cleanup());

interface JsonReport {
  case: Record<string, string | null>;
  sessions: Array<{
    id: string;
    programs: Array<{
      sources: Array<{ path: string; sha256: string; size: number }>;
      commands: Array<{ text: string; kind: string }>;
    }>;
  }>;
  summary: Array<{ session: string; commands: number }>;
  manifest: {
    sources: Array<{ path: string; sha256: string; size: number; sessions: string[] }>;
    audit: { verified: boolean; lastHash: string | null; reason: string | null };
  };
}

describe('sshlens case', () => {
  it('keeps the fields and records the change in the audit log', () => {
    const shown = JSON.parse(cli(['case', 'show', '--json']).stdout) as Record<string, string>;
    expect(shown).toMatchObject({
      caseNumber: 'IR-2026-0117',
      investigatorName: 'Dana Reyes',
      investigatorOrganisation: 'ACME CERT',
    });
    const audit = JSON.parse(cli(['audit', '--json']).stdout) as {
      entries: Array<{ action: string }>;
      verified: boolean;
    };
    expect(audit.verified).toBe(true);
    expect(audit.entries.map((e) => e.action)).toContain('case-fields');
  });
});

describe('JSON report', () => {
  let report: JsonReport;
  beforeAll(() => {
    const r = cli(['report', '-o', out('report.json'), '--output-lines', '5']);
    expect(r.status, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(out('report.json'), 'utf8')) as JsonReport;
  });

  it('validates against docs/report.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'report.schema.json'), 'utf8')) as Schema;
    expect(validate(schema, report, schema)).toEqual([]);
  });

  it('lists every source file with the SHA-256 and size of the file itself', () => {
    const files = ['casts/multiline.cast', 'casts/prompts.cast', 'hostile.cast', 'captures/sample-shell.capture'].map(
      (f) => join(evidence, f),
    );
    expect(report.manifest.sources.map((s) => [s.sha256, s.size]).sort()).toEqual(
      files.map((f) => [sha256(f), readFileSync(f).length]).sort(),
    );
    expect(report.manifest.audit.verified).toBe(true);
    expect(report.manifest.audit.lastHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names in the manifest the sessions each source recorded, as the sessions list their programs' sources", () => {
    const fromSessions = new Map<string, Set<string>>();
    for (const session of report.sessions)
      for (const program of session.programs)
        for (const source of program.sources)
          fromSessions.set(source.sha256, (fromSessions.get(source.sha256) ?? new Set()).add(session.id));
    expect(fromSessions.size).toBeGreaterThan(0);
    for (const source of report.manifest.sources)
      expect(source.sessions, source.path).toEqual(
        [...(fromSessions.get(source.sha256) ?? [])].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))),
      );
  });

  it("has a recording session's commands exactly as its truth file", () => {
    const truth = JSON.parse(readFileSync(join(RECORDINGS, 'multiline.truth.json'), 'utf8')) as {
      commands: Array<{ text: string }>;
    };
    const session = report.sessions.find((s) =>
      s.programs.some((p) => p.sources.some((src) => src.path.endsWith('multiline.cast'))),
    )!;
    const commands = session.programs
      .flatMap((p) => p.commands)
      .filter((c) => c.kind !== 'program-input')
      .map((c) => c.text);
    expect(commands).toEqual(truth.commands.map((c) => c.text));
    expect(report.summary.find((s) => s.session === session.id)!.commands).toBe(
      session.programs.flatMap((p) => p.commands).length,
    );
  });

  it("has the sample capture's commands exactly as its truth file, and the key that opened it", () => {
    const truth = JSON.parse(readFileSync(join(SAMPLES, 'sample-shell.truth.json'), 'utf8')) as {
      commands: Array<{ text: string }>;
    };
    const session = report.sessions.find((s) =>
      s.programs.some((p) => p.sources.some((src) => src.path.endsWith('sample-shell.capture'))),
    )!;
    expect(
      session.programs
        .flatMap((p) => p.commands)
        .filter((c) => c.kind !== 'program-input')
        .map((c) => c.text),
    ).toEqual(truth.commands.map((c) => c.text));
  });

  it('names the case and the investigator, and its writing is audited with its hash', () => {
    expect(report.case).toMatchObject({
      caseNumber: 'IR-2026-0117',
      title: 'Unauthorised access to build hosts',
      investigatorName: 'Dana Reyes',
    });
    const audit = JSON.parse(cli(['audit', '--json']).stdout) as {
      entries: Array<{ action: string; details: { sha256?: string; format?: string } }>;
    };
    expect(
      audit.entries.some(
        (e) => e.action === 'report' && e.details.format === 'json' && e.details.sha256 === sha256(out('report.json')),
      ),
    ).toBe(true);
  });

  it('refuses to overwrite without --force, and never writes over the case', () => {
    expect(cli(['report', '-o', out('report.json')]).status).toBe(2);
    expect(cli(['report', '-o', out('report.json'), '--force']).status).toBe(0);
    const overCase = cli(['report', '-o', casePath, '--force']);
    expect(overCase.status).toBe(2);
  });
});

describe('HTML report', () => {
  let html: string;
  beforeAll(() => {
    const r = cli(['report', '-o', out('report.html'), '--output-lines', '5', '--transcript']);
    expect(r.status, r.stderr).toBe(0);
    html = readFileSync(out('report.html'), 'utf8');
  });

  it('is self-contained: no scripts, no links out, a strict CSP', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    // Text is escaped, so every "<" opens a real tag: look for src/href attributes inside tags.
    expect(html.match(/<[^>]*\ssrc=/gi)).toBeNull();
    for (const m of html.matchAll(/<[^>]*\shref="([^"]*)"/gi)) expect(m[1]).toMatch(/^#/);
  });

  it('shows a hostile recording as text', () => {
    expect(html).toContain('echo &#39;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;&lt;!--&#39;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('\x1b');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('renders in Chromium with no active elements and the hostile text visible', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      await page.goto(`file://${out('report.html')}`);
      expect(await page.evaluate(() => document.querySelectorAll('script,img,iframe').length)).toBe(0);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain(HOSTILE_COMMAND);
      expect(text).toContain(HOSTILE_OUTPUT);
      expect(text).toContain('IR-2026-0117');
      await page.screenshot({ path: join(SCREENSHOTS, 'report-html.png'), fullPage: false });
    } finally {
      await browser.close();
    }
  });
});

describe('PDF report', () => {
  it('prints the HTML with the case in the header and page numbers in the footer', () => {
    const r = cli(['report', '-o', out('report.pdf')]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out('report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    for (const f of ['report-pdf-1.png', 'report-pdf-01.png']) rmSync(join(SCREENSHOTS, f), { force: true });
    expect(
      spawnSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '2',
        out('report.pdf'),
        join(SCREENSHOTS, 'report-pdf'),
      ]).status,
    ).toBe(0);
    expect(
      existsSync(join(SCREENSHOTS, 'report-pdf-1.png')) || existsSync(join(SCREENSHOTS, 'report-pdf-01.png')),
    ).toBe(true);
    const text = spawnSync('pdftotext', ['-layout', out('report.pdf'), '-']).stdout.toString();
    expect(text).toContain('IR-2026-0117 — Unauthorised access to build hosts');
    expect(text).toMatch(/\b1 ?\/ ?\d+/);
  });
});

describe('sshlens verify', () => {
  beforeAll(() => {
    if (!existsSync(out('report.html'))) expect(cli(['report', '-o', out('report.html')]).status).toBe(0);
  });

  it.each(['report.json', 'report.html'])('verifies every source of %s against the evidence folder', (name) => {
    const r = sshlens(['verify', out(name), '--sources', evidence, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { ok: boolean; entries: Array<{ status: string }> };
    expect(result.ok).toBe(true);
    expect(result.entries.map((e) => e.status)).toEqual(['verified', 'verified', 'verified', 'verified']);
  });

  it('reports a changed file as tampered and a deleted one as missing', () => {
    const copy = out('copy');
    mkdirSync(copy);
    copyFileSync(join(evidence, 'casts', 'multiline.cast'), join(copy, 'multiline.cast'));
    const bytes = readFileSync(join(evidence, 'hostile.cast'));
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(join(copy, 'hostile.cast'), bytes);
    const r = sshlens(['verify', out('report.html'), '--sources', copy, '--json']);
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout) as { entries: Array<{ path: string; status: string }> };
    const status = (end: string): string | undefined => result.entries.find((e) => e.path.endsWith(end))?.status;
    expect([status('multiline.cast'), status('hostile.cast'), status('prompts.cast')]).toEqual([
      'verified',
      'tampered',
      'missing',
    ]);
    expect(sshlens(['verify', out('report.html'), '--sources', copy]).stdout).toMatch(
      /TAMPERED[\s\S]*MISSING|MISSING[\s\S]*TAMPERED/,
    );
  });

  it('says so when the audit chain of the case does not verify', () => {
    const tampered = out('tampered.sqlite');
    copyFileSync(casePath, tampered);
    const raw = new Database(tampered);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
    raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1").run();
    raw.close();
    const r = sshlens(['--case', tampered, 'report', '-o', out('tampered.json')]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out('tampered.json'), 'utf8')) as JsonReport;
    expect(report.manifest.audit.verified).toBe(false);
    expect(report.manifest.audit.reason).toMatch(/does not match its hash/);
    expect(sshlens(['verify', out('tampered.json'), '--sources', evidence]).status).toBe(1);
  });
});

describe("the investigator's notes in a report", () => {
  const NOTE = 'pivot to the <b>build</b> host & "exfil"\nsecond line';
  it('lists the notes and tags of each session, and --tag keeps only the tagged sessions', () => {
    const sessions = JSON.parse(cli(['sessions', '--json']).stdout) as Array<{ id: string }>;
    expect(sessions.length).toBeGreaterThan(1);
    const target = sessions[1]!.id;
    const added = cli(['note', 'add', target, '--text', NOTE, '--tag', 'Exfil', '--star', '--json']);
    expect(added.status, added.stderr).toBe(0);

    const json = cli(['report', '--tag', 'exfil', '-o', out('tagged.json')]);
    expect(json.status, json.stderr).toBe(0);
    const model = JSON.parse(readFileSync(out('tagged.json'), 'utf8')) as {
      scope: { tags: string[] | null };
      sessions: Array<{
        id: string;
        annotations: Array<{ note: string; tags: string[]; starred: boolean; kind: string }>;
      }>;
    };
    expect(model.scope.tags).toEqual(['exfil']);
    expect(model.sessions.map((s) => s.id)).toEqual([target]);
    expect(model.sessions[0]!.annotations).toMatchObject([
      { kind: 'session', note: NOTE, tags: ['exfil'], starred: true },
    ]);
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'report.schema.json'), 'utf8')) as Schema;
    expect(validate(schema, model, schema)).toEqual([]);

    const html = cli(['report', '--session', target, '-o', out('tagged.html')]);
    expect(html.status, html.stderr).toBe(0);
    const page = readFileSync(out('tagged.html'), 'utf8');
    expect(page).toContain('pivot to the &lt;b&gt;build&lt;/b&gt; host &amp; &quot;exfil&quot;');
    expect(page).not.toContain('<b>build</b>');
  });
});
