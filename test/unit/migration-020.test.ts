// Migration 020: the user lanes' index holds every column their bars read, so the whole case's
// lanes by user read no session row.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { timelineLanes } from '../../src/main/store/timeline-lanes';

describe('migration 020: user lanes index holding their bars', () => {
  it('keeps a version 19 case’s sessions, and its user lanes read the index alone', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 19);
    const session = db.prepare(
      'INSERT INTO sessions (id, user_email, username, target_id, started_at_us, finished_at_us) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let id = 1; id <= 60; id++)
      session.run(
        id,
        id % 3 === 0 ? null : `u${id % 4}@x`,
        `n${id % 5}`,
        `t${id % 7}`,
        id * 1000,
        id % 2 ? null : id * 1000 + 500,
      );
    const before = db.prepare('SELECT * FROM sessions ORDER BY id').all();
    const lanes = () =>
      timelineLanes(db, { filter: {}, laneBy: 'user', fromMs: 0, toMs: 100, maxLanes: 60, maxPerLane: 100 });
    const view = lanes();
    migrate(db, MIGRATIONS, 20);
    expect(db.prepare('SELECT * FROM sessions ORDER BY id').all()).toEqual(before);
    expect(lanes()).toEqual(view);
    // The plans of the statements that read a lane's bars.
    const plans: string[] = [];
    const watched = new Proxy(db, {
      get(target, key) {
        if (key === 'prepare')
          return (sql: string) => {
            if (sql.includes('LIMIT @maxPerLane'))
              plans.push(
                ...(
                  target.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ lane: 'x', maxPerLane: 1 }) as Array<{
                    detail: string;
                  }>
                ).map((p) => p.detail),
              );
            return target.prepare(sql);
          };
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    timelineLanes(watched, { filter: {}, laneBy: 'user', fromMs: 0, toMs: 100, maxLanes: 60, maxPerLane: 100 });
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((p) => p.includes('COVERING INDEX sessions_lane_user'))).toBe(true);
    db.close();
  });
});
