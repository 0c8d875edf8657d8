// Migration 012 lets event chunks be stored compressed: a case written before it keeps its raw
// chunks, read exactly as before, and new chunks appended to the same program are compressed.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { ChunkBuilder } from '../../src/main/store/event-chunk-codec';
import { ChunkAppender } from '../../src/main/store/program-events';
import { readEvents } from '../../src/main/store/case-queries';
import type { CaseDb } from '../../src/main/store/open-case';
import type { TerminalEvent } from '../../src/main/formats/recording';

const output = (atUs: number, text: string): TerminalEvent => ({
  atUs,
  kind: 'output',
  code: 0,
  data: Buffer.from(text),
});

describe('migration 012: compressed event chunks', () => {
  it('reads a version 11 case’s raw chunks as before and compresses what is appended after', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 11);
    db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (1, 1, 'shell')").run();
    const old = new ChunkBuilder();
    const oldEvents = Array.from({ length: 50 }, (_, i) => output(1_000 + i, `old line ${i} of the recording\r\n`));
    oldEvents.forEach((e) => old.add(e));
    const c = old.take();
    db.prepare(
      `INSERT INTO event_chunks (program_id, seq, first_us, last_us, event_count, output_offset, input_offset, body)
       VALUES (1, 0, ?, ?, ?, 0, 0, ?)`,
    ).run(c.firstUs, c.lastUs, c.count, c.body);
    const before = db.prepare('SELECT * FROM event_chunks').all();

    migrate(db);
    expect(db.prepare('SELECT id, program_id, seq, first_us, last_us, body FROM event_chunks').all()).toEqual(
      (before as Array<Record<string, unknown>>).map(
        ({ event_count: _n, output_offset: _o, input_offset: _i, ...r }) => r,
      ),
    );
    expect(db.prepare('SELECT encoding FROM event_chunks').pluck().get()).toBe(0);

    const appender = new ChunkAppender(db, 1);
    const newEvents = Array.from({ length: 50 }, (_, i) => output(2_000 + i, `new line ${i} of the recording\r\n`));
    newEvents.forEach((e) => appender.add(e));
    appender.flush();
    const rows = db
      .prepare('SELECT seq, encoding, output_offset, length(body) AS n FROM event_chunks ORDER BY seq')
      .all();
    expect(rows).toMatchObject([
      { seq: 0, encoding: 0 },
      { seq: 1, encoding: 1, output_offset: oldEvents.reduce((n, e) => n + e.data.length, 0) },
    ]);
    const text = [...readEvents(db as unknown as CaseDb, 1)].map((e) => Buffer.from(e.data).toString()).join('');
    expect(text).toBe([...oldEvents, ...newEvents].map((e) => Buffer.from(e.data).toString()).join(''));
    db.close();
  });
});
