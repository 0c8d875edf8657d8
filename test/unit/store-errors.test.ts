import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/main/formats/input-error';
import { isStoreError } from '../../src/main/store/store-errors';
import { KeychainUnavailableError } from '../../src/shared/errors';

/** What a real SQLite connection throws for `sql`. */
function thrownBy(sql: string): unknown {
  const db = new Database(':memory:');
  try {
    db.exec(sql);
  } catch (e) {
    return e;
  } finally {
    db.close();
  }
  throw new Error(`${sql} did not throw`);
}

describe('isStoreError (src/main/store/store-errors.ts)', () => {
  it("is true for the database's own failures, by class or by SQLite code, and gives the code", () => {
    const syntax = thrownBy('SELEC 1');
    expect(isStoreError(syntax)).toBe(true);
    expect(isStoreError(syntax) && syntax.code).toBe('SQLITE_ERROR');
    const constraint = thrownBy('CREATE TABLE t (x NOT NULL); INSERT INTO t VALUES (NULL)');
    expect(isStoreError(constraint) && constraint.code).toMatch(/^SQLITE_CONSTRAINT/);
    // Rethrown as a plain error with the code kept (as a worker thread might).
    expect(isStoreError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
  });

  it('is false for every other failure, whatever it is named', () => {
    const named = new Error('looks like one');
    named.name = 'SqliteError';
    expect(isStoreError(named)).toBe(false);
    expect(isStoreError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(false);
    expect(isStoreError(new InputError('JSON_INVALID', 'bad line', { line: 2 }))).toBe(false);
    expect(isStoreError(new KeychainUnavailableError('test'))).toBe(false);
    expect(isStoreError({ code: 'SQLITE_BUSY' })).toBe(false);
    expect(isStoreError('SQLITE_ERROR')).toBe(false);
  });
});
