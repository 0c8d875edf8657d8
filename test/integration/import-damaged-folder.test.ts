// A damaged recording inside a folder is listed as rejected, with the reason, and audited; it is
// not passed over as "not a recording" like the folder's other files. The damage is real bytes:
// the sample capture with its header overwritten, beside a README that is skipped as before.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

describe('a damaged recording in a folder import', () => {
  const dir = tempDir('sshlens-damaged-folder-');
  const env = { SSHLENS_HOME: dir.path };
  afterAll(() => dir.cleanup());

  it('is rejected with the reason and audited, while a file that is no recording is skipped', () => {
    const folder = join(dir.path, 'evidence');
    mkdirSync(folder);
    const capture = Buffer.from(readFileSync(sample('sample-shell.capture')));
    capture.fill(0, 0, 16); // the header: the format can no longer be recognised
    writeFileSync(join(folder, 'damaged.capture'), capture);
    writeFileSync(join(folder, 'README.txt'), 'notes on the evidence\n');
    const casePath = join(dir.path, 'case.sqlite');
    const r = sshlens(['--case', casePath, 'import', '--json', '--key-file', SAMPLE_KEY, folder], env);
    expect(r.status).toBe(1);
    const outcomes = JSON.parse(r.stdout) as Array<{ path: string; status: string; error?: string }>;
    expect(outcomes).toEqual([
      expect.objectContaining({ path: join(folder, 'damaged.capture'), status: 'rejected', error: expect.any(String) }),
    ]);
    expect(outcomes[0]!.error).toMatch(/not an SSH command log/);
    expect(r.stderr).toContain(`skipped: ${join(folder, 'README.txt')} (not a recording)`);
    expect(r.stderr).not.toContain('damaged.capture (not a recording)');
    const audit = JSON.parse(sshlens(['--case', casePath, 'audit', '--json'], env).stdout) as {
      entries: Array<{ action: string; details: { path?: string } }>;
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'import-rejected',
        details: expect.objectContaining({ path: join(folder, 'damaged.capture') }),
      }),
    );
  });
});
