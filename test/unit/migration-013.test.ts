// Migration 013 rebuilds the output's trigram index without positions: the outputs of a version
// 12 case stay, are found by their trigrams after it, and new outputs are indexed by the trigger.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';

describe('migration 013: output trigrams without positions', () => {
  it('keeps a version 12 case’s outputs, indexed again, and indexes new ones', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 12);
    db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
    const add = db.prepare(
      'INSERT INTO outputs (program_id, start_us, end_us, start_offset, end_offset, text) VALUES (1, 0, 0, 0, 0, ?)',
    );
    add.run('Connection closed by 203.0.113.9');
    add.run('nothing to see');
    const before = db.prepare('SELECT * FROM outputs ORDER BY id').all();
    migrate(db, MIGRATIONS, 13);
    expect(db.prepare('SELECT * FROM outputs ORDER BY id').all()).toEqual(before);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'outputs_trigram'").pluck().get()).toMatch(
      /detail = none/,
    );
    const rows = (match: string): number[] =>
      db
        .prepare('SELECT rowid FROM outputs_trigram WHERE outputs_trigram MATCH ? ORDER BY rowid')
        .pluck()
        .all(match) as number[];
    expect(rows('"clo" AND "sed"')).toEqual([1]);
    add.run('closed again');
    expect(rows('"clo" AND "sed"')).toEqual([1, 3]);
    db.prepare('DELETE FROM outputs WHERE id = 1').run();
    expect(rows('"clo" AND "sed"')).toEqual([3]);
    expect(rows('"see"')).toEqual([2]);
    // Phrases need positions, which this index no longer keeps: compile-search.ts never asks for one.
    expect(() => rows('"closed"')).toThrow(/phrase queries are not supported/);
    db.close();
  });
});
