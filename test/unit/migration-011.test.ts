// Migration 011 adds the swim lanes' indexes to an existing case: its rows stay, and a lane's
// sessions in start order are read from the new index, without a sort.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { hostOf } from '../../src/main/store/timeline-queries';

describe('migration 011: lane indexes', () => {
  it('keeps the rows of a version 10 case and serves each lane in start order from an index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 10);
    const insert = db.prepare(
      'INSERT INTO sessions (user_email, username, target_id, client_address, started_at_us) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run('a@example.org', 'root', 't1', '10.0.0.1:5000', 3);
    insert.run(null, 'deploy', 't2', '[2001:db8::1]:22', 1);
    const before = db.prepare('SELECT * FROM sessions ORDER BY id').all();
    migrate(db, MIGRATIONS, 11);
    expect(db.prepare('SELECT * FROM sessions ORDER BY id').all()).toEqual(before);
    migrate(db); // the lanes are read so in the newest schema too
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    const lanes: Array<[string, string]> = [
      ['COALESCE(s.user_email, s.username)', 'sessions_lane_user'],
      ['s.target_id', 'sessions_lane_target'],
      [hostOf('s.client_address'), 'sessions_lane_client'],
    ];
    for (const [key, index] of lanes) {
      const p = plan(
        `SELECT s.id FROM sessions s WHERE ${key} = 'x' AND s.started_at_us IS NOT NULL ORDER BY s.started_at_us LIMIT 5`,
      );
      expect(p).toContain(index);
      expect(p).not.toContain('TEMP B-TREE');
    }
    db.close();
  });
});
