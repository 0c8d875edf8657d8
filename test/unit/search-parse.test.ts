import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/main/search/parse-query';
import type { SearchQuery } from '../../src/main/search/query-types';

function parsed(q: string): SearchQuery {
  const r = parseQuery(q);
  if (!r.ok) throw new Error(`expected ${q} to parse, got: ${r.error.message}`);
  return r.query;
}

function failure(q: string): { message: string; column: number | null } {
  const r = parseQuery(q);
  if (r.ok) throw new Error(`expected ${q} to be refused`);
  return r.error;
}

const terms = (q: string): Array<[string, string]> => parsed(q).terms.map((t) => [t.kind, t.text]);
const us = (iso: string): number => Date.parse(iso) * 1000;

describe('text terms', () => {
  it('reads bare words as substrings, with paths, IPs, flags and colons left as typed', () => {
    expect(terms('etc/pass 10.0.0. -rf 10.0.0.1:22 C:\\temp http://evil.example/x.sh')).toEqual([
      ['substring', 'etc/pass'],
      ['substring', '10.0.0.'],
      ['substring', '-rf'],
      ['substring', '10.0.0.1:22'],
      ['substring', 'C:\\temp'],
      ['substring', 'http://evil.example/x.sh'],
    ]);
  });

  it('keeps spaces inside quotes, with \\" for a quote and \\\\ for a backslash', () => {
    expect(terms('"cat /etc"  "say \\"hi\\""  "a\\\\b"  "c:\\dir"')).toEqual([
      ['substring', 'cat /etc'],
      ['substring', 'say "hi"'],
      ['substring', 'a\\b'],
      ['substring', 'c:\\dir'],
    ]);
  });

  it('joins quoted and bare parts of one token, as a shell does', () => {
    expect(terms('cat" /etc"/passwd')).toEqual([['substring', 'cat /etc/passwd']]);
  });

  it('reads =word and word: as whole words, and a trailing * as a word prefix', () => {
    expect(terms('=root word:shadow ="etc passwd" passw* =sudo* "cat /etc/pas"* word:"pam_unix"')).toEqual([
      ['word', 'root'],
      ['word', 'shadow'],
      ['word', 'etc passwd'],
      ['prefix', 'passw'],
      ['prefix', 'sudo'],
      ['prefix', 'cat /etc/pas'],
      ['word', 'pam_unix'],
    ]);
  });

  it('takes = and * inside quotes, or * inside a word, literally', () => {
    expect(terms('"=root" "rm -rf *" a*b')).toEqual([
      ['substring', '=root'],
      ['substring', 'rm -rf *'],
      ['substring', 'a*b'],
    ]);
  });

  it('reads FTS5 syntax and SQL as plain text', () => {
    expect(terms(`NEAR(a b) AND OR NOT ^start text:col {a b}: "'); DROP TABLE x; --"`)).toEqual([
      ['substring', 'NEAR(a'],
      ['word', 'b)'],
      ['substring', 'AND'],
      ['word', 'OR'],
      ['substring', 'NOT'],
      ['substring', '^start'],
      ['substring', 'text:col'],
      ['word', '{a'],
      ['substring', 'b}:'],
      ['substring', "'); DROP TABLE x; --"],
    ]);
  });

  it('looks up text of 1 or 2 characters as a whole word, unless it has no letter or digit', () => {
    expect(terms('ls "id" x é1 | >> abc')).toEqual([
      ['word', 'ls'],
      ['word', 'id'],
      ['word', 'x'],
      ['word', 'é1'],
      ['substring', '|'],
      ['substring', '>>'],
      ['substring', 'abc'],
    ]);
  });

  it('records where each term starts, counting characters', () => {
    expect(parsed('é  "x y"  =z').terms.map((t) => t.column)).toEqual([1, 4, 11]);
  });
});

describe('filters', () => {
  it('parses the example of the issue', () => {
    const q = parsed('user:kai@example.org type:shell after:2026-11-21 "cat /etc" passwd in:output exit:1');
    expect(q.terms.map((t) => t.text)).toEqual(['cat /etc', 'passwd']);
    expect(q.filters).toMatchObject({
      users: ['kai@example.org'],
      types: ['shell'],
      afterUs: us('2026-11-21T00:00:00Z'),
      scope: 'output',
      exits: [1],
    });
  });

  it('reads every filter, keys in any case, values lower-cased where case does not matter', () => {
    const q = parsed(
      'User:Kai@Example.ORG target:CAC3331D host:203.0.113.80 type:exec kind:program-input exit:0 before:2026-11-22T08:30 in:commands session:s3 program:P7',
    );
    expect(q.filters).toEqual({
      users: ['kai@example.org'],
      targets: ['cac3331d'],
      hosts: ['203.0.113.80'],
      types: ['exec'],
      kinds: ['program-input'],
      exits: [0],
      sessions: [3],
      programs: [7],
      afterUs: null,
      beforeUs: us('2026-11-22T08:30:00Z'),
      scope: 'commands',
      tags: [],
      notes: [],
      starred: false,
    });
    expect(q.terms).toEqual([]);
  });

  it('reads the annotation filters: tags normalised, note words as typed, is:starred', () => {
    const q = parsed('Tag:Lateral-Movement tag:" EXFIL " note:"Beacon Host" IS:Starred passwd');
    expect(q.filters).toMatchObject({ tags: ['lateral-movement', 'exfil'], notes: ['Beacon Host'], starred: true });
    expect(q.terms).toEqual([{ kind: 'substring', text: 'passwd', column: 66 }]);
    expect(parseQuery('tag:"a b"')).toMatchObject({ ok: false, error: { column: 1 } });
    expect(parseQuery('is:boring')).toMatchObject({ ok: false, error: { column: 1 } });
  });

  it('takes quoted values', () => {
    expect(parsed('user:"kai tester" host:"[2001:db8::7]"').filters).toMatchObject({
      users: ['kai tester'],
      hosts: ['[2001:db8::7]'],
    });
  });

  it('treats repeated filters as alternatives', () => {
    expect(parsed('user:a user:b exit:1 exit:nonzero exit:!0 type:x11 type:shell').filters).toMatchObject({
      users: ['a', 'b'],
      exits: [1, 'nonzero', 'nonzero'],
      types: ['x11', 'shell'],
    });
  });

  it.each([
    ['2026-11-21', '2026-11-21T00:00:00Z'],
    ['2026-11-21T17:20', '2026-11-21T17:20:00Z'],
    ['2026-11-21T17:20:05Z', '2026-11-21T17:20:05Z'],
    ['2026-11-21T17:20:05.250Z', '2026-11-21T17:20:05.250Z'],
    ['2026-11-21T19:20:05+02:00', '2026-11-21T17:20:05Z'],
    ['2026-11-21t17:20:05-0130', '2026-11-21T18:50:05Z'],
    ['"2026-11-21 17:20"', '2026-11-21T17:20:00Z'],
    ['1795281616', '2026-11-21T17:20:16Z'],
  ])('reads after:%s as %s', (value, iso) => {
    expect(parsed(`after:${value}`).filters.afterUs).toBe(us(iso));
  });

  it('keeps microseconds of a fractional second', () => {
    expect(parsed('after:2026-11-21T17:20:05.123456Z').filters.afterUs).toBe(us('2026-11-21T17:20:05Z') + 123_456);
  });

  it('is text, not a filter, when the key is quoted or unknown', () => {
    expect(terms('"user:kai" users:kai url:x')).toEqual([
      ['substring', 'user:kai'],
      ['substring', 'users:kai'],
      ['substring', 'url:x'],
    ]);
  });

  it('accepts filters alone, without text', () => {
    expect(parsed('user:kai exit:nonzero').terms).toEqual([]);
  });
});

describe('malformed queries get a clear message, with the column when there is one', () => {
  it.each([
    ['cat "/etc/passwd', /^unbalanced quote: the " at column 5 is never closed/, 5],
    ['"', /^unbalanced quote: the " at column 1/, 1],
    ['', /^the query is empty/, null],
    ['   ', /^the query is empty/, null],
    ['x ""', /^empty quotes at column 3/, 3],
    ['"   "', /^the quotes at column 1 hold only spaces/, 1],
    ['= root', /^the = at column 1 needs a word after it/, 1],
    ['root *', /^the \* at column 6 needs the start of a word before it/, 6],
    ['=--', /has no letters or digits to match as a word/, 1],
    ['lo*', /^a prefix needs at least 3 letters or digits before the \* \("lo\*" at column 1\)/, 1],
    ['type:shel', /^type: "shel" \(column 1\) is not a program type: use one of shell, exec/, 1],
    ['kind:alias', /is not a command kind: use one of shell, exec, program-input/, 1],
    ['exit:one', /is not an exit status: use a number \(exit:1\) or exit:nonzero/, 1],
    ['x after:yesterday', /^after: "yesterday" \(column 3\) is not a date or time: use e\.g\. 2026-11-21/, 3],
    ['before:2026-02-30', /is not a date or time/, 1],
    ['before:2026-11-21T24:00', /is not a date or time/, 1],
    ['after:2026-11-21T10:00+25:00', /is not a date or time/, 1],
    ['in:everything', /is not a place to search: use in:commands or in:output/, 1],
    ['session:p3', /is not a session id: use one like session:s3/, 1],
    ['program:3', /is not a program id: use one like program:p7/, 1],
    ['user:', /^user: \(column 1\) needs a value, like user:kai@example\.org/, 1],
    ['user:""', /needs a value/, 1],
    ['in:output in:commands', /^in: is given twice \(column 11\): give it once/, 11],
    ['after:2026-11-22 before:2026-11-21', /^after: is not earlier than before:, so nothing can match/, null],
    ['a\u0000b', /contains a NUL character/, 2],
  ])('%j', (query, message, column) => {
    const e = failure(query);
    expect(e.message).toMatch(message);
    expect(e.column).toBe(column);
  });

  it('refuses a query longer than 2000 characters, or with more than 16 terms', () => {
    expect(failure('x'.repeat(2001)).message).toMatch(/longer than 2000 characters/);
    expect(failure(Array.from({ length: 17 }, (_, i) => `term${i}`).join(' ')).message).toMatch(
      /too many search terms \(17; at most 16\)/,
    );
  });

  it('never mentions SQL or FTS in a message', () => {
    for (const q of ['"', '=', 'type:x', 'after:x', 'lo*', ''])
      expect(failure(q).message).not.toMatch(/sql|fts|syntax error|near "/i);
  });
});
