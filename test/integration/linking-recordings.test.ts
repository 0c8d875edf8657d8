// Issue 10 accepted on other real recordings than the samples: the 29 bash and zsh sessions of
// test/fixtures/recordings, each in every form an investigator receives (an encrypted capture,
// the asciicast, ssh-log-cli's ZIP, a whole Logpush export, one sent in pieces, one re-pulled with
// overlapping pieces, one with nanosecond datetimes), imported in mixed orders and twice. Each
// real session must come out once, with its user and target, one program listing every file,
// its commands exactly as its truth file, its recording stored once, each search hit once.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, fingerprint } from '../../src/main/crypto/x25519-keys';
import { castToCapture } from '../../src/main/demo/cast-to-capture';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { searchCase } from '../../src/main/search/run-search';
import { listSessions, readEvents } from '../../src/main/store/case-queries';
import { listProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { conflictsOfSession } from '../../src/main/store/provenance-queries';
import { SAMPLES, tempDir } from '../helpers/fixtures';
import {
  castStream,
  identityOf,
  logpushExport,
  officialZip,
  parseCast,
  type CastRecording,
} from '../helpers/recording-forms';
import { shuffled } from '../helpers/shuffle';

const RECORDINGS = join(SAMPLES, '..', 'recordings');
const names = readdirSync(RECORDINGS)
  .filter((f) => f.endsWith('.cast'))
  .map((f) => f.slice(0, -'.cast'.length))
  .sort();
const casts: CastRecording[] = names.map((n) => parseCast(n, readFileSync(join(RECORDINGS, `${n}.cast`), 'utf8')));
const startOf = (cast: CastRecording): number => cast.header['timestamp'] as number;

interface RecordingTruth {
  commands: Array<{ text: string }>;
  program_inputs?: Array<{ text: string }>;
}
const truthOf = (name: string): RecordingTruth =>
  JSON.parse(readFileSync(join(RECORDINGS, `${name}.truth.json`), 'utf8')) as RecordingTruth;

const keys = generateKeyPair();
const withKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(keys.publicKey), privateKey: keys.privateKey }],
};

const dir = tempDir('sshlens-link-recordings-');
/** The files holding each recording alone, and the exports holding them all. */
const own = new Map<string, string[]>();
const exports: string[] = [];

beforeAll(async () => {
  const starts = casts.map(startOf);
  for (const cast of casts) {
    const base = join(dir.path, cast.name);
    const capture = `${base}.capture`;
    writeFileSync(
      capture,
      await castToCapture(readFileSync(join(RECORDINGS, `${cast.name}.cast`), 'utf8'), {
        publicKey: keys.publicKey,
        startedAt: startOf(cast),
        exitStatus: 0,
      }),
    );
    const zip = `${base}.decrypted.zip`;
    writeFileSync(zip, officialZip(cast, startOf(cast), 0));
    own.set(cast.name, [capture, join(RECORDINGS, `${cast.name}.cast`), zip]);
  }
  const write = (file: string, text: string): void => {
    const path = join(dir.path, file);
    writeFileSync(path, file.endsWith('.gz') ? gzipSync(text) : text);
    exports.push(path);
  };
  write('ssh_logs-whole.ndjson.gz', logpushExport(casts, starts, { eventsPerRecord: 1e9, time: 'rfc3339' }));
  write('ssh_logs-pieces.ndjson.gz', logpushExport(casts, starts, { eventsPerRecord: 120, time: 'rfc3339' }));
  write(
    'ssh_logs-repulled.ndjson',
    logpushExport(casts, starts, { eventsPerRecord: 200, overlap: 70, time: 'rfc3339' }),
  );
  write('ssh_logs-unixnano.ndjson', logpushExport(casts, starts, { eventsPerRecord: 150, time: 'unixnano' }));
});
afterAll(() => dir.cleanup());

const allFiles = (): string[] => [...[...own.values()].flat(), ...exports];

async function importAll(db: CaseDb, files: readonly string[]): Promise<string[]> {
  const statuses: string[] = [];
  for (const f of files) {
    const outcome = await importFile(db, f, withKey);
    expect(outcome.status, `${f}: ${outcome.error ?? ''}`).not.toBe('rejected');
    statuses.push(outcome.status);
  }
  return statuses;
}

/** The case as an investigator reads it, for comparing two moments. */
function view(db: CaseDb): unknown {
  return listSessions(db).map((s) => ({
    ...s,
    programs: s.programs.map((p) => ({
      ...p,
      commands: listProgramCommands(db, Number(p.id.slice(1))).map((c) => [c.text, c.kind, c.atUs]),
    })),
  }));
}

function expectOneRecordPerSession(db: CaseDb): void {
  const sessions = listSessions(db);
  expect(sessions).toHaveLength(casts.length);
  for (const [i, cast] of casts.entries()) {
    const id = identityOf(cast.name, i);
    const found = sessions.filter((s) => s.cfSessionId === id.sessionId);
    expect(found, `${cast.name}: one session`).toHaveLength(1);
    const session = found[0]!;
    expect(session.userEmail, cast.name).toBe(id.userEmail);
    expect(session.targetId, cast.name).toBe(id.targetId);
    expect(session.programs, cast.name).toHaveLength(1);
    expect(conflictsOfSession(db, Number(session.id.slice(1))), `${cast.name}: its forms agree`).toEqual([]);
    const program = session.programs[0]!;
    expect(program.cfProgramId, cast.name).toBe(id.programId);
    expect(program.sources.map((s) => s.path).sort(), cast.name).toEqual([...own.get(cast.name)!, ...exports].sort());
    const commands = listProgramCommands(db, Number(program.id.slice(1)));
    const truth = truthOf(cast.name);
    expect(
      commands.filter((c) => c.kind !== 'program-input').map((c) => c.text),
      `${cast.name}: commands`,
    ).toEqual(truth.commands.map((c) => c.text));
    expect(
      commands.filter((c) => c.kind === 'program-input').map((c) => c.text),
      `${cast.name}: lines typed into programs`,
    ).toEqual((truth.program_inputs ?? []).map((c) => c.text));
    // The recording once: its output and its keystrokes, byte for byte, nothing doubled.
    const events = [...readEvents(db, Number(program.id.slice(1)))];
    const stream = (kind: 'input' | 'output'): Buffer =>
      Buffer.concat(events.filter((e) => e.kind === kind).map((e) => Buffer.from(e.data)));
    expect(stream('output').equals(castStream(cast, 'o')), `${cast.name}: output once`).toBe(true);
    expect(stream('input').equals(castStream(cast, 'i')), `${cast.name}: keystrokes once`).toBe(true);
  }
}

describe('every form of other real recordings, one record per real session', () => {
  it.each([11, 12])('in a mixed order (seed %i), and all of it again', async (seed) => {
    const caseDir = tempDir('sshlens-link-recordings-case-');
    const db = openCase(join(caseDir.path, 'case.sqlite'));
    try {
      expect(new Set(await importAll(db, shuffled(allFiles(), seed)))).toEqual(new Set(['imported']));
      expectOneRecordPerSession(db);
      const before = view(db);

      // Each search hit once: the commands holding a word, exactly as the truth files have them.
      const everyCommand = names.flatMap((n) => truthOf(n).commands.map((c) => c.text));
      for (const word of ['echo', 'printf', 'sudo', 'python', 'vim']) {
        const outcome = searchCase(db, `${word} kind:shell in:commands`, { limit: 1000 });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
        const hits = outcome.result.hits.map((h) => h.text).sort();
        expect(hits, word).toEqual(everyCommand.filter((c) => c.toLowerCase().includes(word)).sort());
        expect(hits.length, word).toBeGreaterThan(0);
      }

      expect(new Set(await importAll(db, shuffled(allFiles(), seed + 100)))).toEqual(new Set(['duplicate']));
      expect(view(db)).toEqual(before);
    } finally {
      db.close();
      caseDir.cleanup();
    }
  });
});
