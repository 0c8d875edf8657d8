// Migration 016 moves output text into compressed pieces with their own indexes: an old case's
// outputs read back and search the same after it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { searchCase } from '../../src/main/search/run-search';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { readOutputText, writeOutputText } from '../../src/main/store/output-pieces';

const LONG = Array.from({ length: 4000 }, (_, i) => `line ${i} of the log`).join('\n') + '\nFailed password for root';
const TEXTS = ['Welcome to Ubuntu 22.04.4 LTS', '', LONG, 'uid=0(root) gid=0(root)'];

function setUp(db: Database.Database): void {
  db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
  db.prepare("INSERT INTO programs (id, session_id, type, started_at_us) VALUES (1, 1, 'shell', 0)").run();
}

function queries(db: Database.Database): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of [
    'in:output ubuntu',
    'in:output "password for root"',
    '=root',
    '"line 3999"',
    'uid*',
    'in:output 22.04',
  ]) {
    const r = searchCase(db, q);
    out[q] = r.ok ? r.result.hits.map((h) => [h.in, h.command, h.snippet, h.matches]) : r.error;
  }
  return out;
}

describe('migration 016: output text in compressed, indexed pieces', () => {
  it('converts a version 15 case’s outputs: the same texts, heads and hits as a case written new', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 15);
    setUp(db);
    const add = db.prepare(
      'INSERT INTO outputs (program_id, start_us, end_us, start_offset, end_offset, text) VALUES (1, ?, ?, 0, ?, ?)',
    );
    TEXTS.forEach((t, i) => add.run(i, i + 1, Buffer.byteLength(t), t));
    const heads = db.prepare('SELECT id, head FROM output_heads ORDER BY id').all();

    migrate(db, MIGRATIONS, 16);
    expect(db.pragma('user_version', { simple: true })).toBe(16);
    const ids = db.prepare('SELECT id FROM outputs ORDER BY id').pluck().all() as number[];
    expect(ids.map((id) => readOutputText(db, id))).toEqual(TEXTS);
    expect(db.prepare('SELECT id, head FROM output_heads ORDER BY id').all()).toEqual(heads);
    // The text is stored once: no text column, no whole-output index.
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('outputs') WHERE name = 'text'").pluck().get()).toBe(0);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('outputs_trigram', 'outputs_words')").pluck().get(),
    ).toBe(0);

    const fresh = new Database(':memory:');
    migrate(fresh);
    setUp(fresh);
    const addNew = fresh.prepare(
      'INSERT INTO outputs (program_id, start_us, end_us, start_offset, end_offset) VALUES (1, ?, ?, 0, ?)',
    );
    TEXTS.forEach((t, i) =>
      writeOutputText(fresh, Number(addNew.run(i, i + 1, Buffer.byteLength(t)).lastInsertRowid), t),
    );
    const found = queries(db);
    expect(found).toEqual(queries(fresh));
    // Which outputs hold what, by hand: the banner, the long log (its last line; its line 3999), the id.
    expect(found).toMatchObject({
      'in:output ubuntu': [['output', null, expect.stringContaining('Ubuntu'), expect.anything()]],
      'in:output "password for root"': [
        ['output', null, expect.stringContaining('Failed password'), expect.anything()],
      ],
      '=root': [
        ['output', null, expect.stringContaining('uid=0'), expect.anything()],
        ['output', null, expect.stringContaining('for root'), expect.anything()],
      ],
      '"line 3999"': [['output', null, expect.stringContaining('line 3999'), expect.anything()]],
    });

    // Deleting an output deletes its pieces and their index entries.
    db.prepare('DELETE FROM outputs WHERE id = ?').run(ids[2]);
    expect(db.prepare('SELECT count(*) FROM output_pieces WHERE output_id = ?').pluck().get(ids[2])).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM pieces_words WHERE pieces_words MATCH 'failed'`).pluck().get()).toBe(0);
    const r = searchCase(db, '"password for root"');
    expect(r.ok && r.result.hits).toEqual([]);
    db.close();
    fresh.close();
  });
});
