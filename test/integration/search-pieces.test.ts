import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_PROBE, searchCase, type SearchOptions, type SearchStep } from '../../src/main/search/run-search';
import { replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { PIECE_CHARS } from '../../src/main/store/output-pieces';
import { addProgram, result, shellCommand } from '../helpers/extraction-result';
import { tempDir } from '../helpers/fixtures';

/**
 * Output text is stored and indexed in pieces of about PIECE_CHARS characters (migration 016):
 * a match across the cut between two pieces, far into a long output, or with its terms in
 * different pieces of one output is found as in one whole text; hostile text stays text.
 * Every output here is its own command (`c<i>`), so expectations name commands by their lines.
 */

const START = Date.UTC(2026, 10, 21) * 1000;
const words = (n: number, seed = 0): string =>
  Array.from({ length: n }, (_, i) => `lorem${(i * 7919 + seed) % 997}`).join(' ');
const FILLER = words(3000);
const TOKEN = 'Zqxjv-Kwpmb';
/** Where the token is put, around the first cut (which falls near PIECE_CHARS, between two words). */
const AROUND_CUT = Array.from({ length: 16 }, (_, i) => PIECE_CHARS - 90 + i * 9);
const LONG_TERM = 'Vexillum' + Array.from({ length: 12 }, (_, i) => `-q${i}x`).join('') + '-Terminus-of-a-long-needle';
const FAR = words(60_000, 5);

const outputs: Array<[string, string]> = [
  ...AROUND_CUT.map((at): [string, string] => [`around ${at}`, `${FILLER.slice(0, at)} ${TOKEN} ${FILLER.slice(at)}`]),
  ['long term', `${FILLER.slice(0, PIECE_CHARS - 40)}${LONG_TERM}${FILLER.slice(PIECE_CHARS - 40)}`],
  ['far', `${FAR} Farawayneedle end`],
  ['two ends', `Alphaterm ${FAR.slice(0, 50_000)} Omegaterm`],
  ['one end', `Alphaterm ${FAR.slice(0, 50_000)}`],
  ['run of a', `${'a'.repeat(3 * PIECE_CHARS + 5)} Runneedle`],
  // A word in every piece of each of these outputs: more pieces hold it than outputs are kept (200).
  ...Array.from({ length: 25 }, (_, i): [string, string] => [
    `everywhere ${i}`,
    Array.from({ length: 9 }, () => `${FILLER.slice(0, PIECE_CHARS - 20)} Ubiquitword `).join(''),
  ]),
  ['lone surrogates', `${'\ud800'.repeat(2 * PIECE_CHARS)} Surrogateneedle \udc00 after`],
];

const dir = tempDir();
let db: CaseDb;

beforeAll(() => {
  db = openCase(join(dir.path, 'case.sqlite'));
  const program = addProgram(db, { startedAtUs: START });
  replaceProgramCommands(
    db,
    program,
    result(outputs.map(([line, text], i) => shellCommand(line, text, (i + 1) * 1_000_000))),
  );
});

afterAll(() => {
  db.close();
  dir.cleanup();
});

function lines(query: string, options: SearchOptions = {}): string[] {
  const r = searchCase(db, `in:output ${query}`, { limit: 100, ...options });
  if (!r.ok) throw new Error(r.error.message);
  return r.result.hits.map((h) => h.text ?? '').sort();
}

const ways = ['scan', 'walk'] as const;

describe('search over output pieces', () => {
  it('finds a match wherever it falls around the cut between two pieces, as text, words and a prefix', () => {
    const all = AROUND_CUT.map((at) => `around ${at}`).sort();
    const queries = [`"${TOKEN}"`, 'zqxjv-kwpm', '=kwpmb', '="zqxjv kwpmb"', 'zqxj*'];
    for (const force of ways) {
      const found = Object.fromEntries(queries.map((q) => [q, lines(q, { force })]));
      expect(found).toEqual(Object.fromEntries(queries.map((q) => [q, all])));
    }
    const r = searchCase(db, `in:output "${TOKEN}"`, { limit: 100 });
    expect(r.ok && r.result.hits.every((h) => h.matches.some((m) => h.snippet.slice(m.start, m.end) === TOKEN))).toBe(
      true,
    );
  });

  it('finds a term longer than a piece’s overlap across the cut', () => {
    for (const force of ways) {
      expect(lines(`"${LONG_TERM}"`, { force })).toEqual(['long term']);
      expect(lines(`"${LONG_TERM.toUpperCase()}"`, { force })).toEqual(['long term']);
      expect(lines(`"${LONG_TERM}x"`, { force })).toEqual([]);
    }
  });

  it('finds a match far into a long output, with its snippet', () => {
    for (const force of ways) expect(lines('farawayneedle', { force })).toEqual(['far']);
    const r = searchCase(db, 'in:output =farawayneedle');
    expect(r.ok && r.result.hits[0]!.snippet).toContain('Farawayneedle end');
  });

  it('needs every term in the same output, not the same piece', () => {
    for (const force of ways) {
      expect(lines('alphaterm omegaterm', { force })).toEqual(['two ends']);
      expect(lines('=alphaterm =omegaterm', { force })).toEqual(['two ends']);
      expect(lines('alphaterm', { force })).toEqual(['one end', 'two ends']);
    }
  });

  it('counts every output holding a word found in many pieces of each', () => {
    for (const force of ways) {
      const r = searchCase(db, 'in:output =ubiquitword', { force });
      expect(r.ok && [r.result.total, r.result.totalCapped]).toEqual([25, false]);
    }
  });

  it('stops testing pieces at the query’s budget and says so: fewer hits, a lower bound, incomplete', () => {
    for (const force of ways) {
      const whole = searchCase(db, 'in:output ubiquitword', { force });
      if (!whole.ok) throw new Error(whole.error.message);
      expect(whole.ok && [whole.result.total, whole.result.totalCapped, whole.result.incomplete]).toEqual([
        25,
        false,
        undefined,
      ]);
      // Twelve pieces' worth: the newest outputs holding the word are found, and the result says it stopped.
      const cut = searchCase(db, 'in:output ubiquitword', { force, inflateBudget: 12 * PIECE_CHARS });
      if (!cut.ok) throw new Error(cut.error.message);
      expect([cut.result.totalCapped, cut.result.incomplete]).toEqual([true, true]);
      expect(cut.result.total).toBeGreaterThan(0);
      expect(cut.result.total).toBeLessThan(25);
      // Each output holds the word in all 9 of its pieces: once one piece holds it, the query knows
      // its output does, and its other pieces are not inflated (12 pieces' worth find 12 outputs, not 2).
      expect(cut.result.total).toBeGreaterThanOrEqual(10);
      expect(cut.result.hits.map((h) => h.text)).toEqual(
        whole.result.hits.slice(0, cut.result.total).map((h) => h.text),
      );
      if (force === 'walk') {
        // A walk whose first rows held too few hits goes on over every match, unless the budget is spent.
        const steps: SearchStep[] = [];
        const small = { force, visitFirst: 20, trace: (x: SearchStep) => steps.push(x) };
        // 20 pieces are 3 outputs (one inflated piece each, then what the query knows): a piece's worth is spent there.
        searchCase(db, 'in:output ubiquitword', { ...small, inflateBudget: PIECE_CHARS });
        searchCase(db, 'in:output ubiquitword', small);
        expect(steps.map((x) => x.walkedOn)).toEqual([false, true]);
      }
      // The next query has its own budget.
      expect(lines('ubiquitword', { force })).toHaveLength(25);
    }
  });

  it('keeps hostile text as text: a long run of one letter, lone surrogates', () => {
    for (const force of ways) {
      expect(lines('runneedle', { force })).toEqual(['run of a']);
      expect(lines('aaaaaaaaaa', { force })).toEqual(['run of a']);
      // The run is one word: no whole word `aaa` inside it, wherever the pieces cut it.
      expect(lines('=aaa', { force })).toEqual([]);
      expect(lines('surrogateneedle', { force })).toEqual(['lone surrogates']);
      expect(lines('"\ufffd after"', { force })).toEqual(['lone surrogates']);
    }
  });
});

describe('filters before output tests', () => {
  // One output the filter keeps (exit 3), older; newer ones it rejects, whose pieces hold both terms.
  // `=keptneedle` drives (one piece of each output, decided by the word index); `secondterm` must be
  // tested on pieces: on the kept output only, once the filter ran first.
  const big = (): string =>
    `Keptneedle ${Array.from({ length: 3 }, () => `${FILLER.slice(0, PIECE_CHARS - 20)} Secondterm`).join(' ')}`;
  const own = tempDir();
  let fdb: CaseDb;

  beforeAll(() => {
    fdb = openCase(join(own.path, 'case.sqlite'));
    const program = addProgram(fdb, { startedAtUs: START });
    replaceProgramCommands(
      fdb,
      program,
      result([
        shellCommand('kept', 'Keptneedle and Secondterm', 1_000_000, { exitStatus: 3 }),
        ...Array.from({ length: 6 }, (_, i) =>
          shellCommand(`rejected ${i}`, big(), (i + 2) * 1_000_000, { exitStatus: 0 }),
        ),
      ]),
    );
  });

  afterAll(() => {
    fdb.close();
    own.cleanup();
  });

  it('tests the other terms only on outputs the filters keep: a small budget is not spent on the others', () => {
    for (const force of ways) {
      const r = searchCase(fdb, 'in:output exit:3 =keptneedle secondterm', { force, inflateBudget: 2 * PIECE_CHARS });
      if (!r.ok) throw new Error(r.error.message);
      expect([r.result.hits.map((h) => h.text), r.result.total, r.result.incomplete]).toEqual([['kept'], 1, undefined]);
    }
  });
});

describe('an output walk past its first pieces', () => {
  // More candidate pieces than a walk asks the index for first (OUTPUT_PROBE): every newer output
  // holds the trigrams of `quartz` apart, only the oldest holds the word; it is found all the same.
  const own = tempDir();
  let wdb: CaseDb;

  beforeAll(() => {
    wdb = openCase(join(own.path, 'case.sqlite'));
    const program = addProgram(wdb, { startedAtUs: START });
    const decoys = Array.from({ length: OUTPUT_PROBE + 100 }, (_, i) =>
      shellCommand(`decoy ${i}`, `quar ${i} uart ${i} artz ${i}`, (i + 2) * 1_000_000),
    );
    replaceProgramCommands(wdb, program, result([shellCommand('the oldest', 'a quartz clock', 1_000_000), ...decoys]));
  });

  afterAll(() => {
    wdb.close();
    own.cleanup();
  });

  it('finds a hit older than every piece it asked for first, by scan and by walk', () => {
    for (const force of ways) {
      const r = searchCase(wdb, 'in:output quartz', { force, limit: 10 });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.result.hits.map((h) => h.text)).toEqual(['the oldest']);
      expect(r.result.incomplete).toBeUndefined();
    }
  });
});
