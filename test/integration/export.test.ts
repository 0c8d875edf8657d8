import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciicastLines } from '../../src/main/export/program-to-asciicast';
import { AsciicastStream } from '../../src/main/formats/asciicast/asciicast-stream';
import type { AsciicastHeader } from '../../src/main/formats/asciicast/asciicast-parser';
import { resizeOf, type TerminalEvent } from '../../src/main/formats/recording';
import { importFile } from '../../src/main/ingest/import-file';
import { getProgram, listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { bufferText, createHeadlessTerminal, writeAsync } from '../../src/main/terminal/headless-terminal';
import { sshlens } from '../helpers/cli';
import { SAMPLES, tempDir } from '../helpers/fixtures';

const recording = (name: string): string => join(SAMPLES, '..', 'recordings', name);
const SECRETS = (JSON.parse(readFileSync(recording('secrets.truth.json'), 'utf8')) as { secrets: string[] }).secrets;
const FORMULA_START = /^[=+\-@\t\r]/;
const decodeAll = (chunks: Uint8Array[]): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(chunks));

const dir = tempDir('sshlens-export-');
const casePath = join(dir.path, 'case.sqlite');
/** The same case plus hostile commands written into it: spreadsheet formulas, commas, quotes, newlines. */
const hostilePath = join(dir.path, 'hostile.sqlite');
const out = (name: string): string => join(dir.path, name);
const programOf = new Map<string, number>();
let caseSha = '';

const HOSTILE = [
  '=HYPERLINK("http://x")',
  '-cmd',
  '+1',
  '@SUM(A1)',
  '\tindented',
  'echo "a,b" \'c\'\nsecond line\r\nthird',
  'plain',
];

beforeAll(async () => {
  const db = openCase(casePath);
  try {
    for (const name of ['secrets.cast', 'prompts.cast', 'nested.cast']) {
      expect((await importFile(db, recording(name), { keys: async () => [] })).status).toBe('imported');
    }
    for (const s of listSessions(db))
      for (const p of s.programs) programOf.set(basename(p.sources[0]!.path), Number(p.id.slice(1)));
  } finally {
    db.close();
  }
  copyFileSync(casePath, hostilePath);
  const hostile = openCase(hostilePath);
  try {
    const insert = hostile.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, text, cwd, program_name,
      output_start_us, output_end_us, output_start_offset, output_end_offset, exit_status) VALUES (?, ?, ?, 'shell', 'screen', ?, ?, ?, 0, 0, 0, 0, ?)`);
    HOSTILE.forEach((text, i) =>
      insert.run(
        programOf.get('secrets.cast'),
        1000 + i,
        50_000_000 + i,
        text,
        i === 0 ? '=cwd' : '/tmp, "x"',
        i === 1 ? '@py' : null,
        i === 2 ? 2 : null,
      ),
    );
  } finally {
    hostile.close();
  }
  caseSha = sha256(casePath);
});
afterAll(() => dir.cleanup());

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface ParsedCast {
  header: AsciicastHeader;
  events: TerminalEvent[];
  raw: Array<[number, string, string]>;
}

/** Reads a .cast with the importer's own asciicast reader, and the raw event lines beside it. */
function readCast(path: string): ParsedCast {
  const stream = new AsciicastStream();
  const events: TerminalEvent[] = [];
  const raw: Array<[number, string, string]> = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const ev = stream.line(line, i + 1);
      if (ev) events.push(ev);
      if (i > 0 && line.trim() !== '') raw.push(JSON.parse(line) as [number, string, string]);
    });
  expect(stream.unknownCodes).toBe(0);
  return { header: stream.header!, events, raw };
}

const textOf = (cast: ParsedCast, code: string): string =>
  cast.raw
    .filter((e) => e[1] === code)
    .map((e) => e[2])
    .join('');

/** The final state of an xterm fed output (strings or bytes) and resizes. */
async function finalScreen(
  cols: number,
  rows: number,
  events: Array<{ output?: string | Uint8Array; resize?: { cols: number; rows: number } }>,
): Promise<unknown> {
  const term = createHeadlessTerminal(cols, rows, 10_000);
  for (const ev of events) {
    if (ev.output !== undefined) await writeAsync(term, ev.output);
    if (ev.resize) term.resize(ev.resize.cols, ev.resize.rows);
  }
  const active = term.buffer.active;
  const screen: string[] = [];
  for (let y = 0; y < term.rows; y++) screen.push(active.getLine(active.baseY + y)?.translateToString(true) ?? '');
  const state = {
    buffer: active.type,
    size: [term.cols, term.rows],
    cursor: [active.cursorX, active.cursorY],
    screen,
    normal: bufferText(term),
  };
  term.dispose();
  return state;
}

function storedEvents(row: number): TerminalEvent[] {
  const db = openCase(casePath, { readonly: true });
  try {
    return [...readEvents(db, row)];
  } finally {
    db.close();
  }
}

describe('sshlens export cast', () => {
  it.each(['secrets.cast', 'prompts.cast'])(
    '%s: the .cast replays to the same screen as the stored events, with the same output text',
    async (name) => {
      const row = programOf.get(name)!;
      const file = out(`${name}.export.cast`);
      const r = sshlens(['--case', casePath, 'export', 'cast', `p${row}`, '-o', file]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(`^export: wrote p${row} as asciicast v2 to .*: \\d+ events .*, \\d+ bytes\\n$`),
      );
      const cast = readCast(file);
      const stored = storedEvents(row);
      const db = openCase(casePath, { readonly: true });
      const program = getProgram(db, row)!;
      db.close();
      expect(cast.header).toMatchObject({
        version: 2,
        cols: program.terminal!.cols,
        rows: program.terminal!.rows,
        term: program.terminal!.term,
      });
      expect(cast.header.timestamp).toBe(Math.floor(Date.parse(program.start!) / 1000));
      expect(cast.header.title).toMatch(new RegExp(`^sshlens p${row} .+@.+$`));

      // Output: exactly the stored bytes decoded as one UTF-8 stream.
      expect(textOf(cast, 'o')).toBe(decodeAll(stored.filter((e) => e.kind === 'output').map((e) => e.data)));
      // And the same text and size as the original recording the case was imported from.
      const original = readCast(recording(name));
      expect(textOf(cast, 'o')).toBe(textOf(original, 'o'));
      expect(textOf(cast, 'r')).toBe(textOf(original, 'r'));
      if (name === 'prompts.cast') expect(cast.raw.filter((e) => e[1] === 'r').length).toBeGreaterThan(0);
      expect([cast.header.cols, cast.header.rows]).toEqual([original.header.cols, original.header.rows]);
      // Times: seconds since the start, in order, as recorded (to the microsecond).
      const times = cast.raw.map((e) => e[0]);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(cast.events.filter((e) => e.kind === 'output').at(-1)!.atUs).toBe(
        stored.filter((e) => e.kind === 'output').at(-1)!.atUs,
      );

      // Independent paths to the final screen: the .cast's strings vs the stored bytes.
      const fromCast = await finalScreen(
        cast.header.cols,
        cast.header.rows,
        cast.raw.map(([, code, data]) =>
          code === 'o'
            ? { output: data }
            : code === 'r'
              ? { resize: resizeOf({ atUs: 0, kind: 'resize', code: 0, data: Buffer.from(data) })! }
              : {},
        ),
      );
      const fromStore = await finalScreen(
        program.terminal!.cols,
        program.terminal!.rows,
        stored.map((e) =>
          e.kind === 'output' ? { output: e.data } : e.kind === 'resize' ? { resize: resizeOf(e)! } : {},
        ),
      );
      expect(fromCast).toEqual(fromStore);
      expect((fromStore as { normal: string[] }).normal.join('\n').length).toBeGreaterThan(100);
    },
  );

  it('leaves input out by default, and with it the secrets typed at echo-off prompts', () => {
    const file = out('secrets.default.cast');
    expect(
      sshlens(['--case', casePath, 'export', 'cast', `p${programOf.get('secrets.cast')}`, '-o', file]).status,
    ).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(readCast(file).raw.filter((e) => e[1] === 'i')).toHaveLength(0);
    expect(SECRETS.length).toBeGreaterThanOrEqual(2);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('with --input, has the keystrokes as "i" events, the secrets only there', () => {
    const file = out('secrets.input.cast');
    const r = sshlens([
      '--case',
      casePath,
      'export',
      'cast',
      `p${programOf.get('secrets.cast')}`,
      '-o',
      file,
      '--input',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const cast = readCast(file);
    const stored = storedEvents(programOf.get('secrets.cast')!);
    expect(textOf(cast, 'i')).toBe(decodeAll(stored.filter((e) => e.kind === 'input').map((e) => e.data)));
    for (const secret of SECRETS) {
      expect(textOf(cast, 'i')).toContain(secret);
      expect(textOf(cast, 'o')).not.toContain(secret);
      expect(JSON.stringify(cast.header)).not.toContain(secret);
    }
  });

  it('keeps a character split across two recorded packets whole', () => {
    // "é" (C3 A9) and "→" (E2 86 92) cut by packet boundaries: one byte per event.
    const bytes = Buffer.from('café → ok');
    const oneByte = [...bytes].map((b, i): TerminalEvent => ({
      atUs: 100_000 + i,
      kind: 'output',
      code: 0,
      data: Uint8Array.of(b),
    }));
    const lines = [
      ...asciicastLines({ version: 2, width: 40, height: 5, env: {}, title: 't' }, oneByte, { includeInput: false }),
    ];
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.map((e) => e[2]).join('')).toBe('café → ok');
    expect(events.every((e) => !e[2].includes('\ufffd'))).toBe(true);
    // A stream cut off inside a character ends with U+FFFD, as a player shows it.
    const cut = [
      ...asciicastLines({ version: 2, width: 40, height: 5, env: {}, title: 't' }, oneByte.slice(0, 4), {
        includeInput: false,
      }),
    ];
    expect(
      cut
        .slice(1)
        .map((l) => (JSON.parse(l) as [number, string, string])[2])
        .join(''),
    ).toBe('caf\ufffd');
  });
});

/** RFC 4180: records separated by CRLF, quoted fields may hold commas, CR, LF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      expect(field).toBe(''); // a quote only opens a field
      quoted = true;
      i += 1;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      expect(c).not.toMatch(/[\r\n]/); // bare CR or LF only inside quotes
      field += c;
      i += 1;
    }
  }
  expect(quoted).toBe(false);
  expect(field === '' && record.length === 0).toBe(true); // ends with CRLF
  return records;
}

type JsonRow = Record<string, string | number | null | string[]>;
const readJsonl = (path: string): JsonRow[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l, i, all) => l !== '' || i !== all.length - 1)
    .map((l) => JSON.parse(l) as JsonRow);

function exportCommands(casePathArg: string, name: string, args: string[]): { csv: string[][]; jsonl: JsonRow[] } {
  const csvFile = out(`${name}.csv`);
  const jsonlFile = out(`${name}.jsonl`);
  for (const [format, file] of [
    ['csv', csvFile],
    ['jsonl', jsonlFile],
  ] as const) {
    const r = sshlens(['--case', casePathArg, 'export', 'commands', ...args, '--format', format, '-o', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^export: wrote \d+ commands as (CSV|JSON Lines) to .*: \d+ bytes\n$/);
  }
  return { csv: parseCsv(readFileSync(csvFile, 'utf8')), jsonl: readJsonl(jsonlFile) };
}

/** What the CSV must hold for a JSON Lines value: hashes joined, null empty, text neutralised. */
function csvFieldOf(value: string | number | null | string[] | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

describe('sshlens export commands', () => {
  it('CSV and JSON Lines of one program hold the commands `show --json` lists, field for field', () => {
    const id = `p${programOf.get('prompts.cast')}`;
    const show = JSON.parse(sshlens(['--case', casePath, 'show', id, '--json']).stdout) as {
      commands: Array<{ id: string; time: string | null; text: string; kind: string; exitStatus?: number }>;
      session: string;
      sources: Array<{ sha256: string }>;
    };
    expect(show.commands.length).toBeGreaterThan(3);
    const { csv, jsonl } = exportCommands(casePath, 'prompts', ['--program', id]);
    const [header, ...rows] = csv;
    expect(header).toEqual(Object.keys(jsonl[0]!));
    expect(jsonl.map((r) => [r['command_id'], r['time'], r['text'], r['kind'], r['exit_status']])).toEqual(
      show.commands.map((c) => [c.id, c.time, c.text, c.kind, c.exitStatus ?? null]),
    );
    for (const r of jsonl) {
      expect(r).toMatchObject({
        session_id: show.session,
        program_id: id,
        source_sha256: show.sources.map((s) => s.sha256),
      });
    }
    expect(rows).toEqual(jsonl.map((r) => header!.map((k) => csvFieldOf(r[k]))));
  });

  it('neutralises spreadsheet formulas in CSV, keeps the exact text in JSON Lines, and round-trips commas, quotes and newlines', () => {
    const { csv, jsonl } = exportCommands(hostilePath, 'hostile', ['--program', `p${programOf.get('secrets.cast')}`]);
    const [header, ...rows] = csv;
    const textAt = header!.indexOf('text');
    const hostileJson = jsonl.filter((r) => HOSTILE.includes(r['text'] as string));
    expect(hostileJson.map((r) => r['text'])).toEqual(HOSTILE);
    const hostileCsv = rows.slice(-HOSTILE.length);
    expect(hostileCsv.map((r) => r[textAt])).toEqual([
      '\'=HYPERLINK("http://x")',
      "'-cmd",
      "'+1",
      "'@SUM(A1)",
      "'\tindented",
      'echo "a,b" \'c\'\nsecond line\r\nthird',
      'plain',
    ]);
    expect(hostileCsv[0]![header!.indexOf('cwd')]).toBe("'=cwd");
    expect(hostileCsv[1]![header!.indexOf('cwd')]).toBe('/tmp, "x"');
    expect(hostileCsv[1]![header!.indexOf('program_name')]).toBe("'@py");
    expect(hostileJson[1]).toMatchObject({ cwd: '/tmp, "x"', program_name: '@py' });
    expect(hostileJson[2]!['exit_status']).toBe(2);
    expect(rows).toEqual(jsonl.map((r) => header!.map((k) => csvFieldOf(r[k]))));
  });

  it('JSON Lines: one typed object per command, for the whole case and for a session', () => {
    const db = openCase(casePath, { readonly: true });
    const total = db.prepare('SELECT COUNT(*) FROM commands').pluck().get() as number;
    const sessionRow = db
      .prepare('SELECT session_id FROM programs WHERE id = ?')
      .pluck()
      .get(programOf.get('nested.cast')) as number;
    const inSession = db
      .prepare('SELECT COUNT(*) FROM commands c JOIN programs p ON p.id = c.program_id WHERE p.session_id = ?')
      .pluck()
      .get(sessionRow) as number;
    db.close();
    const all = exportCommands(casePath, 'all', []);
    expect(all.jsonl).toHaveLength(total);
    expect(all.csv).toHaveLength(total + 1);
    expect(new Set(all.jsonl.map((r) => r['command_id'])).size).toBe(total);
    for (const r of all.jsonl) {
      expect(r['command_id']).toMatch(/^c\d+$/);
      expect(r['session_id']).toMatch(/^s\d+$/);
      expect(r['program_id']).toMatch(/^p\d+$/);
      expect(new Date(r['time'] as string).toISOString()).toBe(r['time']);
      expect(typeof r['text']).toBe('string');
      expect(['shell', 'exec', 'program-input']).toContain(r['kind']);
      expect(r['exit_status'] === null || Number.isInteger(r['exit_status'])).toBe(true);
      expect(r['source_sha256']).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    }
    const session = exportCommands(casePath, 'session', ['--session', `s${sessionRow}`]);
    expect(session.jsonl).toHaveLength(inSession);
    expect(session.jsonl.every((r) => r['session_id'] === `s${sessionRow}`)).toBe(true);
    // Several scopes are a union; stdout works too.
    const both = sshlens([
      '--case',
      casePath,
      'export',
      'commands',
      '--session',
      `s${sessionRow}`,
      '--program',
      `p${programOf.get('prompts.cast')}`,
      '--format',
      'jsonl',
      '-o',
      '-',
    ]);
    expect(both.status).toBe(0);
    const promptsCount = all.jsonl.filter((r) => r['program_id'] === `p${programOf.get('prompts.cast')}`).length;
    expect(both.stdout.trimEnd().split('\n')).toHaveLength(inSession + promptsCount);
  });
});

describe('sshlens export refuses', () => {
  it('to overwrite a file without --force, and overwrites with it', () => {
    const file = out('exists.csv');
    writeFileSync(file, 'keep me');
    const r = sshlens(['--case', casePath, 'export', 'commands', '--format', 'csv', '-o', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exists; add --force to overwrite it/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const cast = sshlens(['--case', casePath, 'export', 'cast', `p${programOf.get('prompts.cast')}`, '-o', file]);
    expect(cast.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(sshlens(['--case', casePath, 'export', 'commands', '--format', 'csv', '-o', file, '--force']).status).toBe(
      0,
    );
    expect(readFileSync(file, 'utf8')).toMatch(/^command_id,session_id,/);
  });

  it('unknown and malformed ids, a missing format or output, with a clear message and no file', () => {
    const file = out('never.out');
    const cases: Array<[string[], number, RegExp]> = [
      [['cast', 'p999', '-o', file], 1, /no program p999 in this case/],
      [['cast', 's1', '-o', file], 2, /"s1" is not a program id/],
      [['cast', 'p1'], 2, /-o FILE/],
      [['commands', '--session', 's999', '--format', 'csv', '-o', file], 1, /no session s999 in this case/],
      [['commands', '--program', 'p999', '--format', 'jsonl', '-o', file], 1, /no program p999 in this case/],
      [['commands', '--program', 'x1', '--format', 'csv', '-o', file], 2, /"x1" is not a program id/],
      [['commands', '--format', 'xlsx', '-o', file], 2, /--format is csv or jsonl/],
      [['commands', '--format', 'csv', '-o', casePath, '--force'], 2, /refusing to write over the case database/],
      [['video', '-o', file], 2, /cast or commands/],
    ];
    for (const [args, status, message] of cases) {
      const r = sshlens(['--case', casePath, 'export', ...args]);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(file)).toBe(false);
    const missing = sshlens([
      '--case',
      join(dir.path, 'nope.sqlite'),
      'export',
      'commands',
      '--format',
      'csv',
      '-o',
      file,
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no case at/);
    expect(existsSync(join(dir.path, 'nope.sqlite'))).toBe(false);
  });

  it('to change the case: its file is byte for byte what the import wrote', () => {
    expect(sha256(casePath)).toBe(caseSha);
  });
});
