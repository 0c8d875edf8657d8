import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageFile } from '../../src/main/ingest/stage-file';
import { openStagingCase } from '../../src/main/store/staging-case';
import { tempDir } from '../helpers/fixtures';

const RECORDINGS = join(process.cwd(), 'test', 'fixtures', 'recordings');

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** The schema of a database and its version, as SQLite states them. */
function schemaOf(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
    return { version: db.pragma('user_version', { simple: true }), schema };
  } finally {
    db.close();
  }
}

describe('staging a file', () => {
  it('starts every file of a thread from the schema a new staging case has, and nothing of the file before', async () => {
    // Later files of a thread start from a copy of the first empty staging case (stage-file.ts).
    const fresh = join(dir.path, 'fresh.sqlite');
    openStagingCase(fresh).close();
    const keys = async (): Promise<never[]> => [];
    const paths = ['dash.cast', 'history.cast', 'ctrl-c.cast'].map((name, i) => {
      const stagingPath = join(dir.path, `staged-${i}.sqlite`);
      return { recording: join(RECORDINGS, name), stagingPath };
    });
    for (const p of paths) await stageFile(p.recording, p.stagingPath, { keys });
    for (const p of paths) {
      expect(schemaOf(p.stagingPath)).toEqual(schemaOf(fresh));
      const db = new Database(p.stagingPath, { readonly: true });
      // Only this file's source and its one recording's rows.
      expect(db.prepare('SELECT path FROM sources').pluck().all()).toEqual([p.recording]);
      expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
      db.close();
    }
  });
});
