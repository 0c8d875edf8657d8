import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/main/ingest/import-file';
import { searchCase } from '../../src/main/search/run-search';
import { listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { readOutputText } from '../../src/main/store/output-pieces';
import { LIVE_PROGRAMS } from '../../src/main/store/recording-writer';
import { tempDir } from '../helpers/fixtures';

// A Logpush file stages its programs, then the case reads them back a page at a time when the
// file joins it: a file of more programs than one page (512) must arrive whole, each once.
const PROGRAMS = 1100;
const START = 1795281616; // 2026-11-21T17:20:16Z

function record(i: number): string {
  const started = new Date((START + i) * 1000).toISOString();
  const payload = [
    { version: 2, width: 80, height: 24, timestamp: START + i, command: `echo ${i}` },
    [0.01, 'o', `line ${i}\r\n`],
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
  return JSON.stringify({
    SessionID: `session-${i}`,
    ProgramID: `program-${i}`,
    ProgramType: 'exec',
    SessionStartDatetime: started,
    ProgramStartDatetime: started,
    UserEmail: `user${i % 7}@example.org`,
    Payload: `${payload}\n`,
  });
}

describe('a Logpush file of more programs than one page', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('joins the case with every program once, and again as a duplicate', async () => {
    const path = join(dir.path, 'many.ndjson');
    writeFileSync(path, Array.from({ length: PROGRAMS }, (_, i) => record(i)).join('\n') + '\n');
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      const outcome = await importFile(db, path, { keys: async () => [] });
      expect(outcome.status, outcome.error).toBe('imported');
      const programs = listSessions(db).flatMap((s) => s.programs);
      expect(programs).toHaveLength(PROGRAMS);
      expect(new Set(programs.map((p) => p.cfProgramId))).toEqual(
        new Set(Array.from({ length: PROGRAMS }, (_, i) => `program-${i}`)),
      );
      expect((await importFile(db, path, { keys: async () => [] })).status).toBe('duplicate');
      expect(listSessions(db).flatMap((s) => s.programs)).toHaveLength(PROGRAMS);
    } finally {
      db.close();
    }
  });
});

describe('Logpush files whose programs are partly new to the case', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  // The new programs' commands and outputs are copied from the staging case in one statement per
  // table (adopt-staged.ts), renumbered: each must land on its own program, beside programs the
  // case held already (whose records are compared, not copied).
  it('gives every program its own command line and output, new or held already', async () => {
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      const write = (name: string, from: number, to: number): string => {
        const path = join(dir.path, name);
        writeFileSync(path, Array.from({ length: to - from }, (_, i) => record(from + i)).join('\n') + '\n');
        return path;
      };
      for (const path of [write('first.ndjson', 0, 600), write('second.ndjson', 300, 1100)]) {
        const outcome = await importFile(db, path, { keys: async () => [] });
        expect(outcome.status, outcome.error).toBe('imported');
      }
      const rows = db
        .prepare(
          `SELECT p.cf_program_id AS program, c.text AS command, o.id AS output
           FROM programs p JOIN commands c ON c.program_id = p.id JOIN outputs o ON o.command_id = c.id AND o.program_id = p.id`,
        )
        .all() as Array<{ program: string; command: string; output: number }>;
      expect(rows).toHaveLength(PROGRAMS);
      for (const r of rows) {
        const i = Number(r.program.slice('program-'.length));
        expect(r.command).toBe(`echo ${i}`);
        expect(readOutputText(db, r.output)).toContain(`line ${i}`);
      }
      const search = searchCase(db, 'in:output "line 1050"');
      expect(search.ok && search.result.hits.map((h) => h.text)).toEqual(['echo 1050']);
    } finally {
      db.close();
    }
  });
});

// One shell program exported in four records: two parts of its recording, then two that disagree
// with the first part (kept in one variant, with a conflict). Between its records come more
// programs than the writer keeps in memory (LIVE_PROGRAMS), so it is settled and read back each time.
const SPLIT_START = START + PROGRAMS + 10;

function splitRecord(part: number): string {
  const started = new Date(SPLIT_START * 1000).toISOString();
  const events: Record<number, unknown[]> = {
    0: [
      [0.1, 'o', '$ '],
      [0.5, 'i', 'ls\r'],
      [0.6, 'o', 'ls\r\na b\r\n$ '],
    ],
    1: [
      [5, 'i', 'id\r'],
      [5.1, 'o', 'id\r\nuid=0(root)\r\n$ '],
    ],
    2: [
      [0.1, 'o', '$ '],
      [0.5, 'i', 'ls\r'],
      [0.6, 'o', 'ls\r\nx y\r\n$ '],
    ],
    3: [
      [0.1, 'o', '# '],
      [0.5, 'i', 'ls\r'],
      [0.6, 'o', 'ls\r\nz\r\n# '],
    ],
  };
  const payload = [{ version: 2, width: 80, height: 24, timestamp: SPLIT_START }, ...events[part]!]
    .map((l) => JSON.stringify(l))
    .join('\n');
  return JSON.stringify({
    SessionID: 'session-split',
    ProgramID: 'program-split',
    ProgramType: 'shell',
    SessionStartDatetime: started,
    ProgramStartDatetime: started,
    ...(part === 1 ? { ProgramFinishDatetime: new Date((SPLIT_START + 6) * 1000).toISOString() } : {}),
    UserEmail: 'split@example.org',
    Payload: `${payload}\n`,
  });
}

/** What the case holds of the split program: its events, its variants' events, its provenance and conflicts. */
function splitProgram(db: CaseDb): unknown {
  const row = (db.prepare("SELECT id FROM programs WHERE cf_program_id = 'program-split'").get() as { id: number }).id;
  const events = (id: number): string[] =>
    [...readEvents(db, id)].map((e) => `${e.atUs} ${e.kind} ${Buffer.from(e.data).toString()}`);
  const variants = (
    db.prepare('SELECT id FROM programs WHERE variant_of = ? ORDER BY id').all(row) as Array<{
      id: number;
    }>
  ).map((v) => events(v.id));
  return {
    program: db
      .prepare(
        'SELECT type, started_at_us, finished_at_us, output_bytes, input_bytes, last_event_us FROM programs WHERE id = ?',
      )
      .get(row),
    events: events(row),
    variants,
    sources: db
      .prepare(
        'SELECT role, first_us, last_us, output_bytes, contributed, linked_by FROM program_sources WHERE program_id = ?',
      )
      .all(row),
    spans: db.prepare('SELECT first_us, last_us FROM program_spans WHERE program_id = ? ORDER BY first_us').all(row),
    conflicts: db
      .prepare('SELECT field, at_us, stored, found FROM conflicts WHERE program_id = ? ORDER BY id')
      .all(row),
    commands: db.prepare('SELECT seq, at_us, text FROM commands WHERE program_id = ? ORDER BY seq').all(row),
  };
}

describe('a program whose records are far apart in a Logpush file', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('joins the case as it does when its records come together', async () => {
    const gap = LIVE_PROGRAMS + 20;
    const others = (from: number): string[] => Array.from({ length: gap }, (_, i) => record(from + i));
    const apart = [0, 1, 2, 3].flatMap((part) => [splitRecord(part), ...others(part * gap)]);
    const together = [0, 1, 2, 3].map(splitRecord);
    const imported = async (name: string, lines: string[]): Promise<unknown> => {
      const path = join(dir.path, `${name}.ndjson`);
      writeFileSync(path, lines.join('\n') + '\n');
      const db = openCase(join(dir.path, `${name}.sqlite`));
      try {
        const outcome = await importFile(db, path, { keys: async () => [] });
        expect(outcome.status, outcome.error).toBe('imported');
        expect(listSessions(db).flatMap((s) => s.programs)).toHaveLength(lines.length - 3);
        return splitProgram(db);
      } finally {
        db.close();
      }
    };
    const alone = await imported('together', together);
    expect((alone as { variants: unknown[] }).variants).toHaveLength(1);
    expect((alone as { conflicts: unknown[] }).conflicts).not.toHaveLength(0);
    expect(await imported('apart', apart)).toEqual(alone);
  });
});
