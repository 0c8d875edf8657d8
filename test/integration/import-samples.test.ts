import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { importPlan, planImport } from '../../src/main/ingest/import-paths';
import { getProgram, listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { auditActions, caseDigest, count, evidenceDigest } from '../helpers/case-snapshot';
import { sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';
import { readScriptLog } from '../helpers/script-log';

const key = samplePrivateKey();
const sampleKey = { fingerprint: fingerprint(derivePublicKey(key)), privateKey: key };
const withSampleKey: ImportOptions = { keys: async () => [sampleKey] };

let dir: { path: string; cleanup: () => void };
let db: CaseDb;

beforeEach(() => {
  dir = tempDir();
  db = openCase(join(dir.path, 'case.sqlite'));
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

const programRow = (id: string): number => Number(id.slice(1));

function stream(programId: string, kind: 'input' | 'output'): Buffer {
  return Buffer.concat(
    [...readEvents(db, programRow(programId))].filter((e) => e.kind === kind).map((e) => Buffer.from(e.data)),
  );
}

describe.each(['sample-shell', 'sample-editing'])('interactive capture %s', (scenario) => {
  const t = truth(scenario);
  const script = readScriptLog(sample(`raw/${scenario}.io.log`), sample(`raw/${scenario}.timing.log`));

  it('imports with the recorded metadata', async () => {
    const outcome = await importFile(db, sample(`${scenario}.capture`), withSampleKey);
    expect(outcome).toMatchObject({
      status: 'imported',
      format: 'capture',
      sessions: 1,
      programs: 1,
      keyFingerprint: sampleKey.fingerprint,
    });
    expect(outcome.sha256).toBe(await sha256(sample(`${scenario}.capture`)));
    const [session] = listSessions(db);
    expect(session!.start).toBe(new Date(t.started_at * 1000).toISOString());
    const program = getProgram(db, programRow(session!.programs[0]!.id))!;
    expect(program.type).toBe('shell');
    expect(program.terminal).toEqual({
      term: t.pty!.term,
      cols: t.pty!.width,
      rows: t.pty!.height,
      modes: t.pty!.modes,
    });
    expect(program.exitStatus).toBe(t.exit_status);
    expect(program.end).toBe(new Date(t.ended_at * 1000).toISOString());
    expect(program.eventCount).toBe(t.stats.packets);
  });

  it('keeps both streams byte for byte, with the recorded timing of every packet', async () => {
    await importFile(db, sample(`${scenario}.capture`), withSampleKey);
    const id = listSessions(db)[0]!.programs[0]!.id;
    expect(stream(id, 'output').equals(script.output)).toBe(true);
    expect(stream(id, 'input').equals(script.input)).toBe(true);
    const events = [...readEvents(db, programRow(id))];
    expect(events).toHaveLength(script.chunks.length);
    events.forEach((ev, i) => {
      const c = script.chunks[i]!;
      expect(ev.kind).toBe(c.source);
      expect(Math.abs(ev.atUs - c.atUs)).toBeLessThanOrEqual(1);
      expect(Buffer.from(ev.data).equals(c.data)).toBe(true);
    });
  });

  it('imports the asciicast of the same session with the same streams', async () => {
    const outcome = await importFile(db, sample(`${scenario}.cast`), withSampleKey);
    expect(outcome).toMatchObject({ status: 'imported', format: 'asciicast', programs: 1 });
    const id = listSessions(db)[0]!.programs[0]!.id;
    expect(stream(id, 'output').equals(script.output)).toBe(true);
    expect(stream(id, 'input').equals(script.input)).toBe(true);
    expect(getProgram(db, programRow(id))!.terminal).toMatchObject({ cols: t.pty!.width, rows: t.pty!.height });
  });

  it("imports the official ZIP as output only, without the tool's own first and last lines", async () => {
    const outcome = await importFile(db, sample(`${scenario}.decrypted.zip`), withSampleKey);
    expect(outcome).toMatchObject({ status: 'imported', format: 'official-zip', programs: 1 });
    const [session] = listSessions(db);
    const id = session!.programs[0]!.id;
    expect(stream(id, 'output').equals(script.output)).toBe(true);
    expect(stream(id, 'input').length).toBe(0);
    const program = getProgram(db, programRow(id))!;
    expect(program.exitStatus).toBe(t.exit_status);
    expect(program.start).toBe(new Date(t.started_at * 1000).toISOString());
    expect(program.end).toBe(new Date(t.ended_at * 1000).toISOString());
    // term_times.txt gives one entry per server packet, so output timing survives.
    const outputTimes = [...readEvents(db, programRow(id))].map((e) => e.atUs);
    const scriptTimes = script.chunks.filter((c) => c.source === 'output').map((c) => c.atUs);
    expect(outputTimes.length).toBe(scriptTimes.length);
    outputTimes.forEach((us, i) => expect(Math.abs(us - scriptTimes[i]!)).toBeLessThanOrEqual(scriptTimes.length));
  });
});

describe('exec capture', () => {
  const t = truth('sample-exec');
  const raw = JSON.parse(readFileSync(sample('raw/sample-exec.exec.json'), 'utf8')) as {
    command: string;
    chunks: Array<{ stream: 'stdout' | 'stderr'; us: number; b64: string }>;
  };

  it('keeps stdout and stderr apart, with the exit status and no terminal', async () => {
    const outcome = await importFile(db, sample('sample-exec.capture'), withSampleKey);
    expect(outcome).toMatchObject({ status: 'imported', programs: 1 });
    const id = listSessions(db)[0]!.programs[0]!.id;
    const program = getProgram(db, programRow(id))!;
    expect(program).toMatchObject({ type: 'exec', terminal: null, exitStatus: t.exit_status });
    const events = [...readEvents(db, programRow(id))];
    expect(events.map((e) => ({ code: e.code, atUs: e.atUs, data: Buffer.from(e.data).toString('base64') }))).toEqual(
      raw.chunks.map((c) => ({ code: c.stream === 'stderr' ? 1 : 0, atUs: c.us, data: c.b64 })),
    );
  });
});

describe('Logpush', () => {
  it('imports RFC 3339 and unix-nanosecond exports as the same sessions, merging re-sent records', async () => {
    const a = await importFile(db, sample('logpush.ndjson.gz'), withSampleKey);
    expect(a).toMatchObject({ status: 'imported', format: 'logpush', sessions: 3, programs: 3 });
    const before = stream(listSessions(db)[0]!.programs[0]!.id, 'output');
    const b = await importFile(db, sample('logpush-unixnano.ndjson'), withSampleKey);
    expect(b).toMatchObject({ status: 'imported', sessions: 3, programs: 3 });
    // Every record was stored already: the second export is provenance, the same recordings.
    const roles = db
      .prepare('SELECT role FROM program_sources ps JOIN sources s ON s.id = ps.source_id WHERE s.sha256 = ?')
      .pluck()
      .all(b.sha256);
    expect(roles).toEqual(['same', 'same', 'same']);
    expect(count(db, 'sessions')).toBe(3);
    expect(count(db, 'programs')).toBe(3);
    expect(stream(listSessions(db)[0]!.programs[0]!.id, 'output').equals(before)).toBe(true);
  });

  it('reads session facts, program types and the exec command', async () => {
    await importFile(db, sample('logpush.ndjson.gz'), withSampleKey);
    const exec = truth('sample-exec');
    const session = listSessions(db).find((s) => s.cfSessionId === exec.logpush.SessionID)!;
    expect(session).toMatchObject({
      userEmail: 'alex.dev@example.org',
      username: 'root',
      clientAddress: '192.0.2.200:48550',
      serverAddress: '203.0.113.80:22',
    });
    expect(session.programs[0]).toMatchObject({ cfProgramId: exec.logpush.ProgramID, type: 'exec' });
    const program = getProgram(db, programRow(session.programs[0]!.id))!;
    expect(program.command).toBe(exec.exec_command);
    expect(program.terminal).toBeNull();
    for (const scenario of ['sample-shell', 'sample-editing']) {
      const t = truth(scenario);
      const s = listSessions(db).find((x) => x.cfSessionId === t.logpush.SessionID)!;
      expect(s.programs[0]).toMatchObject({ cfProgramId: t.logpush.ProgramID, type: 'shell' });
      const script = readScriptLog(sample(`raw/${scenario}.io.log`), sample(`raw/${scenario}.timing.log`));
      expect(stream(s.programs[0]!.id, 'output').equals(script.output)).toBe(true);
      expect(stream(s.programs[0]!.id, 'input').equals(script.input)).toBe(true);
    }
  });

  it('keeps nanosecond datetimes exact (they exceed 2^53)', async () => {
    await importFile(db, sample('logpush-unixnano.ndjson'), withSampleKey);
    const line = readFileSync(sample('logpush-unixnano.ndjson'), 'utf8').split('\n')[0]!;
    const ns = /"SessionFinishDatetime":(\d+)/.exec(line)![1]!;
    const sessionId = /"SessionID":"([0-9a-f]+)"/.exec(line)![1]!;
    const row = db.prepare('SELECT finished_at_us FROM sessions WHERE cf_session_id = ?').get(sessionId) as {
      finished_at_us: number;
    };
    expect(BigInt(row.finished_at_us)).toBe(BigInt(ns) / 1000n);
  });

  it('imports the good lines of a file with a cut-off line and reports that line', async () => {
    const outcome = await importFile(db, sample('bad/logpush-one-bad-line.ndjson.gz'), withSampleKey);
    expect(outcome.status).toBe('imported');
    expect(outcome.rejectedLines).toHaveLength(1);
    expect(outcome.rejectedLines![0]!.line).toBe(3);
    expect(outcome.error).toMatch(/line 3/);
    expect(count(db, 'programs')).toBe(3);
  });
});

describe('bad input', () => {
  it.each([
    ['bad/flipped-byte-block5.capture', /block 5 failed authentication/, { block: 5 }],
    ['bad/truncated-mid-block.capture', /ends inside the ciphertext of block 9/, { block: 9 }],
  ])('rejects %s and leaves the case unchanged', async (file, message, place) => {
    await importFile(db, sample('sample-exec.capture'), withSampleKey);
    const before = evidenceDigest(db);
    const outcome = await importFile(db, sample(file), withSampleKey);
    expect(outcome.status).toBe('rejected');
    expect(outcome.error).toMatch(message);
    expect(outcome.error).toContain(sample(file));
    expect(outcome.place).toMatchObject(place);
    expect(outcome.place!.offset).toBeGreaterThan(0);
    // Nothing of the file stays; that it was refused, and why, is in the audit log.
    expect(evidenceDigest(db)).toBe(before);
    expect(auditActions(db)).toEqual(['import', 'import-rejected']);
  });

  it('keeps the authenticated prefix of a damaged capture only when asked, marked partial', async () => {
    const outcome = await importFile(db, sample('bad/flipped-byte-block5.capture'), {
      ...withSampleKey,
      allowPartial: true,
    });
    expect(outcome.status).toBe('partial');
    expect(outcome.partialReason).toMatch(/block 5/);
    const id = listSessions(db)[0]!.programs[0]!.id;
    const program = getProgram(db, programRow(id))!;
    expect(program.partialReason).toMatch(/block 5/);
    // What was kept is a true prefix of the real session.
    const script = readScriptLog(sample('raw/sample-shell.io.log'), sample('raw/sample-shell.timing.log'));
    const kept = stream(id, 'output');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(script.output.length);
    expect(script.output.subarray(0, kept.length).equals(kept)).toBe(true);
  });

  it('refuses a capture whose stream is shorter than data_size (cut at a block boundary)', async () => {
    const bytes = readFileSync(sample('sample-shell.capture'));
    const cut = cutAtBlockBoundary(bytes, 10);
    const path = join(dir.path, 'cut.capture');
    writeFileSync(path, cut);
    const before = evidenceDigest(db);
    const outcome = await importFile(db, path, withSampleKey);
    expect(outcome.status).toBe('rejected');
    expect(outcome.error).toMatch(/data_size|inside a packet/);
    expect(evidenceDigest(db)).toBe(before);
    expect(auditActions(db).at(-1)).toBe('import-rejected');
  });

  it('names the problem when no key opens a capture', async () => {
    const outcome = await importFile(db, sample('sample-shell.capture'), { keys: async () => [] });
    expect(outcome.status).toBe('rejected');
    expect(outcome.error).toMatch(/no keys in the vault/);
    const other = { fingerprint: 'ffff', privateKey: new Uint8Array(32).fill(7) };
    const wrong = await importFile(db, sample('sample-shell.capture'), { keys: async () => [other] });
    expect(wrong.error).toMatch(/none of the 1 key\(s\) tried opens it \(ffff\)/);
    expect(count(db, 'sources')).toBe(0);
  });

  it('rejects a file that is no recording, by content not name', async () => {
    const path = join(dir.path, 'notes.capture');
    writeFileSync(path, 'just some notes\n');
    const outcome = await importFile(db, path, withSampleKey);
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect(outcome.error).toMatch(/not an SSH command log/);
    const renamed = join(dir.path, 'renamed.txt');
    copyFileSync(sample('sample-exec.capture'), renamed);
    expect((await importFile(db, renamed, withSampleKey)).format).toBe('capture');
  });
});

describe('re-import and folders', () => {
  it('reports the same bytes again as a duplicate without touching the case', async () => {
    await importFile(db, sample('sample-shell.capture'), withSampleKey);
    const before = caseDigest(db);
    const again = await importFile(db, sample('sample-shell.capture'), withSampleKey);
    expect(again).toMatchObject({ status: 'duplicate', sessions: 1, programs: 1 });
    expect(caseDigest(db)).toBe(before);
  });

  it('walks a folder recursively, skipping files that are no recordings', async () => {
    const plan = await planImport([join(sample('.'))]);
    expect(plan.files.map((f) => f.path.split('/samples/')[1])).toEqual(
      expect.arrayContaining(['sample-shell.capture', 'bad/truncated-mid-block.capture', 'logpush.ndjson.gz']),
    );
    expect(plan.skipped.some((p) => p.endsWith('truth.json'))).toBe(true);
    expect(plan.skipped.some((p) => p.endsWith('sample.key'))).toBe(true);
    const outcomes = await importPlan(db, plan.files, withSampleKey);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => o.path.split('/').pop())).toEqual([
      'flipped-byte-block5.capture',
      'truncated-mid-block.capture',
    ]);
  });
});

async function sha256(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Keeps the header and the first `blocks` blocks of a capture. */
function cutAtBlockBoundary(bytes: Buffer, blocks: number): Buffer {
  let at = 4 + bytes.readUInt32BE(0);
  for (let i = 0; i < blocks; i++) at += 4 + bytes.readUInt32BE(at);
  return bytes.subarray(0, at);
}
