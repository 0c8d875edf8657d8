// Migration 007 keeps each session's program types as bits on its row: filled for an existing case,
// then kept right by triggers as programs come, change and go. Checked against the programs table.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PROGRAM_TYPES, type ProgramType } from '../../src/shared/model';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';

/** The bits as the programs table says they should be, computed here by hand. */
function expectedBits(db: Database.Database, session: number): number {
  const types = db
    .prepare('SELECT DISTINCT type FROM programs WHERE session_id = ?')
    .pluck()
    .all(session) as ProgramType[];
  return types.reduce((bits, t) => bits | (1 << PROGRAM_TYPES.indexOf(t)), 0);
}

describe('migration 007: session program types', () => {
  it('fills the bits of an existing case, then triggers keep them right', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 6);
    const session = db.prepare('INSERT INTO sessions (started_at_us) VALUES (1)');
    const program = db.prepare('INSERT INTO programs (session_id, type) VALUES (?, ?)');
    const s1 = Number(session.run().lastInsertRowid);
    const s2 = Number(session.run().lastInsertRowid);
    const s3 = Number(session.run().lastInsertRowid);
    program.run(s1, 'shell');
    program.run(s1, 'exec');
    program.run(s1, 'shell');
    program.run(s2, 'direct-tcpip');
    migrate(db);
    const bits = (s: number): number =>
      db.prepare('SELECT program_types FROM sessions WHERE id = ?').pluck().get(s) as number;
    for (const s of [s1, s2, s3]) expect(bits(s), `backfill s${s}`).toBe(expectedBits(db, s));
    expect(bits(s1)).toBe(0b11);
    expect(bits(s3)).toBe(0);

    const x11 = Number(program.run(s3, 'x11').lastInsertRowid);
    expect(bits(s3)).toBe(expectedBits(db, s3));
    db.prepare('UPDATE programs SET type = ? WHERE id = ?').run('forwarded-tcpip', x11);
    expect(bits(s3)).toBe(expectedBits(db, s3));
    db.prepare('UPDATE programs SET session_id = ? WHERE id = ?').run(s2, x11);
    for (const s of [s2, s3]) expect(bits(s), `moved to s${s}`).toBe(expectedBits(db, s));
    db.prepare("DELETE FROM programs WHERE session_id = ? AND type = 'exec'").run(s1);
    expect(bits(s1)).toBe(expectedBits(db, s1));
    db.prepare('DELETE FROM programs WHERE session_id = ?').run(s1);
    expect(bits(s1)).toBe(0);
  });
});
