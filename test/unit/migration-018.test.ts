// Migration 018: each session flag (017) has a partial index in list order, so a filter on a flag
// walks the flagged sessions only, never every session.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { timelineFilterSql } from '../../src/main/store/timeline-filter-sql';

describe('migration 018: indexes of flagged sessions', () => {
  it('keeps a version 17 case’s sessions and walks only the flagged ones for a flag filter', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 17);
    const session = db.prepare('INSERT INTO sessions (id, started_at_us, error) VALUES (?, ?, ?)');
    const program = db.prepare(
      "INSERT INTO programs (session_id, type, started_at_us, exit_status) VALUES (?, 'exec', ?, ?)",
    );
    for (let id = 1; id <= 50; id++) {
      session.run(id, id * 1000, id % 10 === 0 ? 'lost' : null);
      program.run(id, id * 1000, id % 7 === 0 ? 1 : 0);
    }
    const before = db.prepare('SELECT * FROM sessions ORDER BY id').all();
    migrate(db, MIGRATIONS, 18);
    expect(db.prepare('SELECT * FROM sessions ORDER BY id').all()).toEqual(before);
    for (const [filter, index, count] of [
      [{ nonZeroExit: true }, 'sessions_non_zero_exit', 7],
      [{ problemsOnly: true }, 'sessions_problem', 5],
    ] as const) {
      const sql = timelineFilterSql(filter);
      const query = `SELECT s.id FROM sessions s WHERE ${sql.where} ORDER BY s.started_at_us NULLS LAST, s.id`;
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(sql.params) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toContain(`COVERING INDEX ${index}`);
      expect(db.prepare(query).all(sql.params)).toHaveLength(count);
    }
    db.close();
  });
});
