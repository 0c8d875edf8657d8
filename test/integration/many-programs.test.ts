import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/main/ingest/import-file';
import { listSessions } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { tempDir } from '../helpers/fixtures';

// A Logpush file stages its programs, then the case reads them back a page at a time when the
// file joins it: a file of more programs than one page (512) must arrive whole, each once.
const PROGRAMS = 1100;
const START = 1795281616; // 2026-11-21T17:20:16Z

function record(i: number): string {
  const started = new Date((START + i) * 1000).toISOString();
  const payload = [
    { version: 2, width: 80, height: 24, timestamp: START + i, command: `echo ${i}` },
    [0.01, 'o', `line ${i}\r\n`],
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
  return JSON.stringify({
    SessionID: `session-${i}`,
    ProgramID: `program-${i}`,
    ProgramType: 'exec',
    SessionStartDatetime: started,
    ProgramStartDatetime: started,
    UserEmail: `user${i % 7}@example.org`,
    Payload: `${payload}\n`,
  });
}

describe('a Logpush file of more programs than one page', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('joins the case with every program once, and again as a duplicate', async () => {
    const path = join(dir.path, 'many.ndjson');
    writeFileSync(path, Array.from({ length: PROGRAMS }, (_, i) => record(i)).join('\n') + '\n');
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      const outcome = await importFile(db, path, { keys: async () => [] });
      expect(outcome.status, outcome.error).toBe('imported');
      const programs = listSessions(db).flatMap((s) => s.programs);
      expect(programs).toHaveLength(PROGRAMS);
      expect(new Set(programs.map((p) => p.cfProgramId))).toEqual(
        new Set(Array.from({ length: PROGRAMS }, (_, i) => `program-${i}`)),
      );
      expect((await importFile(db, path, { keys: async () => [] })).status).toBe('duplicate');
      expect(listSessions(db).flatMap((s) => s.programs)).toHaveLength(PROGRAMS);
    } finally {
      db.close();
    }
  });
});
