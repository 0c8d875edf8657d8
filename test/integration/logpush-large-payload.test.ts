import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/main/ingest/import-file';
import { PAYLOAD_PIECE_EVENTS } from '../../src/main/formats/limits';
import { listSessions, readEvents, sourcesOfProgram } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { caseDigest, count } from '../helpers/case-snapshot';
import { sample, tempDir } from '../helpers/fixtures';

// A Payload of millions of events is read in two passes and stored in pieces (issue 11): what
// the case holds must be what the same events give when they come in many normal records.

type CastEvent = [number, string, string];

const records = gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
// The real shell record with the longest Payload.
const real = records
  .filter((r) => r['ProgramType'] === 'shell')
  .sort((a, b) => String(b['Payload']).length - String(a['Payload']).length)[0]!;
const [headerLine, ...eventLines] = String(real['Payload']).trimEnd().split('\n');
const realEvents = eventLines.map((l) => JSON.parse(l) as CastEvent);
const span = Math.ceil(realEvents.at(-1)![0]) + 1;
const REPEATS = 300;

/**
 * The real session typed again and again, `span` seconds apart: repetition k of the events. Times
 * to the 10 ms, as some exports round them: many events share an instant, and a piece must never
 * be cut between two of them.
 */
const repetition = (k: number): CastEvent[] =>
  realEvents.map(([t, code, data]) => [Math.round((t + k * span) * 100) / 100, code, data]);
const payloadOf = (events: CastEvent[]): string =>
  [headerLine, ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
const lineOf = (programId: string, payload: string): string =>
  JSON.stringify({ ...real, SessionID: `s-${programId}`, ProgramID: programId, Payload: payload });

const noKeys = { keys: async () => [] };

let dir: { path: string; cleanup: () => void };
let n = 0;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

function file(name: string, lines: string[]): string {
  const path = join(dir.path, `${++n}-${name}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function programRow(db: CaseDb, cfProgramId: string): number {
  const program = listSessions(db)
    .flatMap((s) => s.programs)
    .find((p) => p.cfProgramId === cfProgramId);
  expect(program, cfProgramId).toBeDefined();
  return Number(program!.id.slice(1));
}

function storedEvents(db: CaseDb, row: number): string[] {
  return [...readEvents(db, row)].map((e) => `${e.atUs} ${e.kind} ${Buffer.from(e.data).toString('hex')}`);
}

function storedCommands(db: CaseDb, row: number): unknown[] {
  return db
    .prepare(
      'SELECT at_us, kind, method, text, output_start_us, output_end_us FROM commands WHERE program_id = ? ORDER BY seq',
    )
    .raw()
    .all(row);
}

describe('a Logpush record with a huge Payload', () => {
  const all = Array.from({ length: REPEATS }, (_, k) => repetition(k)).flat();

  it('stores the events and commands the same data gives over many normal records', async () => {
    expect(all.length).toBeGreaterThan(4 * PAYLOAD_PIECE_EVENTS);
    // Base64, as some Logpush jobs send it: read from the decoded bytes.
    const big = file('big.ndjson', [lineOf('big', Buffer.from(payloadOf(all)).toString('base64'))]);
    const split = file(
      'split.ndjson',
      Array.from({ length: REPEATS }, (_, k) => lineOf('split', payloadOf(repetition(k)))),
    );
    const one = openCase(join(dir.path, 'one.sqlite'));
    const many = openCase(join(dir.path, 'many.sqlite'));
    try {
      expect((await importFile(one, big, noKeys)).status).toBe('imported');
      expect((await importFile(many, split, noKeys)).status).toBe('imported');
      const a = programRow(one, 'big');
      const b = programRow(many, 'split');
      const events = storedEvents(one, a);
      expect(events.length).toBe(all.length);
      expect(events).toEqual(storedEvents(many, b));
      const commands = storedCommands(one, a);
      expect(commands.length).toBeGreaterThanOrEqual(REPEATS);
      expect(commands).toEqual(storedCommands(many, b));
      expect(count(one, 'conflicts')).toBe(0);

      // The same events again in many records of the same program: provenance, never events.
      const again = file(
        'again.ndjson',
        Array.from({ length: REPEATS }, (_, k) => lineOf('big', payloadOf(repetition(k)))),
      );
      expect((await importFile(one, again, noKeys)).status).toBe('imported');
      expect(storedEvents(one, a)).toEqual(events);
      expect(storedCommands(one, a)).toEqual(commands);
      expect(count(one, 'conflicts')).toBe(0);
      expect(sourcesOfProgram(one, a).length).toBe(2);
    } finally {
      one.close();
      many.close();
    }
  });

  it('is refused whole when its last event is out of range, leaving the case as it was', async () => {
    const db = openCase(join(dir.path, 'refused.sqlite'));
    try {
      const before = caseDigest(db, ['audit_log']);
      const late: CastEvent = [60 * 365.25 * 24 * 3600, 'o', 'late'];
      const path = file('late.ndjson', [lineOf('late', payloadOf([...all, late]))]);
      const outcome = await importFile(db, path, noKeys);
      expect(outcome.status).toBe('rejected');
      expect(outcome.error).toContain(
        `line 1: Payload line ${all.length + 2}: event time ${late[0]} s is out of range`,
      );
      expect(caseDigest(db, ['audit_log'])).toBe(before);
    } finally {
      db.close();
    }
  });

  it('is refused by its Payload line when it cannot be cut into pieces', async () => {
    const db = openCase(join(dir.path, 'uncut.sqlite'));
    try {
      const before = caseDigest(db, ['audit_log']);
      const backwards = [...all.slice(0, 70000), [0, 'o', 'back'] as CastEvent];
      const atOnce = Array.from({ length: 70000 }, (): CastEvent => [1, 'o', 'x']);
      const cases: Array<[string, CastEvent[], string]> = [
        ['backwards', backwards, 'Payload line 70002: events out of time order in a Payload of more than 65536 events'],
        ['at-once', atOnce, 'Payload line 65538: more than 65536 events at one time'],
      ];
      for (const [name, events, message] of cases) {
        const outcome = await importFile(db, file(`${name}.ndjson`, [lineOf(name, payloadOf(events))]), noKeys);
        expect(outcome.status).toBe('rejected');
        expect(outcome.error).toContain(`line 1: ${message}`);
      }
      expect(caseDigest(db, ['audit_log'])).toBe(before);
    } finally {
      db.close();
    }
  });
});
