import { describe, expect, it } from 'vitest';
import { compileSearch, likeContaining, type BoundSql } from '../../src/main/search/compile-search';
import { ftsString, trigramMatch, wordsMatch } from '../../src/main/search/fts-query';
import { parseQuery } from '../../src/main/search/parse-query';

const HOSTILE = [
  `'); DROP TABLE commands; --`,
  `" OR 1=1 --`,
  `NEAR(passwd shadow, 2)`,
  `text:passwd`,
  `{text}: passwd`,
  `^root`,
  `pass* AND shadow OR NOT x`,
  `a"b`,
  `x'); ATTACH DATABASE '/tmp/p' AS p; --`,
  `*`,
];

function everySql(query: string): BoundSql[] {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const plan = compileSearch(parsed.query);
  return [
    ...(plan.programs ? [plan.programs] : []),
    ...plan.sources.flatMap((s) => [
      s.tableRows,
      ...(s.rowsToScan ? [s.rowsToScan] : []),
      ...(s.idRange ? [s.idRange] : []),
      s.scanByFilters,
      s.newestFirst,
      ...[s.byTrigram, s.byWords].flatMap((p) => (p ? [p.matches, p.walkListed, p.walk] : [])),
    ]),
  ];
}

describe('FTS5 strings', () => {
  it('quote the whole term, doubling embedded quotes, so nothing in it is FTS5 syntax', () => {
    expect(ftsString('a"b')).toBe('"a""b"');
    expect(ftsString('NEAR(a b)')).toBe('"NEAR(a b)"');
    expect(trigramMatch(['etc/pass', 'x" OR "y'])).toBe('"etc/pass" AND "x"" OR ""y"');
    expect(
      wordsMatch([
        { kind: 'word', text: 'text:root', column: 1 },
        { kind: 'prefix', text: 'pass', column: 5 },
      ]),
    ).toBe('"text:root" AND "pass" *');
  });
});

describe('LIKE patterns', () => {
  it('escape %, _ and the escape character itself', () => {
    expect(likeContaining('50%_off\\x')).toBe('%50\\%\\_off\\\\x%');
  });
});

describe('compiled SQL', () => {
  it.each(HOSTILE.filter((q) => q !== '*'))(
    'never contains the text of %j: every value is a bound parameter',
    (hostile) => {
      const query = `user:"${hostile.replace(/["\\]/g, '\\$&')}" target:"${hostile.replace(/["\\]/g, '\\$&')}" "${hostile.replace(/["\\]/g, '\\$&')}" =shadow`;
      const statements = everySql(query);
      expect(statements.length).toBeGreaterThan(5);
      for (const s of statements) {
        expect(s.sql).not.toContain(hostile);
        expect(s.sql).not.toMatch(/DROP|ATTACH|1=1|NEAR|shadow/i);
        for (const name of s.sql.match(/@\w+/g) ?? []) {
          const key = name.slice(1);
          if (!['cap', 'limit', 'visit', 'programs', 'rows', 'lo', 'hi'].includes(key))
            expect(s.params).toHaveProperty(key);
        }
      }
      const values = statements.flatMap((s) => Object.values(s.params));
      expect(values).toContain(hostile.toLowerCase()); // the user: filter, bound
      expect(values.some((v) => typeof v === 'string' && v.includes(hostile))).toBe(true); // the text term, bound (quoted for FTS5, or as a LIKE pattern)
    },
  );

  it('binds filter values of every kind', () => {
    const statements = everySql(
      'user:kai host:203.0.113.80 type:exec kind:exec exit:3 after:2026-11-21 before:2026-11-22 session:s4 program:p5 in:output x',
    );
    const sql = statements.map((s) => s.sql).join('\n');
    for (const literal of ['kai', '203.0.113.80', "'exec'", '1795219200000000', '1795305600000000'])
      expect(sql).not.toContain(literal);
    const values = statements.flatMap((s) => Object.values(s.params));
    expect(values).toEqual(
      expect.arrayContaining(['kai', '203.0.113.80', 'exec', 1795219200000000, 1795305600000000, 4, 5, 3]),
    );
  });
});
