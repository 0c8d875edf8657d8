import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/main/evidence/audit-log';
import { reindexCase } from '../../src/main/indexing/index-programs';
import { searchCase } from '../../src/main/search/run-search';
import { listSessions } from '../../src/main/store/case-queries';
import { listProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { sample, tempDir, truth } from '../helpers/fixtures';

// test/fixtures/cases/v9-all-formats.sqlite was made by sshlens before sources were linked
// (schema 9): the samples' captures, casts, ZIPs, the Logpush exports (RFC 3339, nanoseconds)
// and a chunked export, imported into one case. It holds 12 sessions for 3 real ones, and the
// chunked export doubled the keystrokes of two programs ("uptime u-pp").
const OLD_CASE = join(sample('..'), 'cases', 'v9-all-formats.sqlite');

let dir: { path: string; cleanup: () => void };
let db: CaseDb;

beforeEach(() => {
  dir = tempDir();
  const path = join(dir.path, 'case.sqlite');
  copyFileSync(OLD_CASE, path);
  db = openCase(path);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

const shellCommands = (programId: string): string[] =>
  listProgramCommands(db, Number(programId.slice(1)))
    .filter((c) => c.kind !== 'program-input')
    .map((c) => c.text);

describe('a case made before sources were linked', () => {
  it('is brought to one record per real session by sshlens reindex', async () => {
    expect(listSessions(db).length).toBeGreaterThan(3);
    const doubled = listSessions(db).find((s) => s.cfSessionId === truth('sample-shell').logpush.SessionID)!;
    expect(shellCommands(doubled.programs[0]!.id)).not.toEqual(truth('sample-shell').commands.map((c) => c.text));

    const counts = await reindexCase(db);
    expect(counts.deduplicated).toBe(2);
    expect(counts.linked).toBe(9);

    const sessions = listSessions(db);
    expect(sessions).toHaveLength(3);
    for (const scenario of ['sample-shell', 'sample-editing', 'sample-exec']) {
      const t = truth(scenario);
      const s = sessions.find((x) => x.cfSessionId === t.logpush.SessionID)!;
      expect(s.userEmail).toBeTruthy();
      expect(s.targetId).toBeTruthy();
      expect(s.programs).toHaveLength(1);
      expect(s.programs[0]!.sources.map((x) => x.path.split('/').pop()).sort()).toEqual(
        expect.arrayContaining([`${scenario}.capture`, `${scenario}.cast`, `${scenario}.decrypted.zip`]),
      );
      const expected = t.program_type === 'exec' ? [t.exec_command] : t.commands.map((c) => c.text);
      expect(shellCommands(s.programs[0]!.id), scenario).toEqual(expected);
    }
    const hits = searchCase(db, 'uptime', { limit: 50 });
    expect(hits.ok && hits.result.hits.filter((h) => h.in === 'command')).toHaveLength(1);
    const actions = listAudit(db).map((e) => e.action);
    expect(actions.filter((a) => a === 'link')).toHaveLength(9);
    expect(actions.filter((a) => a === 'deduplicate')).toHaveLength(2);
  });

  it('finds nothing more to do the second time', async () => {
    await reindexCase(db);
    const before = JSON.stringify(listSessions(db));
    const again = await reindexCase(db);
    expect(again.linked).toBe(0);
    expect(again.deduplicated).toBe(0);
    expect(JSON.stringify(listSessions(db))).toBe(before);
  });
});
