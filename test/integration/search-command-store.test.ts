import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listProgramCommands, replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { readOutputText } from '../../src/main/store/output-pieces';
import { addProgram, result, shellCommand, strayOutput } from '../helpers/extraction-result';
import { tempDir } from '../helpers/fixtures';

let dir: { path: string; cleanup: () => void };
let db: CaseDb;
const START = Date.UTC(2026, 10, 21, 17, 20) * 1000;

beforeEach(() => {
  dir = tempDir();
  db = openCase(join(dir.path, 'case.sqlite'));
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

const ftsRows = (table: string, match: string): number[] =>
  db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(match) as number[];

describe('replaceProgramCommands', () => {
  it('stores commands, one output per command and per stray segment, marks, and a program-input parent', () => {
    const program = addProgram(db, { startedAtUs: START });
    const counts = replaceProgramCommands(
      db,
      program,
      result(
        [
          shellCommand('sudo cat /etc/shadow', 'root:*:19000:0:99999:7:::', 2_000_000, { exitStatus: 0 }),
          shellCommand('python3', 'Python 3.11.2', 5_000_000),
          shellCommand('import os', '', 7_000_000, {
            kind: 'program-input',
            method: 'keystrokes',
            programName: 'python3',
            parentIndex: 1,
          }),
        ],
        [strayOutput('Welcome to Ubuntu 22.04.4 LTS', 100_000)],
        [{ atUs: 9_000_000, endUs: null, kind: 'abandoned-input', detail: 'rm -rf /tmp/x' }],
      ),
    );
    expect(counts).toEqual({ commands: 3, outputs: 4, marks: 1 });

    const commands = db
      .prepare(
        'SELECT id, seq, kind, method, text, parent_id, exit_status FROM commands WHERE program_id = ? ORDER BY seq',
      )
      .all(program) as Array<{
      id: number;
      seq: number;
      kind: string;
      method: string;
      text: string;
      parent_id: number | null;
      exit_status: number | null;
    }>;
    expect(commands.map((c) => [c.seq, c.kind, c.text])).toEqual([
      [0, 'shell', 'sudo cat /etc/shadow'],
      [1, 'shell', 'python3'],
      [2, 'program-input', 'import os'],
    ]);
    expect(commands[2]!.parent_id).toBe(commands[1]!.id);
    expect(commands[0]!.exit_status).toBe(0);

    const outputs = (
      db
        .prepare('SELECT id, command_id, start_us FROM outputs WHERE program_id = ? ORDER BY id')
        .all(program) as Array<{
        id: number;
        command_id: number | null;
        start_us: number;
      }>
    ).map(({ id, ...o }) => ({ command_id: o.command_id, text: readOutputText(db, id), start_us: o.start_us }));
    expect(outputs).toEqual([
      { command_id: commands[0]!.id, text: 'root:*:19000:0:99999:7:::', start_us: 2_001_000 },
      { command_id: commands[1]!.id, text: 'Python 3.11.2', start_us: 5_001_000 },
      { command_id: commands[2]!.id, text: '', start_us: 7_001_000 },
      { command_id: null, text: 'Welcome to Ubuntu 22.04.4 LTS', start_us: 100_000 },
    ]);
    expect(db.prepare('SELECT kind, detail, at_us FROM marks WHERE program_id = ?').all(program)).toEqual([
      { kind: 'abandoned-input', detail: 'rm -rf /tmp/x', at_us: 9_000_000 },
    ]);
    // The full-text tables follow through the triggers.
    expect(ftsRows('commands_trigram', '"etc/sha"')).toEqual([commands[0]!.id]);
    expect(ftsRows('pieces_words', 'ubuntu')).toHaveLength(1);
  });

  it('replaces everything of that program on a second run, and nothing of another program', () => {
    const a = addProgram(db, { startedAtUs: START });
    const b = addProgram(db, { startedAtUs: START });
    replaceProgramCommands(
      db,
      a,
      result(
        [shellCommand('ls /old', 'old-listing', 1_000_000)],
        [strayOutput('old banner', 0)],
        [{ atUs: 1, endUs: 2, kind: 'resize', detail: null }],
      ),
    );
    replaceProgramCommands(db, b, result([shellCommand('id', 'uid=0(root)', 1_000_000)]));
    replaceProgramCommands(db, a, result([shellCommand('ls /new', 'new-listing', 1_500_000)]));

    expect(db.prepare('SELECT text FROM commands WHERE program_id = ?').pluck().all(a)).toEqual(['ls /new']);
    const outputsOfA = db.prepare('SELECT id FROM outputs WHERE program_id = ?').pluck().all(a) as number[];
    expect(outputsOfA.map((id) => readOutputText(db, id))).toEqual(['new-listing']);
    expect(db.prepare('SELECT COUNT(*) FROM marks WHERE program_id = ?').pluck().get(a)).toBe(0);
    expect(db.prepare('SELECT text FROM commands WHERE program_id = ?').pluck().all(b)).toEqual(['id']);
    expect(ftsRows('commands_trigram', '"/old"')).toEqual([]);
    // The output's piece index has no positions (migration 016): its trigrams are looked up one by one.
    expect(ftsRows('pieces_trigram', '"old" AND "ban" AND "ner"')).toEqual([]);
    expect(ftsRows('pieces_trigram', '"new" AND "lis"')).toHaveLength(1);
    expect(db.prepare('SELECT count(*) FROM output_pieces').pluck().get()).toBe(2);
    expect(ftsRows('commands_words', 'new')).toHaveLength(1);
  });

  it('links a parent listed after its child, and ignores a parent index out of range', () => {
    const p = addProgram(db, { startedAtUs: START });
    replaceProgramCommands(
      db,
      p,
      result([
        shellCommand('SELECT 1;', '', 1_000_000, { kind: 'program-input', parentIndex: 1 }),
        shellCommand('psql', '', 500_000),
        shellCommand('\\q', '', 2_000_000, { kind: 'program-input', parentIndex: 7 }),
      ]),
    );
    const rows = db.prepare('SELECT id, parent_id FROM commands WHERE program_id = ? ORDER BY seq').all(p) as Array<{
      id: number;
      parent_id: number | null;
    }>;
    expect(rows[0]!.parent_id).toBe(rows[1]!.id);
    expect(rows[2]!.parent_id).toBeNull();
  });
});

describe('listProgramCommands', () => {
  it('lists commands in typed order with their absolute time, or null when the program start is unknown', () => {
    const known = addProgram(db, { startedAtUs: START });
    const unknown = addProgram(db, { startedAtUs: null });
    replaceProgramCommands(
      db,
      known,
      result([
        shellCommand('whoami', 'kai', 1_500_000, { exitStatus: 0 }),
        shellCommand('false', '', 3_000_000, { exitStatus: 1 }),
      ]),
    );
    replaceProgramCommands(db, unknown, result([shellCommand('uptime', '', 10)]));
    expect(listProgramCommands(db, known).map((c) => [c.text, c.timeUs, c.exitStatus])).toEqual([
      ['whoami', START + 1_500_000, 0],
      ['false', START + 3_000_000, 1],
    ]);
    expect(listProgramCommands(db, unknown).map((c) => c.timeUs)).toEqual([null]);
  });
});
