// Migration 021: the triggers that keep the timeline's counts do less, and count the same. The
// reference is a case left at version 20 (017/019's triggers, checked against their definitions
// in timeline-queries.test.ts): both are given the same rows and the same changes.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';

const TYPES = ['shell', 'exec', 'x11', 'direct-tcpip', 'forwarded-tcpip', 'unknown'];
const HOUR_US = 3_600_000_000;

/** A small deterministic generator (xorshift32). */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** What the triggers keep: facet counts, hour counts, and each session's flags and program types. */
function counts(db: Database.Database): unknown {
  return {
    facets: db.prepare('SELECT kind, value, sessions FROM session_facets ORDER BY kind, value').all(),
    hours: db.prepare('SELECT hour, program_types, flags, sessions FROM session_hours ORDER BY 1, 2, 3').all(),
    sessions: db.prepare('SELECT id, flags, program_types FROM sessions ORDER BY id').all(),
  };
}

/** Sessions and programs of every type, some sessions with an error, starts over a few days. */
function fill(db: Database.Database): void {
  const r = prng(0x2021);
  const session = db.prepare(
    `INSERT INTO sessions (id, user_email, username, target_id, client_address, server_address, started_at_us, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const program = db.prepare(
    'INSERT INTO programs (id, session_id, type, exit_status, exit_signal, incomplete) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let programId = 0;
  for (let id = 1; id <= 300; id++) {
    session.run(
      id,
      r() < 0.8 ? `user${id % 9}@example.org` : null,
      `u${id % 4}`,
      `target-${id % 5}`,
      `198.51.100.${id % 30}:${40000 + id}`,
      r() < 0.5 ? '203.0.113.80:22' : '[2001:db8::7]:22',
      r() < 0.95 ? 1795281600000000 + Math.floor(r() * 96) * HOUR_US + id : null,
      r() < 0.1 ? 'connection reset' : null,
    );
    for (let k = Math.floor(r() * 4); k > 0; k--) {
      program.run(
        ++programId,
        id,
        TYPES[Math.floor(r() * TYPES.length)],
        r() < 0.2 ? 1 : 0,
        r() < 0.05 ? 'KILL' : null,
        r() < 0.05 ? 1 : 0,
      );
    }
  }
}

/** Every kind of change the counts follow: programs added, moved, ended otherwise and removed; sessions edited and removed. */
function change(db: Database.Database): void {
  const r = prng(0x5eed);
  const pick = (sql: string): number => {
    const ids = db.prepare(sql).pluck().all() as number[];
    return ids[Math.floor(r() * ids.length)]!;
  };
  for (let i = 0; i < 400; i++) {
    const what = Math.floor(r() * 8);
    const s = pick('SELECT id FROM sessions');
    if (what === 0)
      db.prepare('INSERT INTO programs (session_id, type, exit_status) VALUES (?, ?, ?)').run(
        s,
        TYPES[Math.floor(r() * TYPES.length)],
        r() < 0.3 ? 2 : 0,
      );
    else if (what === 1) db.prepare('DELETE FROM programs WHERE id = ?').run(pick('SELECT id FROM programs'));
    else if (what === 2)
      db.prepare('UPDATE programs SET session_id = ? WHERE id = ?').run(s, pick('SELECT id FROM programs'));
    else if (what === 3)
      db.prepare('UPDATE programs SET exit_status = ?, exit_signal = ? WHERE id = ?').run(
        r() < 0.5 ? 0 : 3,
        r() < 0.2 ? 'TERM' : null,
        pick('SELECT id FROM programs'),
      );
    else if (what === 4)
      db.prepare('UPDATE sessions SET started_at_us = ? WHERE id = ?').run(
        r() < 0.1 ? null : 1795281600000000 + Math.floor(r() * 96) * HOUR_US,
        s,
      );
    else if (what === 5)
      db.prepare('UPDATE sessions SET user_email = ?, client_address = ? WHERE id = ?').run(
        `moved${i % 3}@example.org`,
        r() < 0.5 ? null : '192.0.2.1:1',
        s,
      );
    else if (what === 6) db.prepare('UPDATE sessions SET error = ? WHERE id = ?').run(r() < 0.5 ? null : 'lost', s);
    else if (r() < 0.3) db.prepare('DELETE FROM sessions WHERE id = ?').run(s);
  }
}

describe('migration 021: cheaper upkeep of timeline counts', () => {
  it('keeps a version 20 case’s counts, and keeps them as version 20’s triggers would', () => {
    const reference = new Database(':memory:');
    const upgraded = new Database(':memory:');
    for (const db of [reference, upgraded]) {
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS, 20);
      fill(db);
    }
    const before = counts(reference);
    expect((before as { hours: unknown[] }).hours.length).toBeGreaterThan(50);
    migrate(upgraded, MIGRATIONS, 21);
    expect(counts(upgraded)).toEqual(before);
    for (const db of [reference, upgraded]) change(db);
    expect(counts(upgraded)).toEqual(counts(reference));
    // And a case made at 21 from the start counts its rows as the reference did.
    const fresh = new Database(':memory:');
    fresh.pragma('foreign_keys = ON');
    migrate(fresh, MIGRATIONS, 21);
    fill(fresh);
    expect(counts(fresh)).toEqual(before);
    for (const db of [reference, upgraded, fresh]) db.close();
  });
});
