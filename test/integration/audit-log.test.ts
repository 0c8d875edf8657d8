import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reindexCase } from '../../src/main/indexing/index-programs';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { appendAudit, listAudit, verifyAudit, type AuditEntry } from '../../src/main/evidence/audit-log';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { sshlens } from '../helpers/cli';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';

const key = samplePrivateKey();
const keyFingerprint = fingerprint(derivePublicKey(key));
const withSampleKey: ImportOptions = { keys: async () => [{ fingerprint: keyFingerprint, privateKey: key }] };
const FILES = ['sample-shell.capture', 'logpush-unixnano.ndjson', 'sample-exec.cast'];

const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The documented rule, written again from the help text: sorted keys, no whitespace, details parsed. */
function independentHash(row: {
  seq: number;
  at_us: number;
  actor: string;
  action: string;
  details: string;
  prev_hash: string;
}): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  const record = {
    seq: row.seq,
    at_us: row.at_us,
    actor: row.actor,
    action: row.action,
    details: JSON.parse(row.details) as unknown,
    prev_hash: row.prev_hash,
  };
  return createHash('sha256')
    .update(JSON.stringify(sorted(record)), 'utf8')
    .digest('hex');
}

let dir: { path: string; cleanup: () => void };
beforeAll(() => (dir = tempDir()));
afterAll(() => dir.cleanup());

describe('audit entries', () => {
  let db: CaseDb;
  let n = 0;
  beforeEach(() => (db = openCase(join(dir.path, `entries-${++n}.sqlite`))));
  afterEach(() => db.close());

  it('records each imported file with its path, size, SHA-256, format, status and key fingerprint, never the key', async () => {
    for (const f of FILES)
      expect((await importFile(db, sample(f), { ...withSampleKey, now: () => 1_700_000_000_123 })).status).toBe(
        'imported',
      );
    const all = listAudit(db);
    // The Logpush file joins the capture's session, the cast joins the Logpush exec: each link is recorded.
    expect(all.map((e) => [e.seq, e.action])).toEqual([
      [1, 'import'],
      [2, 'import'],
      [3, 'link'],
      [4, 'import'],
      [5, 'link'],
    ]);
    expect(JSON.parse(all[2]!.details)).toMatchObject({ sha256: sha256Of(sample(FILES[1]!)), relation: 'same' });
    const entries = all.filter((e) => e.action === 'import');
    FILES.forEach((f, i) => {
      const details = JSON.parse(entries[i]!.details) as Record<string, unknown>;
      expect(details).toMatchObject({
        path: sample(f),
        size: statSync(sample(f)).size,
        sha256: sha256Of(sample(f)),
        status: 'imported',
      });
      expect(details['sessions']).toBeGreaterThan(0);
      expect(details['programs']).toBeGreaterThan(0);
    });
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ format: 'capture', keyFingerprint });
    expect(JSON.parse(entries[2]!.details)).not.toHaveProperty('keyFingerprint');
    expect(entries[0]!.atUs).toBe(1_700_000_000_123_000);
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    expect(all[1]!.prevHash).toBe(all[0]!.hash);
    const text = JSON.stringify(all);
    expect(text).not.toContain(Buffer.from(key).toString('base64'));
    expect(text).not.toContain(Buffer.from(key).toString('hex'));
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('adds nothing for a duplicate; a rejected file changes no evidence but is recorded with the reason', async () => {
    await importFile(db, sample('sample-exec.cast'), withSampleKey);
    expect((await importFile(db, sample('sample-exec.cast'), withSampleKey)).status).toBe('duplicate');
    expect(listAudit(db)).toHaveLength(1);
    const bad = sample('bad/flipped-byte-block5.capture');
    const rejected = await importFile(db, bad, withSampleKey);
    expect(rejected.status).toBe('rejected');
    const entries = listAudit(db);
    expect(entries.map((e) => e.action)).toEqual(['import', 'import-rejected']);
    expect(JSON.parse(entries[1]!.details)).toEqual({
      path: bad,
      sha256: sha256Of(bad),
      format: 'capture',
      error: rejected.error,
    });
    expect(rejected.error).toContain('block 5');
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('records a partial import as partial, with its reason', async () => {
    const outcome = await importFile(db, sample('bad/flipped-byte-block5.capture'), {
      ...withSampleKey,
      allowPartial: true,
    });
    expect(outcome.status).toBe('partial');
    expect(JSON.parse(listAudit(db)[0]!.details)).toMatchObject({
      status: 'partial',
      partialReason: outcome.partialReason,
      sha256: outcome.sha256,
    });
  });

  it('adds one entry per reindex run, with its counts', async () => {
    await importFile(db, sample('sample-shell.cast'), withSampleKey);
    await importFile(db, sample('sample-exec.cast'), withSampleKey);
    const counts = await reindexCase(db);
    const entries = listAudit(db);
    expect(entries.map((e) => e.action)).toEqual(['import', 'import', 'reindex']);
    expect(JSON.parse(entries[2]!.details)).toEqual({
      programs: 2,
      commands: counts.commands,
      failures: 0,
      linked: 0,
      deduplicated: 0,
    });
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('appends any action through the generic API, and rolls back with the caller transaction', () => {
    const entry = appendAudit(db, {
      action: 'export',
      actor: 'analyst',
      details: { program: 'p1', to: '/tmp/é.cast', skipped: undefined, nested: { b: 1, a: [true, null] } },
    });
    expect(entry).toMatchObject({
      seq: 1,
      actor: 'analyst',
      details: '{"nested":{"a":[true,null],"b":1},"program":"p1","to":"/tmp/é.cast"}',
    });
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { action: 'note', details: { text: 'gone' } });
        throw new Error('caller failed');
      })(),
    ).toThrow('caller failed');
    expect(listAudit(db)).toHaveLength(1);
    expect(() => appendAudit(db, { action: 'note', details: { ratio: 0.5 } })).toThrow(/safe integers/);
  });

  it('refuses UPDATE and DELETE of an entry through SQLite', () => {
    appendAudit(db, { action: 'note', details: { text: 'kept' } });
    expect(() => db.prepare("UPDATE audit_log SET details = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listAudit(db)[0]!.details).toBe('{"text":"kept"}');
  });
});

describe('the hash chain', () => {
  let pristine: string;
  let head: AuditEntry;

  beforeAll(async () => {
    pristine = join(dir.path, 'pristine.sqlite');
    const db = openCase(pristine);
    for (const f of FILES) await importFile(db, sample(f), withSampleKey);
    await reindexCase(db);
    head = listAudit(db).at(-1)!;
    db.close(); // checkpoints the WAL: the file alone holds the case
  });

  let copies = 0;
  /** A copy of the case, edited as an attacker would: with another connection, triggers dropped first. */
  function tampered(edit: (raw: Database.Database) => void): string {
    const path = join(dir.path, `tampered-${++copies}.sqlite`);
    copyFileSync(pristine, path);
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
    edit(raw);
    raw.close();
    return path;
  }

  function verifyFile(path: string): ReturnType<typeof verifyAudit> {
    const db = openCase(path);
    try {
      return verifyAudit(db);
    } finally {
      db.close();
    }
  }

  it('verifies an untouched case, in the CLI too, and an independent implementation of the rule gives every stored hash', () => {
    expect(verifyFile(pristine)).toMatchObject({ ok: true });
    const r = sshlens(['--case', pristine, 'audit']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^SEQ +TIME \(UTC\) +ACTOR +ACTION +SUMMARY/);
    expect(r.stdout).toContain(`imported capture ${sample('sample-shell.capture')}`);
    expect(r.stdout).toContain(`chain verifies: 6 entries\nlast hash: ${head.hash}`);
    const json = JSON.parse(sshlens(['--case', pristine, 'audit', '--json']).stdout) as {
      verified: boolean;
      entries: Array<{ action: string; hash: string; prevHash: string; details: unknown }>;
    };
    expect(json.verified).toBe(true);
    expect(json.entries.map((e) => e.action)).toEqual(['import', 'import', 'link', 'import', 'link', 'reindex']);
    expect(json.entries[5]).toMatchObject({
      hash: head.hash,
      prevHash: json.entries[4]!.hash,
      details: { programs: expect.any(Number) },
    });

    const raw = new Database(pristine, { readonly: true });
    const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<
      Parameters<typeof independentHash>[0] & { hash: string }
    >;
    raw.close();
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(independentHash(row)).toBe(row.hash);
  });

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)(
    'verifies with the few lines of Python the help gives',
    () => {
      const script = `
import hashlib, json, sqlite3, sys
prev = "0" * 64
for seq, at_us, actor, action, details, prev_hash, h in sqlite3.connect(sys.argv[1]).execute("SELECT seq, at_us, actor, action, details, prev_hash, hash FROM audit_log ORDER BY seq"):
    d = json.dumps({"action": action, "actor": actor, "at_us": at_us, "details": json.loads(details), "prev_hash": prev_hash, "seq": seq}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert prev_hash == prev and hashlib.sha256(d.encode("utf-8")).hexdigest() == h, seq
    prev = h
print("ok", prev)`;
      const r = spawnSync('python3', ['-c', script, pristine]);
      expect(r.stderr.toString()).toBe('');
      expect(r.stdout.toString().trim()).toBe(`ok ${head.hash}`);
    },
  );

  const recomputeHash = (raw: Database.Database, seq: number): void => {
    const row = raw.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Parameters<typeof independentHash>[0];
    raw.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?').run(independentHash(row), seq);
  };
  const editSize = (raw: Database.Database, seq: number): void => {
    raw.prepare("UPDATE audit_log SET details = json_set(details, '$.size', 1) WHERE seq = ?").run(seq);
  };

  it.each([
    ['an edited entry', (raw: Database.Database) => editSize(raw, 2), 2, /does not match its hash/],
    [
      'an edited actor',
      (raw: Database.Database) => raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1").run(),
      1,
      /does not match its hash/,
    ],
    [
      'a deleted entry',
      (raw: Database.Database) => raw.prepare('DELETE FROM audit_log WHERE seq = 2').run(),
      3,
      /entry 2 missing/,
    ],
    [
      'two entries swapped',
      (raw: Database.Database) =>
        raw.exec(
          'UPDATE audit_log SET seq = -1 WHERE seq = 1; UPDATE audit_log SET seq = 1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = -1',
        ),
      1,
      /genesis/,
    ],
    [
      'an edited entry whose own hash was recomputed',
      (raw: Database.Database) => {
        editSize(raw, 2);
        recomputeHash(raw, 2);
      },
      3,
      /prev_hash is not the hash of entry 2/,
    ],
    [
      'details that are no JSON',
      (raw: Database.Database) => raw.prepare("UPDATE audit_log SET details = 'x' WHERE seq = 3").run(),
      3,
      /not JSON/,
    ],
  ])('detects %s', (_name, edit, badSeq, reason) => {
    const path = tampered(edit);
    const result = verifyFile(path);
    expect(result).toMatchObject({ ok: false, firstBadSeq: badSeq });
    if (!result.ok) expect(result.reason).toMatch(reason);
    const r = sshlens(['--case', path, 'audit']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`CHAIN BROKEN at entry ${badSeq}: `);
    const json = sshlens(['--case', path, 'audit', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, firstBadSeq: badSeq });
  });

  it('detects two later entries swapped at the first of them', () => {
    const path = tampered((raw) => {
      raw.exec(
        'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1',
      );
    });
    expect(verifyFile(path)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
