import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importFile } from '../../src/main/ingest/import-file';
import { ProgramSnapshots, writeProgramSnapshots } from '../../src/main/replay/snapshot-store';
import { openCase } from '../../src/main/store/open-case';
import { collectingSink } from '../../src/main/extraction/extraction-types';
import { streamShellCommands } from '../../src/main/extraction/shell/extract-shell';
import { produceSnapshots, SnapshotTaker, type TerminalSnapshot } from '../../src/main/replay/snapshot-producer';
import { readCastEvents } from '../helpers/extract-sample';
import { sample, SAMPLES, samplePrivateKey, tempDir } from '../helpers/fixtures';

/**
 * The import emulates a shell program once: the seek snapshots are read off the extractor's
 * terminal. They must be exactly those a pass of the player's own terminal takes, on every real
 * recording we have (every shell, tmux, screen, vim, resizes, wide characters).
 */
const RECORDINGS = join(SAMPLES, '..', 'recordings');
const casts = [
  ...readdirSync(RECORDINGS)
    .filter((f) => f.endsWith('.cast'))
    .map((f) => join(RECORDINGS, f)),
  ...readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.cast') && !f.includes('exec')) // an exec program is not extracted off a terminal
    .map((f) => join(SAMPLES, f)),
].sort();

/** Small recordings: a snapshot every 128 bytes of output gives tens of them. */
const INTERVAL = 128;

describe.each(casts.map((p) => [p.slice(SAMPLES.length - 'samples'.length)] as const))(
  'one terminal pass over %s',
  (name) => {
    const path = join(SAMPLES, '..', name);
    it("takes the same snapshots as the player's terminal would", async () => {
      const { events, cols, rows } = readCastEvents(path);
      const alongside: TerminalSnapshot[] = [];
      const tap = new SnapshotTaker((s) => alongside.push(s), INTERVAL);
      await streamShellCommands(events, { term: 'xterm', cols, rows, modes: [] }, collectingSink(), tap);
      const own: TerminalSnapshot[] = [];
      await produceSnapshots(events, { cols, rows }, (s) => own.push(s), INTERVAL);

      expect(own.length).toBeGreaterThan(0);
      if (tap.complete) expect(alongside).toEqual(own);
      // The extractor followed a width zsh drew for: its snapshots are not the player's, and the
      // import takes them by a pass of their own.
      else expect(name).toMatch(/zsh/);
    });
  },
);

describe('snapshots when the extractor did not play the program as the player does', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('are taken by a pass of their own, the same as ever', async () => {
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      const key = samplePrivateKey();
      const outcome = await importFile(db, sample('sample-shell.cast'), {
        keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
      });
      expect(outcome.error).toBeUndefined();
      const row = db.prepare('SELECT MAX(program_id) FROM program_sources').pluck().get() as number;
      const stored = () => db.prepare('SELECT * FROM terminal_snapshots WHERE program_id = ? ORDER BY at_us').all(row);

      const count = await writeProgramSnapshots(db, row, 128);
      const expected = stored();
      expect(count).toBeGreaterThan(2);

      const snapshots = new ProgramSnapshots(db, row, 128);
      expect(stored()).toEqual([]); // the old ones are replaced, never kept beside
      snapshots.tap!.end(false); // as after a width inferred for zsh: nothing taken is trusted
      expect(await snapshots.finish()).toBeNull();
      expect(snapshots.count).toBe(count);
      expect(stored()).toEqual(expected);
    } finally {
      db.close();
    }
  });
});
