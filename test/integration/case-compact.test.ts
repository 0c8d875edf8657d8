import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { openCase } from '../../src/main/store/open-case';
import { sshlens } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

// Migration 016 moved a large case's output text into compressed pieces and left the old pages
// free: the 1 GB bench case stayed a 3.45 GB file. SQLite never gives free pages back by itself.

const dir = tempDir();
afterAll(() => dir.cleanup());

const FREED = 80 * 1024 * 1024;

/** Rows whose ids and values must survive compaction unchanged. */
function contents(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return {
      sessions: db.prepare('SELECT * FROM sessions ORDER BY id').all(),
      programs: db.prepare('SELECT id, session_id, started_at_us FROM programs ORDER BY id').all(),
      commands: db.prepare('SELECT id, program_id, text FROM commands ORDER BY id').all(),
      audit: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all(),
    };
  } finally {
    db.close();
  }
}

/** Pages a case no longer uses, as a migration that rewrites its bulk leaves them. */
function freePages(path: string, bytes: number): void {
  const db = new Database(path);
  db.exec('CREATE TABLE bulk (b BLOB)');
  db.prepare('INSERT INTO bulk VALUES (zeroblob(?))').run(bytes);
  db.exec('DROP TABLE bulk');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('case compact', () => {
  it('gives free pages back to the disk and keeps every row, id and the audit chain', () => {
    const path = join(dir.path, 'compact.sqlite');
    expect(sshlens(['--case', path, 'import', sample('sample-exec.cast')]).status).toBe(0);
    freePages(path, FREED);
    const before = contents(path);
    const sizeBefore = statSync(path).size;
    expect(sizeBefore).toBeGreaterThan(FREED);

    const r = sshlens(['--case', path, 'case', 'compact', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const told = JSON.parse(r.stdout) as { fileBytesBefore: number; freeBytesBefore: number; fileBytesAfter: number };
    expect(told.freeBytesBefore).toBeGreaterThanOrEqual(FREED);
    expect(told.fileBytesAfter).toBeLessThan(told.fileBytesBefore - FREED + 1);
    expect(statSync(path).size).toBe(told.fileBytesAfter);

    const after = contents(path) as { audit: unknown[] };
    expect({ ...after, audit: after.audit.slice(0, -1) }).toEqual(before);
    const audit = sshlens(['--case', path, 'audit', '--json']);
    expect(audit.status, audit.stdout).toBe(0);
    const last = (JSON.parse(audit.stdout) as { entries: Array<{ action: string; details: unknown }> }).entries.at(-1);
    expect(last).toMatchObject({ action: 'compact', details: { fileBytesAfter: told.fileBytesAfter } });
  });

  it('compacts a case opened by a newer sshlens when its upgrade left much free', () => {
    const path = join(dir.path, 'old.sqlite');
    const db = new Database(path);
    migrate(db, MIGRATIONS, MIGRATIONS.at(-2)!.version);
    db.close();
    freePages(path, FREED);
    expect(statSync(path).size).toBeGreaterThan(FREED);

    openCase(path).close();
    expect(statSync(path).size).toBeLessThan(FREED / 4);
  });

  it('leaves a case with nothing to upgrade as it is when opened, however much is free', () => {
    const path = join(dir.path, 'current.sqlite');
    openCase(path).close();
    freePages(path, FREED);
    const size = statSync(path).size;
    openCase(path).close();
    expect(statSync(path).size).toBe(size);
  });
});
