import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodePacketStream } from '../../src/main/formats/capture/capture-encoder';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { detectFileFormat } from '../../src/main/ingest/file-source';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { planImport } from '../../src/main/ingest/import-paths';
import { readOfficialZip } from '../../src/main/ingest/readers/read-official-zip';
import type { RecordingSink } from '../../src/main/formats/recording';
import { MAX_LONG_TEXT } from '../../src/main/formats/limits';
import { getProgram, listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import type { ImportOutcome } from '../../src/shared/model';
import { caseDigest } from '../helpers/case-snapshot';
import { sealRaw } from '../helpers/capture-files';
import { sshlens } from '../helpers/cli';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';
import { readStoredZip, writeZip } from '../helpers/zip-writer';

// The numbered findings of issue 11 (all but 10), each with the file that triggers it. Every
// refusal must name the file, the place and the field, and leave the case exactly as it was.

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const START = 1795281616; // 2026-11-21T17:20:16Z

let dir: { path: string; cleanup: () => void };
let db: CaseDb;
let n = 0;
beforeAll(async () => {
  dir = tempDir();
  db = openCase(join(dir.path, 'case.sqlite'));
  // Something already in the case, which no rejection may touch.
  expect((await importFile(db, sample('sample-shell.capture'), withSampleKey)).status).toBe('imported');
});
afterAll(() => {
  db.close();
  dir.cleanup();
});

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir.path, `${++n}-${name}`);
  writeFileSync(path, content);
  return path;
}

const cast = (header: object, ...events: unknown[]): string =>
  [header, ...events].map((l) => JSON.stringify(l)).join('\n') + '\n';
const castHeader = { version: 2, width: 80, height: 24, timestamp: START };
const logpushLine = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    SessionID: `s-${n}`,
    ProgramID: `p-${n}`,
    ProgramType: 'shell',
    SessionStartDatetime: '2026-11-21T17:20:16Z',
    ProgramStartDatetime: '2026-11-21T17:20:16Z',
    ...fields,
  });

/**
 * Imports a hostile file and checks it was refused, naming `place` and `message`, with the case's
 * evidence unchanged: the only row added is the audit log's note that the file was refused.
 */
async function expectRefused(path: string, message: RegExp, place: ImportOutcome['place']): Promise<ImportOutcome> {
  const before = caseDigest(db, ['audit_log']);
  const entries = auditEntries();
  const outcome = await importFile(db, path, withSampleKey);
  expect(outcome.status, outcome.error).toBe('rejected');
  expect(outcome.error).toContain(path);
  expect(outcome.error).toMatch(message);
  expect(outcome.error).not.toMatch(/not an SSH command log|import failed/);
  if (place !== undefined) expect(outcome.place).toMatchObject(place);
  expect(caseDigest(db, ['audit_log'])).toBe(before);
  const added = auditEntries().slice(entries.length);
  expect(added.map((e) => [e.action, (JSON.parse(e.details) as { path: string }).path])).toEqual([
    ['import-rejected', path],
  ]);
  return outcome;
}

const auditEntries = (): Array<{ action: string; details: string }> =>
  db.prepare('SELECT action, details FROM audit_log ORDER BY seq').all() as Array<{ action: string; details: string }>;

const pty = (width: unknown, height: unknown) => ({ term: 'xterm', width, height, modes: [] });
const packets = encodePacketStream([{ source: 1, elapsedUs: 1000, data: Buffer.from('hello\r\n') }]);

describe('finding 1: terminal sizes are bounded by every route', () => {
  it.each([
    [100000, 100000, 'pty.width 100000 is out of range \\(1..1000\\)'],
    [2 ** 31, 24, 'pty.width 2147483648 is out of range'],
    [80, 30000, 'pty.height 30000 is out of range \\(1..1000\\)'],
    [0, 24, 'pty.width 0 is out of range'],
    [-5, 24, 'pty.width -5 is out of range'],
    ['80', 24, 'pty.width "80" is not a whole number'],
  ])('capture metadata pty %s x %s', async (width, height, why) => {
    const capture = file('wide.capture', await sealRaw({ started_at: START, pty: pty(width, height) }, packets));
    await expectRefused(capture, new RegExp(`capture metadata field ${why}`), { offset: 4 });
  });

  it('asciicast v2 width and height', async () => {
    await expectRefused(
      file('wide.cast', cast({ ...castHeader, width: 100000, height: 100000 }, [0.1, 'o', 'x'])),
      /asciicast header field width 100000 is out of range \(1\.\.1000\)/,
      { line: 1 },
    );
    await expectRefused(
      file('tall.cast', cast({ ...castHeader, height: 2 ** 31 }, [0.1, 'o', 'x'])),
      /asciicast header field height 2147483648 is out of range/,
      { line: 1 },
    );
  });

  it('asciicast v3 term.cols and term.rows', async () => {
    const v3 = { version: 3, timestamp: START };
    await expectRefused(
      file('wide3.cast', cast({ ...v3, term: { cols: 30000, rows: 24 } }, [0.1, 'o', 'x'])),
      /asciicast header field term\.cols 30000 is out of range/,
      { line: 1 },
    );
    await expectRefused(
      file('tall3.cast', cast({ ...v3, term: { cols: 80, rows: 30000 } }, [0.1, 'o', 'x'])),
      /asciicast header field term\.rows 30000 is out of range/,
      { line: 1 },
    );
  });

  it('a resize event', async () => {
    await expectRefused(
      file('resize.cast', cast(castHeader, [0.1, 'o', 'x'], [0.2, 'r', '30000x30000'])),
      /resize "30000x30000": cols 30000 is out of range/,
      { line: 3 },
    );
    await expectRefused(
      file('resize-rows.cast', cast(castHeader, [0.2, 'r', `80x${'9'.repeat(400)}`])),
      /resize "80x9{10}.*rows .* is out of range/,
      { line: 2 },
    );
  });

  it('the Logpush PTY field and the Payload header refuse their line', async () => {
    const payload = cast({ ...castHeader, width: 30000 }, [0.1, 'o', 'x']);
    const good = logpushLine({ ProgramID: 'good', SessionID: 'good', PTY: JSON.stringify(pty(80, 24)) });
    const path = file(
      'pty.ndjson',
      [
        good,
        logpushLine({ PTY: JSON.stringify(pty(30000, 30000)) }),
        logpushLine({ ProgramID: 'x2', Payload: payload }),
      ].join('\n'),
    );
    const outcome = await importFile(db, path, withSampleKey);
    expect(outcome.status).toBe('imported');
    expect(outcome.rejectedLines).toEqual([
      { line: 2, message: 'field PTY width 30000 is out of range (1..1000)' },
      { line: 3, message: 'Payload line 1: asciicast header field width 30000 is out of range (1..1000)' },
    ]);
  });

  it('the ZIP header COLUMNS and LINES', async () => {
    const entries = readStoredZip(readFileSync(sample('sample-shell.decrypted.zip')));
    const wide = entries.map((e) =>
      e.name === 'term_data.txt'
        ? {
            name: e.name,
            data: Buffer.from(e.data.toString('latin1').replace('COLUMNS="80"', 'COLUMNS="30000"'), 'latin1'),
          }
        : e,
    );
    await expectRefused(file('wide.zip', writeZip(wide)), /term_data\.txt header field COLUMNS 30000 is out of range/, {
      entry: 'term_data.txt',
      line: 1,
    });
  });

  it('reads 1000 columns by 1000 rows, the largest size', async () => {
    const outcome = await importFile(
      db,
      file('big.cast', cast({ ...castHeader, width: 1000, height: 1000 }, [0.1, 'o', 'x'])),
      withSampleKey,
    );
    expect(outcome.status).toBe('imported');
  });
});

describe('finding 2: event times are bounded; nothing loops', () => {
  it('refuses an asciicast event at 1e308 s (which once hung the import)', async () => {
    await expectRefused(
      file('hang.cast', cast(castHeader, [0.1, 'o', 'x'], [1e308, 'o', 'y'])),
      /event time 1e\+308 s is out of range \(at most 50 years from the start\)/,
      { line: 3 },
    );
  });

  it('refuses v3 intervals that add up past the bound', async () => {
    await expectRefused(
      file('sum.cast', cast({ version: 3, term: { cols: 80, rows: 24 } }, [1e9, 'o', 'x'], [1e9, 'o', 'y'])),
      /event time \(the sum of the intervals, 2000000000 s\) is out of range/,
      { line: 3 },
    );
  });

  it('refuses a capture packet 2^52 µs after the start', async () => {
    const late = encodePacketStream([{ source: 1, elapsedUs: 2 ** 52, data: Buffer.from('x') }]);
    await expectRefused(
      file('late.capture', await sealRaw({ started_at: START, pty: null }, late)),
      /packet at stream offset 0: field elapsed 4503599627370496 µs is out of range/,
      { block: 0 },
    );
  });

  it.each([
    [
      'started_at',
      { started_at: 1e15 },
      /capture metadata field started_at 1000000000000000 \(unix seconds\) is out of range \(1970-01-01\.\.2150-01-01\)/,
    ],
    [
      'exit_data.timestamp',
      { exit_data: { timestamp: 2 ** 50, status: 0 } },
      /exit_data\.timestamp 1125899906842624 \(unix seconds\) is out of range/,
    ],
    [
      'exit_data.status',
      { exit_data: { timestamp: START, status: 1e300 } },
      /exit_data\.status 1e\+300 is out of range/,
    ],
  ])('refuses capture metadata %s out of range', async (_field, fields, why) => {
    const capture = file(
      'meta.capture',
      await sealRaw({ started_at: START, pty: null, exit_data: null, ...fields }, packets),
    );
    await expectRefused(capture, why, { offset: 4 });
  });

  it('refuses asciicast header timestamps outside 1970..2150', async () => {
    await expectRefused(
      file('ts.cast', cast({ ...castHeader, timestamp: 1e300 }, [0.1, 'o', 'x'])),
      /asciicast header field timestamp 1e\+300 is out of range \(1970-01-01\.\.2150-01-01\)/,
      { line: 1 },
    );
  });
});

describe('finding 3: one Logpush line cannot make the case unusable', () => {
  it('refuses the line with a datetime of 10^27 ns, names the field, imports the rest', async () => {
    const bad = logpushLine({ SessionID: 'bad', ProgramID: 'bad' }).replace(
      '"SessionStartDatetime":"2026-11-21T17:20:16Z"',
      '"SessionStartDatetime":999999999999999999999999999',
    );
    const path = file(
      'dt.ndjson',
      [bad, logpushLine({ SessionID: 'fine', ProgramID: 'fine', UserEmail: 'ok@example.org' })].join('\n'),
    );
    const outcome = await importFile(db, path, withSampleKey);
    expect(outcome.status).toBe('imported');
    expect(outcome.rejectedLines).toEqual([
      {
        line: 1,
        message: 'field SessionStartDatetime 999999999999999999999999999 is out of range (1970-01-01..2150-01-01)',
      },
    ]);
    // The case reads back whole: sessions, every program, the report's queries.
    for (const s of listSessions(db))
      for (const p of s.programs) expect(getProgram(db, Number(p.id.slice(1)))).not.toBeNull();
  });

  it.each([
    ['SessionFinishDatetime', '"9999-12-31T23:59:59Z"', '9999-12-31T23:59:59Z is out of range'],
    ['ProgramStartDatetime', '1e308', '1e+308 is out of range'],
    ['Datetime', '"1969-12-31T23:59:59Z"', '1969-12-31T23:59:59Z is out of range'],
  ])('refuses %s = %s', async (field, value, why) => {
    const line = JSON.stringify({ SessionID: 'x', ProgramID: `dt-${field}`, ProgramType: 'exec' }).replace(
      /}$/,
      `,"${field}":${value}}`,
    );
    const outcome = await importFile(db, file('dt2.ndjson', `${line}\n`), withSampleKey);
    expect(outcome.status).toBe('rejected');
    expect(outcome.error).toContain(`field ${field} ${why}`);
  });

  it('refuses a datetime of 16 million digits by its field, not as "import failed"', async () => {
    // The pattern that quotes long integers once overflowed V8's backtracking stack on this line.
    const digits = '1'.repeat(16 * 1024 * 1024);
    const line = logpushLine({ SessionID: 'digits', ProgramID: 'digits' }).replace(
      /}$/,
      `,"SessionFinishDatetime":${digits}}`,
    );
    const outcome = await importFile(db, file('digits.ndjson', `${line}\n`), withSampleKey);
    expect(outcome.status).toBe('rejected');
    // A record is read as a stream (record-stream.ts): a field's value is never kept past its bound.
    expect(outcome.error).toContain(
      `line 1: field SessionFinishDatetime is ${digits.length} characters long (at most ${MAX_LONG_TEXT})`,
    );
    expect(outcome.error).not.toMatch(/import failed|call stack/);
  });
});

describe('finding 4: ZIP entries are checked against their CRC-32', () => {
  it.each([
    ['sample-shell.decrypted.zip', 'term_data.txt'],
    ['sample-shell.decrypted.zip', 'term_times.txt'],
    ['sample-exec.decrypted.zip', 'data_from_server.txt'],
  ])('refuses %s with a flipped byte in %s', async (zipName, entry) => {
    const bytes = Buffer.from(readFileSync(sample(zipName)));
    const entries = readStoredZip(bytes);
    const target = entries.find((e) => e.name === entry)!;
    const at = target.offset + Math.floor(target.data.length / 2);
    // A digit stays a digit (term_times.txt still parses): only the CRC can tell.
    bytes[at] = /[0-9]/.test(String.fromCharCode(bytes[at]!)) ? (bytes[at]! === 0x30 ? 0x31 : 0x30) : bytes[at]! ^ 0x01;
    await expectRefused(file('flipped.zip', bytes), new RegExp(`entry ${entry} fails its CRC-32 check`), { entry });
  });
});

describe('a ZIP refused or cancelled before the end of its entries', () => {
  const termData = (bytes: number): Buffer =>
    Buffer.concat([
      Buffer.from('Session started on 2026-11-21 17:20:16+00 [TERM="xterm" COLUMNS="80" LINES="24"]\n'),
      Buffer.alloc(bytes, 0x78),
      Buffer.from('\nScript done on 2026-11-21 17:20:26+00 [COMMAND_EXIT_CODE="0"]\n'),
    ]);
  const termTimes = (lines: number, badAt: number | null): Buffer =>
    Buffer.from(Array.from({ length: lines }, (_, i) => (i + 1 === badAt ? 'garbage\n' : '0.000001 100\n')).join(''));

  it('refuses a bad term_times.txt line halfway (which once crashed the process, outside any promise)', async () => {
    // yauzl's shared reader read a destroyed entry stream's file descriptor: an uncaught TypeError.
    const zip = writeZip([
      { name: 'term_data.txt', data: termData(6_000_000) },
      { name: 'term_times.txt', data: termTimes(60_000, 30_001) },
    ]);
    await expectRefused(file('bad-times.zip', zip), /term_times\.txt line is not "<seconds> <bytes>"/, {
      entry: 'term_times.txt',
      line: 30_001,
    });
  });

  it('stops reading a large stored entry when cancelled, and the import it was part of keeps nothing', async () => {
    const path = file(
      'large.zip',
      writeZip([
        { name: 'term_data.txt', data: termData(60_000_000) },
        { name: 'term_times.txt', data: termTimes(600_000, null) },
      ]),
    );
    // The reader itself, cancelled at its first events: it once read on to the end of the entry.
    const cancel = new AbortController();
    let events = 0;
    const sink: RecordingSink = {
      program: () => undefined,
      events: (_ref, batch) => {
        events += batch.length;
        cancel.abort();
      },
      piece: () => undefined,
      claimRecord: () => true,
    };
    await expect(readOfficialZip(path, sink, cancel.signal)).rejects.toThrow(/aborted/);
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThan(600_000 / 10);
    // And an import cancelled meanwhile is refused whole.
    const before = caseDigest(db, ['audit_log']);
    const aborted = new AbortController();
    aborted.abort();
    const outcome = await importFile(db, path, { ...withSampleKey, signal: aborted.signal });
    expect(outcome.error).toMatch(/cancelled; nothing from this file was imported/);
    expect(caseDigest(db, ['audit_log'])).toBe(before);
  });
});

describe('a ZIP that names an entry twice', () => {
  it('is refused: which copy is the recording would depend on the tool', async () => {
    const entries = readStoredZip(readFileSync(sample('sample-shell.decrypted.zip')));
    const data = entries.find((e) => e.name === 'term_data.txt')!;
    const other = {
      name: 'evidence/term_data.txt',
      data: Buffer.from(data.data.toString('latin1').replace(/ls/g, 'rm'), 'latin1'),
    };
    await expectRefused(
      file('twice.zip', writeZip([...entries, other])),
      /the ZIP holds term_data\.txt twice \("term_data\.txt" and "evidence\/term_data\.txt"\)/,
      { entry: 'term_data.txt' },
    );
  });
});

describe('finding 5: ZIP and gzip bombs are refused before they expand', () => {
  it('refuses a deflated entry that declares 1000x its size', async () => {
    const zip = writeZip([
      { name: 'term_data.txt', data: Buffer.alloc(200 * 1024 * 1024, 0x41), deflate: true },
      { name: 'term_times.txt', data: Buffer.from('0.1 1\n') },
    ]);
    expect(zip.length).toBeLessThan(1024 * 1024);
    await expectRefused(
      file('bomb.zip', zip),
      /entry term_data\.txt declares 200 MiB from .* compressed, more than .*: refused as a possible ZIP bomb/,
      {
        entry: 'term_data.txt',
      },
    );
  });

  it('refuses an entry with more bytes than it declares', async () => {
    const entries = readStoredZip(readFileSync(sample('sample-exec.decrypted.zip')));
    const lying = entries.map((e) => ({ ...e, uncompressedSize: e.name === 'data_from_server.txt' ? 3 : undefined }));
    await expectRefused(file('lying.zip', writeZip(lying)), /size mismatch/, undefined);
  });

  it('reads a 32 MiB term_times.txt in bounded memory (a V8 heap of 64 MiB is enough)', async () => {
    // 3 million timing lines of no bytes and one real packet: the old reader held every line
    // (and an event for each) and needed gigabytes. Run by the CLI with the heap capped.
    const lines = Buffer.alloc(32 * 1024 * 1024);
    const line = Buffer.from('0.000001 0\n');
    const count = Math.floor(lines.length / line.length) - 1;
    for (let i = 0; i < count; i++) line.copy(lines, i * line.length);
    const tail = Buffer.from('0.5 3\n');
    const times = Buffer.concat([lines.subarray(0, count * line.length), tail]);
    const data = Buffer.from(
      'Session started on 2026-11-21 17:20:16+00 [TERM="xterm" COLUMNS="80" LINES="24"]\nabc\nScript done on 2026-11-21 17:20:26+00 [COMMAND_EXIT_CODE="0"]\n',
    );
    const zip = file(
      'times.zip',
      writeZip([
        { name: 'term_data.txt', data },
        { name: 'term_times.txt', data: times },
      ]),
    );
    const casePath = join(dir.path, 'times.sqlite');
    const r = sshlens(['--case', casePath, 'import', zip, '--json'], { NODE_OPTIONS: '--max-old-space-size=64' });
    expect(r.status, r.stderr).toBe(0);
    const [o] = JSON.parse(r.stdout) as ImportOutcome[];
    expect(o!.status).toBe('imported');
    const shown = JSON.parse(sshlens(['--case', casePath, 'show', 'p1', '--json']).stdout) as { eventCount: number };
    expect(shown.eventCount).toBe(1); // the one packet: no event for a line of no bytes
  });

  it('refuses a gzip stream that expands past its allowance', async () => {
    const path = join(dir.path, 'bomb.ndjson.gz');
    const newlines = Buffer.alloc(1024 * 1024, 0x0a);
    await pipeline(
      Readable.from(
        (function* () {
          yield Buffer.from(`${logpushLine({ ProgramID: 'bomb' })}\n`);
          for (let i = 0; i < 300; i++) yield newlines;
        })(),
      ),
      createGzip({ level: 9 }),
      createWriteStream(path),
    );
    await expectRefused(
      path,
      /the gzip stream expands beyond 64 MiB .*: refused as a possible decompression bomb/,
      undefined,
    );
  });
});

describe('finding 6: long lines take linear time and a huge one is refused by number', () => {
  it('reads a record with a 32 MiB Payload line', async () => {
    const output = 'x'.repeat(32 * 1024 * 1024);
    const payload = cast({ ...castHeader, command: 'yes x' }, [0.5, 'o', output]);
    const path = file(
      'long.ndjson.gz',
      gzipSync(`${logpushLine({ ProgramType: 'exec', ProgramID: 'long', Payload: payload })}\n`),
    );
    // A case of its own: the shared one stays small enough to compare whole after each refusal.
    const own = openCase(join(dir.path, 'long.sqlite'));
    try {
      const outcome = await importFile(own, path, withSampleKey);
      expect(outcome.status, outcome.error).toBe('imported');
      const program = listSessions(own)
        .flatMap((s) => s.programs)
        .find((p) => p.cfProgramId === 'long')!;
      const bytes = [...readEvents(own, Number(program.id.slice(1)))].reduce((sum, e) => sum + e.data.length, 0);
      expect(bytes).toBe(output.length);
    } finally {
      own.close();
    }
  });

  it('refuses a 1 GiB line (1 MB gzipped) by its line number, without reading it whole', async () => {
    const path = join(dir.path, 'giant.ndjson.gz');
    const a = Buffer.alloc(1024 * 1024, 0x61);
    await pipeline(
      Readable.from(
        (function* () {
          yield Buffer.from('{"SessionID":"s","Payload":"');
          for (let i = 0; i < 1024; i++) yield a;
          yield Buffer.from('"}\n');
        })(),
      ),
      createGzip({ level: 9 }),
      createWriteStream(path),
    );
    await expectRefused(path, /line 1 is longer than 64 MiB, the longest line sshlens reads/, { line: 1 });
  });
});

describe('finding 7: a damaged capture is refused with the precise reason', () => {
  let original: Buffer;
  let metaLen: number;
  beforeEach(() => {
    original = readFileSync(sample('sample-shell.capture'));
    metaLen = original.readUInt32BE(0);
  });

  it.each([
    ['0', 0, /capture metadata length 0x00000000 \(0 bytes\) at offset 0 is not plausible/],
    ['2 GiB', 0x7fffffff, /capture metadata length 0x7fffffff \(2147483647 bytes\) at offset 0 is not plausible/],
    ['0xffffffff', 0xffffffff, /capture metadata length 0xffffffff/],
  ])('a metadata length of %s', async (_what, value, why) => {
    const bytes = Buffer.from(original);
    bytes.writeUInt32BE(value, 0);
    await expectRefused(file('len.capture', bytes), why, { offset: 0 });
  });

  it('a metadata length larger than the file', async () => {
    const bytes = Buffer.from(original);
    bytes.writeUInt32BE(bytes.length + 10, 0);
    await expectRefused(
      file('len.capture', bytes),
      new RegExp(
        `capture metadata length 0x[0-9a-f]{8} \\(${bytes.length + 10} bytes\\) at offset 0 is larger than the file \\(${bytes.length} bytes\\)`,
      ),
      { offset: 0 },
    );
  });

  it.each([-2, -1, 1, 2])('a metadata length off by %i', async (delta) => {
    const bytes = Buffer.from(original);
    bytes.writeUInt32BE(metaLen + delta, 0);
    await expectRefused(file('len.capture', bytes), /capture metadata|block 0/, undefined);
  });

  it('every bit flip in the first 24 bytes is refused as a capture with its place, never as "not a recording"', async () => {
    // The metadata is not authenticated: a flip that leaves valid JSON with another value (a digit of
    // started_at) imports as that value. Every other flip must be refused, naming the header.
    const imported: number[] = [];
    for (let at = 0; at < 24; at++) {
      for (const bit of [0x01, 0x80]) {
        const bytes = Buffer.from(original);
        bytes[at] = bytes[at]! ^ bit;
        const path = file('flip.capture', bytes);
        expect((await detectFileFormat(path)).format, `flip at ${at}`).toBe('capture');
        const outcome = await importFile(db, path, withSampleKey);
        if (outcome.status === 'imported') {
          imported.push(at);
          continue;
        }
        expect(outcome.status, `flip at ${at}`).toBe('rejected');
        expect(outcome.error, `flip at ${at}`).toMatch(
          /: capture metadata (length|field|is not valid base64|\(base64 at offset 4\))/,
        );
        expect(outcome.place, `flip at ${at}`).toHaveProperty('offset');
      }
    }
    expect(imported.length).toBeLessThanOrEqual(2);
  });

  it('names the first byte that is not base64, and JSON that does not parse', async () => {
    const bytes = Buffer.from(original);
    bytes[20] = 0x25; // '%'
    await expectRefused(file('b64.capture', bytes), /capture metadata is not valid base64: byte 0x25 at offset 20/, {
      offset: 20,
    });
    const broken = await sealRaw({ started_at: START }, packets, { metadataText: (j) => j.slice(0, -1) });
    await expectRefused(file('json.capture', broken), /capture metadata \(base64 at offset 4\) is not valid JSON/, {
      offset: 4,
    });
  });

  it('a folder import lists a damaged capture as rejected, with its reason, and agrees with its summary', () => {
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    const bytes = Buffer.from(original);
    bytes.writeUInt32BE(bytes.length + 10, 0);
    writeFileSync(join(folder, 'damaged.capture'), bytes);
    writeFileSync(join(folder, 'README.txt'), 'notes about the case\n');
    const casePath = join(dir.path, 'folder.sqlite');
    const r = sshlens(['--case', casePath, 'import', folder]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^rejected {3}.*damaged\.capture: capture metadata length .* is larger than the file/m);
    expect(r.stdout).toMatch(/0 imported, 0 duplicate, 0 partial, 1 rejected$/m);
    expect(r.stderr).toContain('skipped: ');
    expect(r.stderr).toContain('README.txt (not a recording)');
    expect(r.stderr).not.toContain('damaged.capture');
  });

  it("plans a damaged capture as a file to import, not one to skip (the app's list)", async () => {
    const plan = await planImport([join(dir.path, 'folder')]);
    expect(plan.files.map((f) => f.path.split('/').pop())).toEqual(['damaged.capture']);
    expect(plan.skipped.map((p) => p.split('/').pop())).toEqual(['README.txt']);
  });
});

describe('bounded memory whatever the count of events', () => {
  it('imports 200 000 events of one byte or none with a V8 heap of 64 MiB', () => {
    // Each event became a write queued on the extractor's and the snapshots' terminals, counted
    // by its bytes only: a million tiny writes were queued at ~1 KB of heap each (3 million events
    // took 3.6 GB). Run in the importing thread (no staging workers, which have heaps of their own).
    const lines = [JSON.stringify({ ...castHeader, width: 80, height: 24 })];
    for (let i = 0; i < 100_000; i++) {
      const t = (i / 1000).toFixed(3);
      lines.push(`[${t},"o","x"]`, `[${t},"i",""]`);
    }
    const path = file('tiny.cast', `${lines.join('\n')}\n`);
    const casePath = join(dir.path, 'tiny.sqlite');
    const r = sshlens(['--case', casePath, 'import', path, '--json'], {
      NODE_OPTIONS: '--max-old-space-size=64',
      SSHLENS_IMPORT_WORKERS: '0',
    });
    expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
    expect((JSON.parse(r.stdout) as ImportOutcome[])[0]!.status).toBe('imported');
    const shown = JSON.parse(sshlens(['--case', casePath, 'show', 'p1', '--json']).stdout) as { eventCount: number };
    expect(shown.eventCount).toBe(200_000);
  });
});
