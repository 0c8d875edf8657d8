// The search export of the UI's API (issue 14 item 3) through the real `sshlens serve`, on a case
// imported by the real CLI from real recordings: the whole result list, in the order asked for,
// as CSV or JSON, compared with what `sshlens search --json` answers for the same query.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, SearchExported } from '../../src/shared/api';
import type { SearchHit } from '../../src/shared/search';
import { sshlens, startServe, type ServedUi } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');

describe('search export over the API', () => {
  const dir = tempDir('sshlens-search-export-');
  const casePath = join(dir.path, 'case.sqlite');
  const env = { SSHLENS_HOME: dir.path };
  const guard = { expectedCase: casePath };
  let ui: ServedUi;
  let cookie: string;

  async function call<T>(channel: string, ...args: unknown[]): Promise<Result<T>> {
    const r = await fetch(`${ui.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(args),
    });
    return (await r.json()) as Result<T>;
  }
  const cli = (...args: string[]): { total: number; totalCapped: boolean; hits: SearchHit[] } => {
    const r = sshlens(['--case', casePath, 'search', ...args, '--limit', '10000', '--json'], env);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { total: number; totalCapped: boolean; hits: SearchHit[] };
  };

  beforeAll(async () => {
    const files = ['multiline.cast', 'nested.cast', 'prompts.cast'].map((f) => join(RECORDINGS, f));
    const r = sshlens(
      ['--case', casePath, 'import', ...files, sample('sample-exec.capture'), '--key-file', SAMPLE_KEY],
      env,
    );
    expect(r.status).toBe(0);
    ui = await startServe(casePath, env);
    cookie = `sshlens_token=${new URL(ui.startUrl).searchParams.get('token')!}`;
  });
  afterAll(async () => {
    await ui.stop();
    dir.cleanup();
  });

  it('writes every hit as CSV, in the order asked for, a row each with the ids, time and snippet', async () => {
    const expected = cli('type:shell', '--sort', '-time', '--group', 'session');
    expect(expected.hits.length).toBeGreaterThan(20); // more than a page of the CLI's default
    const path = join(dir.path, 'hits.csv');
    const r = await call<SearchExported>('sshlens:search:export', guard, {
      query: 'type:shell',
      sort: '-time',
      group: 'session',
      path,
      force: false,
    });
    expect(r).toEqual({
      ok: true,
      value: { path, format: 'csv', hits: expected.hits.length, totalCapped: false, sha256: expect.any(String) },
    });
    const bytes = readFileSync(path);
    expect(r.ok && r.value.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const records = parseCsv(bytes.toString('utf8'));
    expect(records[0]).toEqual([
      'rank',
      'session_id',
      'program_id',
      'command_id',
      'in',
      'time',
      'user_email',
      'target_id',
      'command',
      'snippet',
      'replay_at_us',
      'output_offset',
    ]);
    const rows = records.slice(1);
    expect(rows.map((row) => [row[1], row[2], row[3], row[4], row[5], row[10]])).toEqual(
      expected.hits.map((h) => [h.session, h.program, h.command ?? '', h.in, h.time ?? '', String(h.replay.atUs)]),
    );
    expect(rows.map((row) => row[0])).toEqual(expected.hits.map((_, i) => String(i + 1)));
    // A snippet keeps its lines, quoted (a field starting with = + - @ gets a leading ').
    const i = expected.hits.findIndex((h) => h.snippet.includes('\n') && !/^[=+\-@\t\r]/.test(h.snippet));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(rows[i]![9]).toBe(expected.hits[i]!.snippet);
  });

  it('writes the same list as JSON, the hits exactly as search --json gives them', async () => {
    const expected = cli('type:shell', '--sort', 'time');
    const path = join(dir.path, 'hits.json');
    const r = await call<SearchExported>('sshlens:search:export', guard, {
      query: 'type:shell',
      sort: 'time',
      group: 'none',
      path,
      force: false,
    });
    expect(r.ok).toBe(true);
    const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      query: 'type:shell',
      sort: 'time',
      group: 'none',
      total: expected.total,
      totalCapped: expected.totalCapped,
      hits: expected.hits,
    });
  });

  it('refuses a path outside the write folders, an existing file, another extension and another case', async () => {
    const body = (path: string, extra: object = {}) => ({
      query: 'type:shell',
      sort: 'relevance',
      group: 'none',
      path,
      force: false,
      ...extra,
    });
    const elsewhere = tempDir('sshlens-elsewhere-');
    try {
      expect(await call('sshlens:search:export', guard, body(join(elsewhere.path, 'x.csv')))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/sshlens serve writes exports only under/),
      });
      expect(existsSync(join(elsewhere.path, 'x.csv'))).toBe(false);
    } finally {
      elsewhere.cleanup();
    }
    const mine = join(dir.path, 'mine.csv');
    writeFileSync(mine, 'my own notes');
    expect(await call('sshlens:search:export', guard, body(mine, { force: true }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/mine\.csv exists: sshlens will not replace it/),
    });
    expect(readFileSync(mine, 'utf8')).toBe('my own notes');
    expect(await call('sshlens:search:export', guard, body(join(dir.path, 'x.txt')))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/must end in \.csv or \.json/),
    });
    const other = { expectedCase: join(dir.path, 'other.sqlite') };
    expect(await call('sshlens:search:export', other, body(join(dir.path, 'y.csv')))).toMatchObject({
      ok: false,
      error: expect.stringContaining('is open now'),
    });
    expect(existsSync(join(dir.path, 'y.csv'))).toBe(false);
  });
});

/** RFC 4180, as the export writes it (CRLF between records, quoted fields with "" for a quote). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}
