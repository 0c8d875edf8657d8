import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../src/shared/model';
import type { SearchHit } from '../../src/shared/search';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { listAudit } from '../../src/main/evidence/audit-log';
import { reindexCase } from '../../src/main/indexing/index-programs';
import { joinByHand, splitByHand } from '../../src/main/indexing/link-by-hand';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { searchCase } from '../../src/main/search/run-search';
import { listSessions, readEvents } from '../../src/main/store/case-queries';
import { listProgramCommands as listCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { conflictsOfSession } from '../../src/main/store/provenance-queries';
import { sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';
import { readScriptLog } from '../helpers/script-log';
import { shuffled } from '../helpers/shuffle';

// One real SSH session, one record: the samples in every form Cloudflare and colleagues hand
// over (captures, casts, official ZIPs, Logpush whole, chunked, overlapping and nanosecond
// exports), imported in several orders and twice, must give the three sessions the ground truth
// names, each program once with every source, and commands exactly as bash recorded them.

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const EXPORTS = join(sample('..'), 'exports');
const SCENARIOS = ['sample-shell', 'sample-editing', 'sample-exec'] as const;

const ALL_FILES = [
  ...SCENARIOS.flatMap((s) => [sample(`${s}.capture`), sample(`${s}.cast`), sample(`${s}.decrypted.zip`)]),
  sample('logpush.ndjson.gz'),
  sample('logpush-unixnano.ndjson'),
  join(EXPORTS, 'logpush-chunked.ndjson.gz'),
  join(EXPORTS, 'logpush-overlap.ndjson'),
];

let dir: { path: string; cleanup: () => void };
let db: CaseDb;

beforeEach(() => {
  dir = tempDir();
  db = openCase(join(dir.path, 'case.sqlite'));
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

async function importAll(files: readonly string[]): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const f of files) outcomes.push(await importFile(db, f, withSampleKey));
  return outcomes;
}

/** What an investigator sees of the case: sessions with who and where, programs, sources, commands. */
function view(): unknown {
  return listSessions(db).map((s) => ({
    id: s.id,
    cf: s.cfSessionId,
    user: s.userEmail,
    target: s.targetId,
    programs: s.programs.map((p) => ({
      id: p.id,
      cf: p.cfProgramId,
      exit: p.exitStatus,
      sources: p.sources.map((x) => x.sha256).sort(),
      commands: listCommands(db, Number(p.id.slice(1))).map((c) => [c.text, c.kind]),
    })),
  }));
}

function search(query: string): SearchHit[] {
  const outcome = searchCase(db, query, { limit: 200 });
  if (!outcome.ok) throw new Error(`search ${query}: ${JSON.stringify(outcome.error)}`);
  return outcome.result.hits;
}

function sessionOf(scenario: string): ReturnType<typeof listSessions>[number] {
  const t = truth(scenario);
  const found = listSessions(db).filter((s) => s.cfSessionId === t.logpush.SessionID);
  expect(found, `${scenario}: one session with Cloudflare id ${t.logpush.SessionID}`).toHaveLength(1);
  return found[0]!;
}

function expectOneRecordPerSession(files: readonly string[]): void {
  const sessions = listSessions(db);
  expect(sessions).toHaveLength(SCENARIOS.length);
  for (const scenario of SCENARIOS) {
    const t = truth(scenario);
    const s = sessionOf(scenario);
    expect(s.userEmail, `${scenario} has its user`).toBeTruthy();
    expect(s.targetId, `${scenario} has its target`).toBeTruthy();
    expect(s.programs).toHaveLength(1);
    const program = s.programs[0]!;
    expect(program.cfProgramId).toBe(t.logpush.ProgramID);
    // Every file that holds this recording is listed as its source.
    const holders = files.filter((f) => !f.includes('sample-') || f.includes(`${scenario}.`));
    const shas = new Set(program.sources.map((x) => x.path));
    for (const f of holders) expect(shas.has(f), `${scenario} lists ${f} as a source`).toBe(true);
    const commands = listCommands(db, Number(program.id.slice(1)));
    const shellCommands = commands.filter((c) => c.kind !== 'program-input').map((c) => c.text);
    const expected = t.program_type === 'exec' ? [t.exec_command] : t.commands.map((c) => c.text);
    expect(shellCommands, `${scenario}: commands exactly as recorded`).toEqual(expected);
  }
  // Nothing is stored twice: each program holds the recording's output and keystrokes, once.
  for (const scenario of ['sample-shell', 'sample-editing']) {
    const program = Number(sessionOf(scenario).programs[0]!.id.slice(1));
    const script = readScriptLog(sample(`raw/${scenario}.io.log`), sample(`raw/${scenario}.timing.log`));
    const stream = (kind: 'input' | 'output'): Buffer =>
      Buffer.concat([...readEvents(db, program)].filter((e) => e.kind === kind).map((e) => Buffer.from(e.data)));
    expect(stream('output').equals(script.output), `${scenario}: output once`).toBe(true);
    expect(stream('input').equals(script.input), `${scenario}: keystrokes once`).toBe(true);
  }
}

describe('one real session, one record', () => {
  it('joins every form of the samples, in order, into one session per real session', async () => {
    const outcomes = await importAll(ALL_FILES);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expectOneRecordPerSession(ALL_FILES);
    // Each later form of a capture says what it joined.
    const cast = outcomes.find((o) => o.path.endsWith('sample-shell.cast'))!;
    expect(cast.links).toEqual([expect.objectContaining({ relation: 'same' })]);
    // An export of the same programs names them by their Cloudflare program ids: it says so too.
    const again = outcomes.find((o) => o.path.endsWith('logpush-unixnano.ndjson'))!;
    expect(again.links?.map((l) => [l.linkedBy, l.session]).sort()).toEqual(
      SCENARIOS.map((s) => ['cloudflare-id', sessionOf(s).id]).sort(),
    );
    // Each link an import made is an audit entry naming the file and the program it joined.
    const made = outcomes.flatMap((o) =>
      (o.links ?? []).map((l) => `${o.sha256} ${l.program} ${l.relation} ${l.linkedBy}`),
    );
    expect(made.length).toBeGreaterThanOrEqual(SCENARIOS.length * 3);
    const audited = listAudit(db)
      .filter((e) => e.action === 'link')
      .map((e) => JSON.parse(e.details) as { sha256: string; program: string; relation: string; linkedBy: string })
      .map((d) => `${d.sha256} ${d.program} ${d.relation} ${d.linkedBy}`);
    expect(audited.sort()).toEqual(made.sort());
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'gives the same case in any order (seed %i), and importing all again changes nothing',
    async (seed) => {
      await importAll(shuffled(ALL_FILES, seed));
      expectOneRecordPerSession(ALL_FILES);
      const before = view();
      const again = await importAll(shuffled(ALL_FILES, seed + 100));
      expect(again.every((o) => o.status === 'duplicate')).toBe(true);
      expect(view()).toEqual(before);
      expectOneRecordPerSession(ALL_FILES);
    },
  );

  it('never doubles keystrokes when overlapping exports of the same programs meet', async () => {
    await importAll([
      sample('logpush.ndjson.gz'),
      join(EXPORTS, 'logpush-chunked.ndjson.gz'),
      join(EXPORTS, 'logpush-overlap.ndjson'),
    ]);
    const shell = sessionOf('sample-shell').programs[0]!;
    const commands = listCommands(db, Number(shell.id.slice(1))).map((c) => c.text);
    expect(commands).toEqual(truth('sample-shell').commands.map((c) => c.text));
    const hits = search('head');
    expect(hits.length).toBeGreaterThan(0);
    const perCommand = new Set(hits.map((h) => `${h.command}:${h.in}`));
    expect(perCommand.size).toBe(hits.length);
  });

  it('lists each search hit once, whatever forms of a session were imported', async () => {
    // What one form of each recording gives (its capture and one Logpush export): the hits an
    // investigator should see, whatever else was imported beside them.
    await importAll([...SCENARIOS.map((s) => sample(`${s}.capture`)), sample('logpush.ndjson.gz')]);
    const queries = ['uptime', 'hostname', 'debian_version', 'tick', 'head', 'Größe', '"low disk"'];
    const seen = (query: string): string[] =>
      search(query)
        .map((h) => `${h.session} ${h.in} ${h.text} ${h.replay.outputOffset} ${h.snippet}`)
        .sort();
    const once = new Map(queries.map((q) => [q, seen(q)]));
    await importAll(shuffled(ALL_FILES, 42));
    const allCommands = SCENARIOS.flatMap((s) => {
      const t = truth(s);
      return t.program_type === 'exec' ? [t.exec_command!] : t.commands.map((c) => c.text);
    });
    for (const query of queries) {
      const hits = search(query);
      // Command hits: exactly the commands of the ground truth holding the text, once each.
      const needle = query.replace(/"/g, '').toLowerCase();
      const commandHits = hits.filter((h) => h.in === 'command').map((h) => h.text);
      expect(commandHits.sort(), query).toEqual(allCommands.filter((c) => c.toLowerCase().includes(needle)).sort());
      // And every hit, output included, as one form of each recording gives it: none twice.
      expect(seen(query), query).toEqual(once.get(query));
      expect(hits.length, query).toBeGreaterThan(0);
    }
  });

  it('links a capture to its Logpush record when the capture comes first, and the other way round', async () => {
    await importAll([sample('sample-editing.capture')]);
    const [alone] = listSessions(db);
    expect(alone!.userEmail).toBeNull();
    await importAll([sample('logpush.ndjson.gz')]);
    const s = sessionOf('sample-editing');
    expect(s.id).toBe(alone!.id); // the id the investigator saw first stays
    expect(s.userEmail).toBe('kai.tester@example.org');
  });
});

describe('a source holding only part of a program', () => {
  const damaged = (): string => sample('bad/flipped-byte-block5.capture');
  const partial: ImportOptions = { ...withSampleKey, allowPartial: true };
  const shellCommands = (): string[] => truth('sample-shell').commands.map((c) => c.text);

  /** One record of the chunked export for the sample shell, the `index`-th, written alone (times changed by `retime`). */
  function oneChunk(index: number, retime: (seconds: number, i: number) => number = (t) => t): string {
    const records = gunzipSync(readFileSync(join(EXPORTS, 'logpush-chunked.ndjson.gz')))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes(truth('sample-shell').logpush.ProgramID))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(index + 1);
    const record = records[index]!;
    const [header, ...events] = String(record['Payload'])
      .split('\n')
      .filter((l) => l !== '');
    const retimed = events.map((l, i) => {
      const [t, code, data] = JSON.parse(l) as [number, string, string];
      return JSON.stringify([Number(retime(t, i).toFixed(6)), code, data]);
    });
    record['Payload'] = [header, ...retimed].join('\n') + '\n';
    const path = join(dir.path, `chunk-${index}-${retime(1, 1)}.ndjson`);
    writeFileSync(path, `${JSON.stringify(record)}\n`);
    return path;
  }

  it('links the authenticated prefix of a damaged capture to its part of the program, whichever comes first', async () => {
    for (const order of [
      [sample('sample-shell.capture'), damaged()],
      [damaged(), sample('sample-shell.capture')],
    ]) {
      db.close();
      db = openCase(join(dir.path, `part-${order[0] === damaged() ? 'first' : 'last'}.sqlite`));
      const outcomes: ImportOutcome[] = [];
      for (const f of order) outcomes.push(await importFile(db, f, partial));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['imported', 'partial']);
      const [session, ...others] = listSessions(db);
      expect(others).toEqual([]);
      const program = session!.programs[0]!;
      expect(program.sources.map((x) => x.path).sort()).toEqual([...order].sort());
      expect(listCommands(db, Number(program.id.slice(1))).map((c) => c.text)).toEqual(shellCommands());
      const second = outcomes[1]!;
      expect(second.links, String(order)).toEqual([
        expect.objectContaining({ relation: order[0] === damaged() ? 'extends' : 'part', program: program.id }),
      ]);
    }
  });

  it.each([0, 1, 3])(
    'links Logpush record %i of a long program (short output: by bytes and clock) to its capture, whichever comes first',
    async (index) => {
      const piece = oneChunk(index);
      for (const order of [
        [sample('sample-shell.capture'), piece],
        [piece, sample('sample-shell.capture')],
      ]) {
        db.close();
        db = openCase(join(dir.path, `piece-${index}-${order[0] === piece ? 'first' : 'last'}.sqlite`));
        await importAll(order);
        const sessions = listSessions(db);
        expect(sessions, String(order)).toHaveLength(1);
        expect(sessions[0]!.userEmail).toBe('kai.tester@example.org');
        const program = sessions[0]!.programs[0]!;
        expect(program.sources.map((x) => x.path).sort()).toEqual([...order].sort());
        expect(listCommands(db, Number(program.id.slice(1))).map((c) => c.text)).toEqual(shellCommands());
      }
    },
  );

  it("never links a short record whose packets do not keep the capture's clock", async () => {
    // The same bytes, each packet 20 ms later than the one before it would be: another session
    // printing the same prompt and echo, not this one.
    const drifting = oneChunk(1, (t, i) => t + i * 0.02);
    await importAll([sample('sample-shell.capture'), drifting]);
    const sessions = listSessions(db);
    expect(sessions).toHaveLength(2);
    const capture = sessions.find((s) => s.userEmail === null)!;
    expect(capture.programs[0]!.sources.map((x) => x.path)).toEqual([sample('sample-shell.capture')]);
  });
});

describe('conflicts are evidence', () => {
  it('keeps a source whose recorded bytes differ as a variant and flags the program', async () => {
    const cast = readFileSync(sample('sample-shell.cast'), 'utf8');
    const altered = cast.replace('up 18 minutes', 'up 81 minutes');
    expect(altered).not.toBe(cast);
    const path = join(dir.path, 'altered.cast');
    writeFileSync(path, altered);
    await importAll([sample('sample-shell.capture')]);
    const [outcome] = await importAll([path]);
    expect(outcome!.conflicts).toEqual([
      expect.objectContaining({
        field: 'output',
        stored: expect.stringContaining('18'),
        found: expect.stringContaining('81'),
      }),
    ]);
    const [session] = listSessions(db);
    expect(listSessions(db)).toHaveLength(1);
    // The stored program is unchanged; the disagreeing recording is kept, not merged.
    const commands = listCommands(db, Number(session!.programs[0]!.id.slice(1))).map((c) => c.text);
    expect(commands).toEqual(truth('sample-shell').commands.map((c) => c.text));
    const conflicts = conflictsOfSession(db, Number(session!.id.slice(1)));
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.variant).toMatch(/^p\d+$/);
    expect(listAudit(db).some((e) => e.action === 'conflict')).toBe(true);
  });

  it('flags a Logpush record that names another user for the same session', async () => {
    const lines = gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    const edited = lines.map((l) => l.replace('kai.tester@example.org', 'someone.else@example.org'));
    const path = join(dir.path, 'edited.ndjson');
    writeFileSync(path, edited.join('\n') + '\n');
    await importAll([sample('logpush.ndjson.gz')]);
    const [outcome] = await importAll([path]);
    const fields = (outcome!.conflicts ?? []).map((c) => [c.field, c.stored, c.found]);
    expect(fields).toContainEqual(['user_email', 'kai.tester@example.org', 'someone.else@example.org']);
    expect(listSessions(db)).toHaveLength(3);
  });
});

describe('links decided by hand', () => {
  it('splits a source joined by mistake into a session of its own, and joins it back', async () => {
    await importAll([sample('sample-shell.capture'), sample('sample-shell.cast')]);
    const [session] = listSessions(db);
    const program = session!.programs[0]!.id;
    const castSha = session!.programs[0]!.sources.find((s) => s.path.endsWith('.cast'))!.sha256;
    const split = await splitByHand(db, program, castSha.slice(0, 16));
    expect(listSessions(db)).toHaveLength(2);
    expect(split.source).toBe(castSha);
    // Each keeps the whole recording it holds: the commands are found in both.
    const truthCommands = truth('sample-shell').commands.map((c) => c.text);
    expect(listCommands(db, Number(split.split.slice(1))).map((c) => c.text)).toEqual(truthCommands);
    expect(listCommands(db, Number(program.slice(1))).map((c) => c.text)).toEqual(truthCommands);

    const joined = await joinByHand(db, split.split, program);
    expect(joined).toMatchObject({ kept: program, merged: split.split, link: { relation: 'same' } });
    expect(listSessions(db)).toHaveLength(1);
    expect(listSessions(db)[0]!.programs[0]!.sources).toHaveLength(2);
    const actions = listAudit(db).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['split', 'join']);
    expect(JSON.parse(listAudit(db).at(-1)!.details)).toMatchObject({ by: 'investigator', kept: program });
  });

  it('keeps a split apart: neither a reindex nor a later import joins them again, only a join by hand', async () => {
    await importAll([sample('sample-shell.capture'), sample('sample-shell.cast')]);
    const program = listSessions(db)[0]!.programs[0]!;
    const cast = program.sources.find((s) => s.path.endsWith('.cast'))!;
    const split = await splitByHand(db, program.id, cast.sha256);
    const apart = (): string[][] =>
      listSessions(db)
        .map((s) => s.programs.flatMap((p) => p.sources.map((x) => x.path.split('/').pop()!)).sort())
        .sort();
    expect(apart()).toEqual([['sample-shell.capture'], ['sample-shell.cast']]);
    const reindexed = await reindexCase(db);
    expect(reindexed.linked).toBe(0);
    expect(apart()).toEqual([['sample-shell.capture'], ['sample-shell.cast']]);
    // A third form of the recording joins one of them, and leaves the split as it is.
    await importAll([sample('sample-shell.decrypted.zip')]);
    expect(listSessions(db)).toHaveLength(2);
    await joinByHand(db, program.id, split.split);
    expect(listSessions(db)).toHaveLength(1);
  });

  it('names the source to split by its path or a SHA-256 prefix in any case, and refuses a name of none', async () => {
    await importAll([sample('sample-shell.capture'), sample('sample-shell.cast')]);
    const program = listSessions(db)[0]!.programs[0]!.id;
    const cast = listSessions(db)[0]!.programs[0]!.sources.find((s) => s.path.endsWith('.cast'))!;
    await expect(splitByHand(db, program, join(dir.path, 'nowhere.cast'))).rejects.toThrow(/no source of this case is/);
    const byPrefix = await splitByHand(db, program, cast.sha256.slice(0, 12).toUpperCase());
    expect(byPrefix.source).toBe(cast.sha256);
    expect(listSessions(db).map((s) => s.id)).toContain(byPrefix.session);
    expect(
      listSessions(db)
        .find((s) => s.id === byPrefix.session)!
        .programs.map((p) => p.id),
    ).toEqual([byPrefix.split]);
    await joinByHand(db, program, byPrefix.split);
    const byPath = await splitByHand(db, program, cast.path);
    expect(byPath.source).toBe(cast.sha256);
  });

  it('joins two sessions by hand, never two Cloudflare calls separate', async () => {
    await importAll([sample('sample-editing.capture'), sample('sample-shell.capture')]);
    const [a, b] = listSessions(db);
    await joinByHand(db, a!.id, b!.id);
    const [one] = listSessions(db);
    expect(one!.programs).toHaveLength(2);
    await importAll([sample('logpush.ndjson.gz')]);
    const ids = listSessions(db)
      .filter((s) => s.cfSessionId !== null)
      .map((s) => s.id);
    await expect(joinByHand(db, ids[0]!, ids[1]!)).rejects.toThrow(/different Cloudflare session ids/);
  });

  it('keeps a program joined by hand whose output differs as a variant, flagged', async () => {
    await importAll([sample('sample-shell.capture'), sample('sample-editing.capture')]);
    const [p1, p2] = listSessions(db).map((s) => s.programs[0]!.id);
    const joined = await joinByHand(db, p1!, p2!);
    expect(joined.link?.relation).toBe('conflict');
    expect(listSessions(db)).toHaveLength(1);
    expect(joined.conflicts.map((c) => c.variant)).toContain(joined.merged === p2 ? p2 : p1);
  });
});
