// Migration 022: commands whose exit status is known are indexed by it, so exit: filters count
// and list them without reading every command.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { compileSearch } from '../../src/main/search/compile-search';
import { parseQuery } from '../../src/main/search/parse-query';

const plan = (db: Database.Database, sql: string, params: Record<string, unknown>): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, cap: 10 }) as Array<{ detail: string }>)
    .map((r) => r.detail)
    .join(' / ');

describe('migration 022: commands by known exit status', () => {
  it('keeps a version 21 case’s commands; exit: filters count and list them through the index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 21);
    db.exec(
      `INSERT INTO sessions (id) VALUES (1); INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell'), (2, 1, 'shell')`,
    );
    const command = db.prepare(
      `INSERT INTO commands (program_id, seq, at_us, kind, method, text, exit_status, output_start_us, output_end_us, output_start_offset, output_end_offset)
       VALUES (?, ?, ?, 'shell', 'keystrokes', ?, ?, 0, 0, 0, 0)`,
    );
    for (let i = 0; i < 40; i++) command.run(1 + (i % 2), i, i, `c${i}`, i % 10 === 0 ? 1 : i % 3 === 0 ? 0 : null);
    const before = db.prepare('SELECT * FROM commands ORDER BY id').all();
    migrate(db, MIGRATIONS, 22);
    expect(db.prepare('SELECT * FROM commands ORDER BY id').all()).toEqual(before);

    for (const q of ['exit:nonzero x', 'exit:1 x', 'exit:0 exit:nonzero x']) {
      const parsed = parseQuery(q);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const p = compileSearch(parsed.query, { exitPrograms: true });
      const count = plan(db, p.exitCommands!.sql, p.exitCommands!.params);
      const programs = plan(db, p.programs!.sql, p.programs!.params);
      for (const text of [count, programs]) {
        expect(text, q).toContain('COVERING INDEX commands_exit');
        expect(text, q).not.toMatch(/SCAN ec\b/);
      }
      // What the count says is what the filter keeps.
      const n = (db.prepare(p.exitCommands!.sql).get({ ...p.exitCommands!.params, cap: 100 }) as { n: number }).n;
      const where = q.startsWith('exit:nonzero')
        ? 'exit_status <> 0'
        : q.startsWith('exit:1')
          ? 'exit_status = 1'
          : 'exit_status IS NOT NULL';
      expect(n, q).toBe(db.prepare(`SELECT count(*) FROM commands WHERE ${where}`).pluck().get());
      expect(
        db
          .prepare(p.programs!.sql)
          .pluck()
          .all({ ...p.programs!.params, cap: 10 }),
        q,
      ).toEqual(
        db.prepare(`SELECT DISTINCT program_id FROM commands WHERE ${where} ORDER BY program_id DESC`).pluck().all(),
      );
    }
    db.close();
  });
});
