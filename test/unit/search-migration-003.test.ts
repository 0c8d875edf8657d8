import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { tempDir } from '../helpers/fixtures';

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('migration 003 (commands by parent)', () => {
  it('indexes commands.parent_id on a version-2 case, keeping its commands, so deleting a command is no table scan', () => {
    const db = new Database(join(dir.path, 'v2.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 2);
    db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
    db.prepare(
      `INSERT INTO commands (program_id, seq, at_us, kind, method, text, output_start_us, output_end_us, output_start_offset, output_end_offset)
      VALUES (1, 0, 5, 'shell', 'screen', 'python3', 5, 6, 0, 0)`,
    ).run();
    expect(migrate(db)).toBeGreaterThanOrEqual(3);
    expect(db.prepare('SELECT text FROM commands').pluck().all()).toEqual(['python3']);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM commands WHERE parent_id = ?').all(1) as Array<{
      detail: string;
    }>;
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX commands_parent/);
    db.close();
  });
});
