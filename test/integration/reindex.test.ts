import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExtractionInput } from '../../src/main/extraction/extract-commands';
import type { ExtractedCommand, ExtractionSink } from '../../src/main/extraction/extraction-types';
import { reindexCase } from '../../src/main/indexing/index-programs';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';
import { outputText, overwriteOutputText, withOutputText } from '../helpers/output-text';

const BOGUS_COMMAND: ExtractedCommand = {
  atUs: 0,
  text: 'half-extracted',
  kind: 'shell',
  method: 'screen',
  guess: null,
  prompt: null,
  cwd: null,
  user: null,
  host: null,
  programName: null,
  parentIndex: null,
  output: '',
  outputStartUs: 0,
  outputEndUs: 0,
  outputStartOffset: 0,
  outputEndOffset: 0,
  exitStatus: null,
};

// The real extractor, except when a test asks it to fail on some programs (an extractor bug).
const control = vi.hoisted(() => ({ failWhen: null as null | ((input: ExtractionInput) => boolean) }));
vi.mock('../../src/main/extraction/extract-commands', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/extraction/extract-commands')>();
  return {
    ...real,
    streamCommands: async (input: ExtractionInput, sink: ExtractionSink) => {
      if (control.failWhen?.(input)) {
        // Fail part-way, after handing over a first command, as a real bug would.
        sink.command({ ...BOGUS_COMMAND }, 0);
        throw new Error('extractor bug');
      }
      return real.streamCommands(input, sink);
    },
  };
});

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const EXEC = truth('sample-exec').exec_command!;

let dir: { path: string; cleanup: () => void };
let db: CaseDb;

beforeEach(() => {
  control.failWhen = null;
  dir = tempDir();
  db = withOutputText(openCase(join(dir.path, 'case.sqlite')));
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

async function importSamples(...names: string[]): Promise<void> {
  for (const name of names) expect((await importFile(db, sample(name), withSampleKey)).status).toBe('imported');
}

/** Everything extraction wrote, without row ids (a reindex renumbers them). */
function indexSnapshot(): unknown {
  return {
    commands: db
      .prepare(
        'SELECT program_id, seq, at_us, kind, method, text, exit_status, output_start_offset, output_end_offset FROM commands ORDER BY program_id, seq',
      )
      .all(),
    outputs: db
      .prepare(
        `SELECT o.program_id, c.seq AS command_seq, o.start_us, o.end_us, o.start_offset, o.end_offset, ${outputText('o')} AS text
        FROM outputs o LEFT JOIN commands c ON c.id = o.command_id ORDER BY o.program_id, o.start_us, text`,
      )
      .all(),
    marks: db
      .prepare('SELECT program_id, at_us, end_us, kind, detail FROM marks ORDER BY program_id, at_us, kind')
      .all(),
  };
}

const execPrograms = (): number[] =>
  db.prepare('SELECT id FROM programs WHERE command = ? ORDER BY id').pluck().all(EXEC) as number[];

describe('commands are indexed on import', () => {
  it('gives the exec program of an asciicast its command and the output after it', async () => {
    await importSamples('sample-exec.cast');
    const [program] = execPrograms();
    const commands = db
      .prepare('SELECT id, kind, method, text, at_us FROM commands WHERE program_id = ?')
      .all(program) as Array<{ id: number }>;
    expect(commands).toEqual([{ id: expect.any(Number), kind: 'exec', method: 'exec', text: EXEC, at_us: 0 }]);
    const output = db
      .prepare(`SELECT ${outputText('o')} FROM outputs o WHERE command_id = ?`)
      .pluck()
      .get(commands[0]!.id) as string;
    expect(output).toContain(truth('sample-exec').output_snippets[0]!);
  });

  it('keeps the output of a capture whose metadata names no command as output that follows no command', async () => {
    await importSamples('sample-exec.capture');
    expect(db.prepare('SELECT COUNT(*) FROM commands').pluck().get()).toBe(0);
    const stray = db
      .prepare(`SELECT command_id, ${outputText('o')} AS text, start_offset, end_offset FROM outputs o`)
      .all() as Array<{
      command_id: null;
      text: string;
      end_offset: number;
    }>;
    expect(stray).toHaveLength(1);
    expect(stray[0]!.command_id).toBeNull();
    expect(stray[0]!.text).toContain('warning: low disk on /var');
    expect(stray[0]!.end_offset).toBe(truth('sample-exec').stats.server_bytes);
  });

  it('rolls back the whole file, commands included, when storing the commands fails', async () => {
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON commands BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const outcome = await importFile(db, sample('sample-exec.cast'), withSampleKey);
    expect(outcome.status).toBe('rejected');
    for (const table of ['sources', 'sessions', 'programs', 'event_chunks', 'commands', 'outputs']) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });

  it('imports the recording with a warning when the extractor fails on it', async () => {
    control.failWhen = (input) => input.command === EXEC;
    const outcome = await importFile(db, sample('sample-exec.cast'), withSampleKey);
    expect(outcome.status).toBe('imported');
    expect(outcome.warnings?.join('\n')).toMatch(/^p\d+: command extraction failed: extractor bug; .*sshlens reindex/m);
    expect(db.prepare('SELECT COUNT(*) FROM event_chunks').pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM commands').pluck().get()).toBe(0);
  });
});

describe('reindexCase', () => {
  it('rebuilds exactly what the import wrote, from the stored events, with progress per program', async () => {
    await importSamples('sample-exec.cast', 'sample-exec.capture', 'logpush.ndjson.gz');
    const imported = indexSnapshot();
    const programs = db.prepare('SELECT COUNT(*) FROM programs').pluck().get() as number;
    db.exec('DELETE FROM outputs; DELETE FROM marks; DELETE FROM commands;');

    const progress: Array<[number, number]> = [];
    const counts = await reindexCase(db, (p) => progress.push([p.done, p.total]));
    expect(indexSnapshot()).toEqual(imported);
    expect(counts.programs).toBe(programs);
    expect(counts.commands).toBe(db.prepare('SELECT COUNT(*) FROM commands').pluck().get());
    expect(counts.outputs).toBe(db.prepare('SELECT COUNT(*) FROM outputs').pluck().get());
    expect(counts.failures).toEqual([]);
    expect(progress).toEqual(Array.from({ length: programs }, (_, i) => [i + 1, programs]));
    // Each session's flags (migration 017) are still what its error and programs give.
    const flags = db
      .prepare(
        `SELECT s.id, s.flags AS stored,
           EXISTS (SELECT 1 FROM programs p WHERE p.session_id = s.id AND p.exit_signal IS NULL AND p.exit_status <> 0)
           | ((s.error IS NOT NULL OR EXISTS (SELECT 1 FROM programs p WHERE p.session_id = s.id AND (p.exit_signal IS NOT NULL
               OR (p.exit_status IS NULL AND p.exit_error IS NOT NULL) OR p.incomplete = 1))) << 1) AS expected
         FROM sessions s`,
      )
      .all() as Array<{ id: number; stored: number; expected: number }>;
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect({ id: f.id, flags: f.stored }).toEqual({ id: f.id, flags: f.expected });
    // The full-text index follows: the old rows are gone from it, the new ones in it.
    expect(
      db.prepare(`SELECT COUNT(*) FROM commands_trigram WHERE commands_trigram MATCH '"debian_vers"'`).pluck().get(),
    ).toBe(execPrograms().length);
  });

  it('is idempotent', async () => {
    await importSamples('sample-exec.cast', 'logpush.ndjson.gz');
    await reindexCase(db);
    const once = indexSnapshot();
    await reindexCase(db);
    expect(indexSnapshot()).toEqual(once);
    expect(db.prepare('SELECT COUNT(*) FROM commands_words').pluck().get()).toBe(
      db.prepare('SELECT COUNT(*) FROM commands').pluck().get(),
    );
  });

  it('keeps the previous commands of a program the extractor fails on, and redoes the others', async () => {
    await importSamples('sample-exec.cast', 'sample-exec.capture');
    const before = indexSnapshot();
    overwriteOutputText(
      db,
      db.prepare('SELECT id FROM outputs WHERE command_id IS NULL').pluck().all() as number[],
      'stale',
    );
    control.failWhen = (input) => input.command === EXEC;
    const counts = await reindexCase(db);
    expect(counts.failures).toEqual([
      { program: `p${execPrograms()[0]}`, message: 'command extraction failed: extractor bug' },
    ]);
    expect(db.prepare('SELECT text FROM commands').pluck().all()).toEqual([EXEC]);
    // The capture's program was redone: its output is back from the events.
    expect(indexSnapshot()).toEqual(before);
  });

  it('commits program by program: a store error leaves finished programs redone and the failing one as it was', async () => {
    // Two programs: an exec capture (no command, only output) and another exec with its command.
    await importSamples('sample-exec.capture');
    const other = join(dir.path, 'other-exec.cast');
    writeFileSync(
      other,
      '{"version":2,"width":80,"height":24,"timestamp":1795290000,"command":"uname -a"}\n[0.01,"o","Linux box 6.1.0\\n"]\n',
    );
    expect((await importFile(db, other, withSampleKey)).status).toBe('imported');
    const [capture, cast] = db.prepare('SELECT id FROM programs ORDER BY id').pluck().all() as number[];
    const castCommands = db.prepare('SELECT text FROM commands WHERE program_id = ? ORDER BY seq').pluck().all(cast);
    expect(castCommands).toEqual(['uname -a']);
    overwriteOutputText(db, db.prepare('SELECT id FROM outputs').pluck().all() as number[], 'stale');
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON commands BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(reindexCase(db)).rejects.toThrow(/disk full/);
    expect(db.inTransaction).toBe(false);
    // The capture's program (no commands, so no insert) was redone and committed before the failure.
    expect(
      db
        .prepare(`SELECT ${outputText('o')} FROM outputs o WHERE program_id = ?`)
        .pluck()
        .get(capture),
    ).toContain('low disk');
    // The cast's program was rolled back whole: its commands and its stale outputs are all still there.
    expect(db.prepare('SELECT text FROM commands WHERE program_id = ? ORDER BY seq').pluck().all(cast)).toEqual(
      castCommands,
    );
    const outputs = db
      .prepare(`SELECT DISTINCT ${outputText('o')} FROM outputs o WHERE program_id = ?`)
      .pluck()
      .all(cast);
    expect(outputs).toEqual(['stale']);
  });
});
