// Reports list every source of each program with what it gave (issue 10), and the conflicts
// between sources: in the JSON facts and on the HTML page an outside reader gets. The case is
// built by the real importer from the real samples, one recording in two forms plus a copy whose
// recorded output was altered.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { buildReport } from '../../src/main/report/build-report';
import { renderHtml } from '../../src/main/report/render-html';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import type { ImportOutcome } from '../../src/shared/model';
import { sample, samplePrivateKey, tempDir } from '../helpers/fixtures';

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};

describe('sources and conflicts in reports', () => {
  const dir = tempDir('sshlens-report-provenance-');
  let db: CaseDb;
  const outcomes: ImportOutcome[] = [];
  let altered: string;

  beforeAll(async () => {
    db = openCase(join(dir.path, 'case.sqlite'));
    altered = join(dir.path, 'altered.cast');
    writeFileSync(altered, readFileSync(sample('sample-shell.cast'), 'utf8').replace('up 18 minutes', 'up 81 minutes'));
    for (const f of [sample('sample-shell.capture'), sample('sample-shell.cast'), altered])
      outcomes.push(await importFile(db, f, withSampleKey));
  });
  afterAll(() => {
    db.close();
    dir.cleanup();
  });

  it('lists every source of a program with its format and what it gave, and every conflict', async () => {
    const model = await buildReport(db, {
      sessions: [],
      tags: [],
      fromUs: null,
      toUs: null,
      outputLines: 0,
      transcript: false,
      toolVersion: 'test',
    });
    expect(model.sessions).toHaveLength(1);
    const session = model.sessions[0]!;
    const sources = session.programs.flatMap((p) => p.sources);
    // Every file imported is there once, by its SHA-256, with its format.
    const imported = outcomes.map((o) => o.sha256);
    const main = session.programs[0]!;
    expect(main.sources.map((s) => s.sha256).sort()).toEqual([...imported].sort());
    expect(main.sources.find((s) => s.sha256 === outcomes[2]!.sha256)!.role).toBe('conflict');
    expect(main.sources.find((s) => s.path.endsWith('.capture'))).toMatchObject({ format: 'capture', role: 'events' });
    const cast = main.sources.find((s) => s.path.endsWith('sample-shell.cast'))!;
    expect(cast.format).toBe('asciicast');
    expect(cast.role).not.toBe('conflict');
    expect(cast.linkedBy).toBe('content');
    // The altered copy is a conflict, kept (as a variant) and named in the session's conflicts.
    expect(outcomes[2]!.conflicts?.length).toBeGreaterThan(0);
    expect(session.conflicts).toHaveLength(outcomes[2]!.conflicts!.length);
    expect(session.conflicts[0]).toMatchObject({ field: 'output', source: outcomes[2]!.sha256 });
    expect(sources.every((s) => ['events', 'same', 'part', 'facts', 'conflict'].includes(s.role))).toBe(true);

    // The manifest names each file once, with the session it recorded: the three files, one session.
    expect(model.manifest.sources.map((s) => [s.sha256, s.sessions]).sort()).toEqual(
      imported.map((sha) => [sha, [session.id]]).sort(),
    );

    const html = renderHtml(model);
    expect(html).toContain('Conflicting sources (1)');
    expect(html).toContain(outcomes[2]!.sha256!);
    expect(html).toContain('joined by recorded content');
    for (const s of main.sources) expect(html).toContain(s.sha256);
  });
});
