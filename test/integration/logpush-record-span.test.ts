import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_PIECE_EVENTS } from '../../src/main/formats/limits';
import { importFile } from '../../src/main/ingest/import-file';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { tempDir } from '../helpers/fixtures';

// A record too long for one piece is stored in several (issue 11); its pieces must still cover the
// record's whole time, as one span: between two pieces there is time the record says held no event.

const START_S = 1795281600;
const header = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: START_S });
const EVENTS = 3 * PAYLOAD_PIECE_EVENTS + 11;

/** Events from..to-1, 1 ms apart: every cut between two pieces leaves a gap of 1 ms. */
function lineOf(programId: string, from: number, to: number): string {
  const lines = [header];
  for (let i = from; i < to; i++)
    lines.push(JSON.stringify([i / 1000, i % 2 ? 'o' : 'i', i % 2 ? `out ${i}\r\n` : 'x']));
  return JSON.stringify({
    SessionID: `s-${programId}`,
    ProgramID: programId,
    ProgramType: 'shell',
    ProgramStartDatetime: START_S,
    SessionStartDatetime: START_S,
    Payload: lines.join('\n') + '\n',
  });
}

const noKeys = { keys: async () => [] };
let dir: { path: string; cleanup: () => void };
let n = 0;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

function file(lines: string[]): string {
  const path = join(dir.path, `${++n}.ndjson`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function spans(db: CaseDb, cfProgramId: string): number[][] {
  return db
    .prepare(
      `SELECT first_us, last_us FROM program_spans WHERE program_id = (SELECT id FROM programs WHERE cf_program_id = ?) ORDER BY first_us`,
    )
    .raw()
    .all(cfProgramId) as number[][];
}

describe('a Logpush record stored in several pieces', () => {
  it('is one span of its program, read into a new program or joined to one the case holds', async () => {
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      // New program: the record's pieces are written as they are read.
      expect((await importFile(db, file([lineOf('new', 0, EVENTS)]), noKeys)).status).toBe('imported');
      expect(spans(db, 'new')).toEqual([[0, (EVENTS - 1) * 1000]]);

      // A program the case holds (its first 100 events, from another file): the staged record joins
      // it as pieces compared with what it stores.
      expect((await importFile(db, file([lineOf('held', 0, 100)]), noKeys)).status).toBe('imported');
      expect(spans(db, 'held')).toEqual([[0, 99_000]]);
      const outcome = await importFile(db, file([lineOf('held', 0, EVENTS)]), noKeys);
      expect(outcome.status).toBe('imported');
      expect(outcome.conflicts ?? []).toEqual([]);
      expect(spans(db, 'held')).toEqual([[0, (EVENTS - 1) * 1000]]);
      const stored = db
        .prepare(`SELECT event_count FROM programs WHERE cf_program_id = 'held'`)
        .pluck()
        .get() as number;
      expect(stored).toBe(EVENTS);
    } finally {
      db.close();
    }
  });

  it('keeps records apart that leave time between them', async () => {
    const db = openCase(join(dir.path, 'apart.sqlite'));
    try {
      const path = file([lineOf('apart', 0, 100), lineOf('apart', 200, 300)]);
      expect((await importFile(db, path, noKeys)).status).toBe('imported');
      expect(spans(db, 'apart')).toEqual([
        [0, 99_000],
        [200_000, 299_000],
      ]);
    } finally {
      db.close();
    }
  });
});
