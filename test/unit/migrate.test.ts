import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from '../../src/main/store/migrate';
import type { Migration } from '../../src/main/store/migrations/migration';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { openCase } from '../../src/main/store/open-case';
import { tempDir } from '../helpers/fixtures';

const dir = tempDir();
const LATEST = MIGRATIONS.at(-1)!.version;
afterAll(() => dir.cleanup());

describe('case migrations', () => {
  it('creates the current schema on a new case, in WAL mode with foreign keys on', () => {
    const db = openCase(join(dir.path, 'new.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps rows written at an older version when migrating forward', () => {
    const path = join(dir.path, 'old.sqlite');
    const db = new Database(path);
    migrate(db, MIGRATIONS, 1);
    db.prepare("INSERT INTO sessions (cf_session_id, user_email) VALUES ('abc', 'a@b.c')").run();
    const next: Migration = {
      version: LATEST + 1,
      name: 'test column',
      up: (d) => d.exec('ALTER TABLE sessions ADD COLUMN note TEXT'),
    };
    expect(migrate(db, [...MIGRATIONS, next])).toBe(LATEST + 1);
    expect(db.prepare('SELECT user_email, note FROM sessions').get()).toEqual({ user_email: 'a@b.c', note: null });
    db.close();
  });

  it('rolls back a failing migration whole', () => {
    const db = new Database(join(dir.path, 'fail.sqlite'));
    migrate(db);
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      up: (d) => d.exec('CREATE TABLE t (x); INSERT INTO nope VALUES (1)'),
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a case written by a newer sshlens', () => {
    const path = join(dir.path, 'future.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openCase(path)).toThrow(SchemaTooNewError);
  });
});

describe('migration 002 (commands)', () => {
  it('adds the command tables to a version-1 case without touching its sessions', () => {
    const db = new Database(join(dir.path, 'v1.sqlite'));
    migrate(db, MIGRATIONS, 1);
    db.prepare("INSERT INTO sessions (cf_session_id) VALUES ('kept')").run();
    migrate(db);
    expect(db.prepare('SELECT cf_session_id FROM sessions').all()).toEqual([{ cf_session_id: 'kept' }]);
    db.prepare("INSERT INTO programs (session_id, type) VALUES (1, 'shell')").run();
    db.prepare(
      `INSERT INTO commands (program_id, seq, at_us, kind, method, text, output_start_us, output_end_us, output_start_offset, output_end_offset)
      VALUES (1, 0, 5, 'shell', 'screen', 'cat /var/log/auth.log', 5, 6, 0, 0)`,
    ).run();
    expect(db.prepare('SELECT rowid FROM commands_trigram WHERE commands_trigram MATCH \'"th.lo"\'').all()).toEqual([
      { rowid: 1 },
    ]);
    expect(db.prepare("SELECT rowid FROM commands_words WHERE commands_words MATCH 'auth'").all()).toEqual([
      { rowid: 1 },
    ]);
    db.prepare('DELETE FROM commands').run();
    expect(db.prepare("SELECT rowid FROM commands_trigram WHERE commands_trigram MATCH 'auth'").all()).toEqual([]);
    db.close();
  });
});

describe('migration 004 (terminal snapshots)', () => {
  it('adds the snapshot table to a version-3 case, its rows going with their program', () => {
    const db = new Database(join(dir.path, 'v3.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 3);
    db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
    expect(migrate(db)).toBeGreaterThanOrEqual(4);
    const insert = db.prepare(
      'INSERT INTO terminal_snapshots (program_id, at_us, cols, rows, output_offset, data) VALUES (1, ?, 80, 24, ?, ?)',
    );
    insert.run(5, 262144, Buffer.from('x'));
    expect(() => insert.run(5, 1, Buffer.from('y'))).toThrow(/UNIQUE/);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT data FROM terminal_snapshots WHERE program_id = ? AND at_us <= ? ORDER BY at_us DESC LIMIT 1',
      )
      .all(1, 9) as Array<{ detail: string }>;
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_terminal_snapshots_1/);
    db.prepare('DELETE FROM programs').run();
    expect(db.prepare('SELECT COUNT(*) FROM terminal_snapshots').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 006 (audit log)', () => {
  it('adds an append-only audit log to a version-5 case without touching its sources', () => {
    const db = new Database(join(dir.path, 'v5.sqlite'));
    migrate(db, MIGRATIONS, 5);
    db.prepare(
      "INSERT INTO sources (path, size, sha256, format, imported_at_us, status) VALUES ('/a', 1, 'ab', 'asciicast', 5, 'imported')",
    ).run();
    expect(migrate(db)).toBeGreaterThanOrEqual(6);
    expect(db.prepare('SELECT path FROM sources').pluck().all()).toEqual(['/a']);
    db.prepare(
      "INSERT INTO audit_log (seq, at_us, actor, action, details, prev_hash, hash) VALUES (1, 5, 'a', 'note', '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT actor FROM audit_log').pluck().all()).toEqual(['a']);
    db.close();
  });
});

describe('migrations 008 and 009 (case fields, annotations)', () => {
  it('add the case fields and the annotation tables to a version-7 case, its sessions untouched', () => {
    const db = new Database(join(dir.path, 'v7.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 7);
    const session = Number(db.prepare('INSERT INTO sessions (started_at_us) VALUES (1)').run().lastInsertRowid);
    expect(migrate(db, MIGRATIONS, 9)).toBe(9);
    expect(db.prepare('SELECT id FROM sessions').pluck().all()).toEqual([session]);
    expect(db.prepare('SELECT count(*) FROM case_fields').pluck().get()).toBeLessThanOrEqual(1);
    const note = db
      .prepare(
        "INSERT INTO annotations (target_kind, session_id, note, starred, created_at_us, updated_at_us, author) VALUES ('session', ?, 'n', 0, 1, 1, 'a')",
      )
      .run(session).lastInsertRowid;
    db.prepare("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, 'exfil')").run(note);
    expect(() =>
      db.prepare("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, 'Not A Tag')").run(note),
    ).toThrow();
    // An annotated session cannot silently disappear.
    expect(() => db.prepare('DELETE FROM sessions WHERE id = ?').run(session)).toThrow();
    db.close();
  });
});
