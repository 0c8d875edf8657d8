import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile } from '../../src/main/ingest/import-file';
import { openCase } from '../../src/main/store/open-case';
import { sample, SAMPLES, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';

const dir = tempDir();
afterAll(() => dir.cleanup());
const recording = (name: string): string => join(SAMPLES, '..', 'recordings', name);

describe('secrets typed at echo-off prompts, after a real import', () => {
  it('appear nowhere in the case: commands, outputs, marks, or the search indexes', async () => {
    const db = openCase(join(dir.path, 'case.sqlite'));
    const key = samplePrivateKey();
    const keys = async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }];
    try {
      for (const file of [sample('sample-editing.capture'), recording('secrets.cast'), recording('nested.cast')]) {
        expect((await importFile(db, file, { keys })).status).toBe('imported');
      }
      const secrets = [
        ...truth('sample-editing').secrets,
        ...(JSON.parse(readFileSync(recording('secrets.truth.json'), 'utf8')) as { secrets: string[] }).secrets,
        ...(JSON.parse(readFileSync(recording('nested.truth.json'), 'utf8')) as { secrets: string[] }).secrets,
      ];
      expect(secrets.length).toBeGreaterThanOrEqual(6);
      const texts = db
        .prepare(
          `SELECT text FROM commands UNION ALL SELECT COALESCE(prompt, '') FROM commands UNION ALL SELECT text FROM outputs
          UNION ALL SELECT COALESCE(detail, '') FROM marks`,
        )
        .pluck()
        .all() as string[];
      expect(texts.length).toBeGreaterThan(20);
      expect(db.prepare("SELECT COUNT(*) FROM marks WHERE kind = 'hidden-input'").pluck().get()).toBe(secrets.length);
      for (const secret of secrets) {
        for (const t of texts) expect(t).not.toContain(secret);
        const quoted = `"${secret.replace(/"/g, '""')}"`;
        for (const table of ['commands_trigram', 'outputs_trigram']) {
          expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ?`).pluck().get(quoted)).toBe(0);
        }
      }
      // The search index is not empty: the same query shape finds what was really typed.
      expect(
        db.prepare('SELECT COUNT(*) FROM commands_trigram WHERE commands_trigram MATCH ?').pluck().get('"read -s"'),
      ).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
