import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile } from '../../src/main/ingest/import-file';
import { trigramSetMatch } from '../../src/main/search/fts-query';
import { openCase } from '../../src/main/store/open-case';
import { sample, SAMPLES, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';
import { outputText, withOutputText } from '../helpers/output-text';

const dir = tempDir();
afterAll(() => dir.cleanup());
const recording = (name: string): string => join(SAMPLES, '..', 'recordings', name);
/**
 * Recordings with passwords typed at echo-off prompts: bash, zsh (read -s, sudo, openssl, su), dash (stty -echo),
 * sudo inside screen, the mysql client's own prompt.
 */
const WITH_SECRETS = ['secrets', 'nested', 'zsh', 'zsh-more', 'dash', 'screen', 'repl-mysql'];
const recordingTruth = (name: string): { secrets: string[]; hidden_inputs?: number } =>
  JSON.parse(readFileSync(recording(`${name}.truth.json`), 'utf8')) as { secrets: string[]; hidden_inputs?: number };

describe('secrets typed at echo-off prompts, after a real import', () => {
  it('appear nowhere in the case: commands, outputs, marks, or the search indexes', async () => {
    const db = openCase(join(dir.path, 'case.sqlite'));
    const key = samplePrivateKey();
    const keys = async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }];
    try {
      for (const file of [sample('sample-editing.capture'), ...WITH_SECRETS.map((n) => recording(`${n}.cast`))]) {
        expect((await importFile(db, file, { keys })).status).toBe('imported');
      }
      const secrets = [...truth('sample-editing').secrets, ...WITH_SECRETS.flatMap((n) => recordingTruth(n).secrets)];
      const hiddenInputs =
        truth('sample-editing').secrets.length +
        WITH_SECRETS.reduce((sum, n) => sum + (recordingTruth(n).hidden_inputs ?? recordingTruth(n).secrets.length), 0);
      expect(secrets.length).toBeGreaterThanOrEqual(11);
      const texts = withOutputText(db)
        .prepare(
          `SELECT text FROM commands UNION ALL SELECT COALESCE(prompt, '') FROM commands UNION ALL SELECT ${outputText('o')} FROM outputs o
          UNION ALL SELECT COALESCE(detail, '') FROM marks`,
        )
        .pluck()
        .all() as string[];
      expect(texts.length).toBeGreaterThan(20);
      expect(db.prepare("SELECT COUNT(*) FROM marks WHERE kind = 'hidden-input'").pluck().get()).toBe(hiddenInputs);
      for (const secret of secrets) {
        for (const t of texts) expect(t).not.toContain(secret);
        const quoted = `"${secret.replace(/"/g, '""')}"`;
        expect(
          db.prepare(`SELECT COUNT(*) FROM commands_trigram WHERE commands_trigram MATCH ?`).pluck().get(quoted),
        ).toBe(0);
        // The output's piece index keeps no positions (migration 016): the secret is asked as its
        // trigrams, and no piece holding them all holds the secret.
        const holding = db
          .prepare(
            'SELECT sshlens_join_pieces(x.start_char, x.text) FROM pieces_trigram t JOIN output_pieces x ON x.id = t.rowid WHERE pieces_trigram MATCH ? GROUP BY x.id',
          )
          .pluck()
          .all(trigramSetMatch([secret])) as string[];
        for (const t of holding) expect(t.toLowerCase()).not.toContain(secret.toLowerCase());
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
