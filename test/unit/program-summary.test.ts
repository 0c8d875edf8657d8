import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { migrate } from '../../src/main/store/migrate';
import { ChunkAppender, refreshProgramStats } from '../../src/main/store/program-events';
import { parseCast } from '../helpers/recording-forms';

// An appender that wrote every chunk of a program summarizes it as it goes (the import's writer
// then skips reading the program back): the summary must be what refreshProgramStats reads from
// the stored chunks, on real recordings (output heads of real terminals, several chunks) and on
// times that go back.

const RECORDINGS = join(__dirname, '../fixtures/recordings');
const SUMMARY = 'SELECT event_count, last_event_us, input_bytes, output_bytes, output_head FROM programs WHERE id = ?';

function eventsOf(name: string): TerminalEvent[] {
  const cast = parseCast(name, readFileSync(join(RECORDINGS, name), 'utf8'));
  return cast.events.map(([t, code, text]) => ({
    atUs: Math.round(t * 1e6),
    kind: code === 'i' ? 'input' : code === 'o' ? 'output' : 'marker',
    code: 0,
    data: Buffer.from(text, 'utf8'),
  }));
}

function freshCase(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  db.prepare('INSERT INTO sessions (id) VALUES (1)').run();
  return db;
}

/** The summary the appender gives, and the one read back from what it stored, for one program. */
function bothSummaries(db: Database.Database, id: number, events: TerminalEvent[]): [unknown, unknown] {
  db.prepare("INSERT INTO programs (id, session_id, type) VALUES (?, 1, 'shell')").run(id);
  const appender = new ChunkAppender(db, id);
  for (const ev of events) appender.add(ev);
  const s = appender.summary();
  expect(s).not.toBeNull();
  const given = {
    event_count: s!.events,
    last_event_us: s!.lastUs,
    input_bytes: s!.inputBytes,
    output_bytes: s!.outputBytes,
    output_head: s!.head,
  };
  refreshProgramStats(db, id);
  return [given, db.prepare(SUMMARY).get(id)];
}

describe("an appender's own summary of the program it wrote", () => {
  const casts = readdirSync(RECORDINGS).filter((f) => f.endsWith('.cast'));

  it('is what is read back from its chunks, for every recording', () => {
    expect(casts.length).toBeGreaterThan(10);
    const db = freshCase();
    casts.forEach((name, i) => {
      const [given, stored] = bothSummaries(db, i + 1, eventsOf(name));
      expect(given, name).toEqual(stored);
    });
    // Several chunks: the largest recordings' events, four times over, times moving on.
    const many = casts.flatMap((name) => eventsOf(name)).map((ev, i) => ({ ...ev, atUs: i * 1000 }));
    expect(db.prepare('SELECT max(event_count) FROM programs').pluck().get()).toBeLessThan(many.length);
    const [given, stored] = bothSummaries(db, 1000, many);
    expect(given).toEqual(stored);
    expect(db.prepare('SELECT count(*) FROM event_chunks WHERE program_id = 1000').pluck().get()).toBeGreaterThan(1);
    db.close();
  });

  it('keeps the latest time when times go back, and counts empty programs', () => {
    const db = freshCase();
    const events = eventsOf('dash.cast').map((ev, i) => ({ ...ev, atUs: i % 7 === 0 ? 5 : ev.atUs }));
    const [given, stored] = bothSummaries(db, 1, events);
    expect(given).toEqual(stored);
    const [none, noneStored] = bothSummaries(db, 2, []);
    expect(none).toEqual(noneStored);
    db.close();
  });

  it('is not given for a program that held chunks before, nor twice', () => {
    const db = freshCase();
    bothSummaries(db, 1, eventsOf('dash.cast').slice(0, 20));
    const later = new ChunkAppender(db, 1);
    later.add({ atUs: 99_000_000, kind: 'output', code: 0, data: Buffer.from('more\r\n') });
    expect(later.summary()).toBeNull();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (2, 1, 'shell')").run();
    const once = new ChunkAppender(db, 2);
    once.add({ atUs: 1, kind: 'output', code: 0, data: Buffer.from('$ ') });
    expect(once.summary()).not.toBeNull();
    expect(once.summary()).toBeNull();
    db.close();
  });
});
