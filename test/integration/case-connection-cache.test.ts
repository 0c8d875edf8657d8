// The connection that browses a case (the app's, `sshlens search`) keeps a larger page cache;
// others keep SQLite's default, so an import's peak memory does not grow with it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseConnection } from '../../src/main/services/case-connection';
import { BROWSING_CACHE_KIB, openCase } from '../../src/main/store/open-case';
import { tempDir } from '../helpers/fixtures';

const dir = tempDir();
afterAll(() => dir.cleanup());

const cacheKib = (db: ReturnType<typeof openCase>): number => db.pragma('cache_size', { simple: true }) as number;

describe('page cache of case connections', () => {
  it('is larger for browsing, SQLite’s default otherwise', () => {
    const path = join(dir.path, 'a.sqlite');
    const plain = openCase(path);
    const browsing = openCase(path, { browsing: true });
    try {
      const bare = new Database(':memory:');
      const sqliteDefault = cacheKib(bare);
      bare.close();
      expect(cacheKib(browsing)).toBe(-BROWSING_CACHE_KIB);
      expect(cacheKib(plain)).toBe(sqliteDefault);
      expect(sqliteDefault).not.toBe(-BROWSING_CACHE_KIB);
    } finally {
      plain.close();
      browsing.close();
    }
  });

  it('is the browsing one for the app’s connection, also after switching cases', async () => {
    const connection = new CaseConnection(join(dir.path, 'b.sqlite'));
    try {
      expect(cacheKib(await connection.db())).toBe(-BROWSING_CACHE_KIB);
      await connection.create(join(dir.path, 'c'));
      expect(cacheKib(await connection.db())).toBe(-BROWSING_CACHE_KIB);
    } finally {
      connection.close();
    }
  });
});
