// Migration 015 keeps each output's first characters apart (search ranks by them without reading
// whole outputs) and indexes event chunks by output offset (placing a hit seeks, not scans).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { OUTPUT_HEAD_CHARS } from '../../src/main/store/migrations/015-output-heads';

describe('migration 015: output heads, event chunks by output offset', () => {
  it('fills the heads of a version 14 case’s outputs, keeps them with new and deleted outputs, and seeks chunks by offset', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 14);
    db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
    const add = db.prepare(
      'INSERT INTO outputs (program_id, start_us, end_us, start_offset, end_offset, text) VALUES (1, 0, 0, 0, 0, ?)',
    );
    const long = 'é'.repeat(OUTPUT_HEAD_CHARS) + 'tail';
    add.run(long);
    add.run('short');
    const before = db.prepare('SELECT * FROM outputs ORDER BY id').all();
    migrate(db, MIGRATIONS, 15);
    expect(db.prepare('SELECT * FROM outputs ORDER BY id').all()).toEqual(before);
    const heads = (): Array<[number, string]> =>
      (db.prepare('SELECT id, head FROM output_heads ORDER BY id').all() as Array<{ id: number; head: string }>).map(
        (r) => [r.id, r.head],
      );
    // Characters, not bytes: a head never ends in half a character.
    expect(heads()).toEqual([
      [1, 'é'.repeat(OUTPUT_HEAD_CHARS)],
      [2, 'short'],
    ]);
    add.run('new one');
    db.prepare('DELETE FROM outputs WHERE id = 1').run();
    expect(heads()).toEqual([
      [2, 'short'],
      [3, 'new one'],
    ]);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT seq FROM event_chunks WHERE program_id = 1 AND output_offset <= 10 ORDER BY output_offset DESC, seq DESC LIMIT 1',
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/COVERING INDEX event_chunks_output/)]);
    db.close();
  });
});
