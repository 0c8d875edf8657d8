import { describe, expect, it } from 'vitest';
import { ruleMessages } from '../helpers/lint-text';

// The lint configuration itself, run on code written for the test: SQL outside src/main/store must fail.
const sqlErrors = (filePath: string, code: string): Promise<string[]> =>
  ruleMessages(filePath, code, 'no-restricted-syntax');

const MESSAGE = 'SQL lives in src/main/store: call (or add) a typed function there (see SQL_OUTSIDE_STORE_ALLOWED).';

describe('SQL only behind src/main/store (eslint.config.js)', () => {
  it('refuses a prepared statement or SQL text run outside store/, and says where SQL goes', async () => {
    const code = [
      "import type { CaseDb } from '../store/open-case';",
      "export const count = (db: CaseDb) => db.prepare('SELECT COUNT(*) FROM sessions').pluck().get();",
      "export const begin = (db: CaseDb) => db.exec('BEGIN');",
      'export const run = (caseDb: CaseDb, sql: string) => caseDb.exec(sql);',
      'export const later = (t: { db: CaseDb }) => t.db.exec(`COMMIT`);',
      '',
    ].join('\n');
    expect(await sqlErrors('src/main/report/fixture.ts', code)).toEqual([MESSAGE, MESSAGE, MESSAGE, MESSAGE]);
    expect(await sqlErrors('src/main/cli/commands/fixture.ts', code)).toHaveLength(4);
  });

  it('allows SQL in store/ only, and RegExp exec anywhere', async () => {
    const sql = "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n";
    expect(await sqlErrors('src/main/store/fixture.ts', sql)).toEqual([]);
    expect(await sqlErrors('src/main/store/linking/fixture.ts', sql)).toEqual([]);
    expect(await sqlErrors('src/main/search/statement-cache.ts', sql)).toEqual([MESSAGE]);
    expect(await sqlErrors('src/main/search/other.ts', sql)).toEqual([MESSAGE]);
    // The import and the indexing call store/ too: no folder outside it is exempt any more.
    expect(await sqlErrors('src/main/ingest/merge-staged.ts', sql)).toEqual([MESSAGE]);
    expect(await sqlErrors('src/main/ingest/readers/fixture.ts', sql)).toEqual([MESSAGE]);
    expect(await sqlErrors('src/main/indexing/link-by-hand.ts', sql)).toEqual([MESSAGE]);
    expect(await sqlErrors('src/main/indexing/index-programs.ts', sql)).toEqual([MESSAGE]);
    const regex = "const RE = /a(b)/;\nexport const f = (s: string) => [RE.exec(s), /^x$/.exec(s), /y/.exec('y')];\n";
    expect(await sqlErrors('src/main/report/fixture.ts', regex)).toEqual([]);
  });
});
