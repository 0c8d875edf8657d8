import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../src/shared/model';
import { sshlens, startServe } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

// Finding 10, as the investigator met it: two `sshlens import` of the same folder at once failed
// with SQLITE_CONSTRAINT_UNIQUE and exit 1; a `note add`, `case set` or `reindex` during an import
// failed after 5 s with "database is locked". Separate processes, a real case file.

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'sshlens.mjs');
const dir = tempDir('sshlens-concurrent-');
afterAll(() => dir.cleanup());

/** The CLI started without waiting for it (spawnSync would keep this process from releasing a lock). */
function started(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('writers of one case in separate processes', () => {
  it('two imports of the same folder at once: every file imported once, the other a duplicate, both exit 0', async () => {
    const folder = join(dir.path, 'evidence');
    mkdirSync(folder);
    const names = ['sample-exec.cast', 'sample-editing.cast', 'sample-shell.cast', 'sample-exec.decrypted.zip'];
    for (const name of names) copyFileSync(sample(name), join(folder, name));
    const casePath = join(dir.path, 'race.sqlite');
    const [a, b] = await Promise.all([
      started(['--case', casePath, 'import', folder, '--json']),
      started(['--case', casePath, 'import', folder, '--json']),
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const outcomes = [...(JSON.parse(a.stdout) as ImportOutcome[]), ...(JSON.parse(b.stdout) as ImportOutcome[])];
    for (const name of names) {
      const mine = outcomes.filter((o) => o.path.endsWith(`/${name}`)).map((o) => o.status);
      expect(mine.sort(), name).toEqual(['duplicate', 'imported']);
    }
    expect(outcomes.every((o) => o.error === undefined)).toBe(true);
    const sources = JSON.parse(sshlens(['--case', casePath, 'sessions', '--json']).stdout) as unknown[];
    expect(sources.length).toBeGreaterThan(0);
  });

  it('note add, case set and reindex wait for a writer holding the case past the old 5 s timeout, then succeed', async () => {
    const casePath = join(dir.path, 'wait.sqlite');
    expect(sshlens(['--case', casePath, 'import', sample('sample-exec.cast')]).status).toBe(0);
    const holder = new Database(casePath);
    holder.exec('BEGIN IMMEDIATE');
    const writes = [
      started(['--case', casePath, 'note', 'add', 's1', '--text', 'seen during an import']),
      started(['--case', casePath, 'case', 'set', '--title', 'Set during an import']),
      started(['--case', casePath, 'reindex']),
    ];
    // Held longer than the busy timeout after which these once failed.
    await new Promise((r) => setTimeout(r, 6000));
    holder.exec('COMMIT');
    holder.close();
    for (const r of await Promise.all(writes)) expect(r.status, r.stderr).toBe(0);
    expect(sshlens(['--case', casePath, 'note', 'list']).stdout).toContain('seen during an import');
    expect(sshlens(['--case', casePath, 'case', 'show']).stdout).toContain('Set during an import');
  });

  it('sshlens serve answers reads while a write it was asked for waits for another process', async () => {
    const casePath = join(dir.path, 'served.sqlite');
    expect(sshlens(['--case', casePath, 'import', sample('sample-exec.cast')]).status).toBe(0);
    const ui = await startServe(casePath, { SSHLENS_HOME: dir.path });
    const cookie = `sshlens_token=${new URL(ui.startUrl).searchParams.get('token')!}`;
    const api = (channel: string, args: unknown[]): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: ui.port,
            path: `/api/${channel}`,
            method: 'POST',
            headers: { Host: `127.0.0.1:${ui.port}`, 'Content-Type': 'application/json', Cookie: cookie },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(args));
      });
    const holder = new Database(casePath);
    try {
      holder.exec('BEGIN IMMEDIATE');
      let written = false;
      const write = api('sshlens:case:setFields', [{ expectedCase: casePath }, { title: 'Set while another wrote' }]);
      void write.then(() => (written = true));
      // A server blocked on the lock (a synchronous busy wait) would answer nothing until the write gave up.
      const read = await api('sshlens:sessions:get', ['s1']);
      expect(read.status).toBe(200);
      expect(JSON.parse(read.body)).toMatchObject({ ok: true });
      expect(written).toBe(false);
      holder.exec('COMMIT');
      const done = await write;
      expect(done.status, done.body).toBe(200);
      expect(JSON.parse(done.body)).toMatchObject({ ok: true });
      expect(JSON.parse((await api('sshlens:case:fields', [])).body)).toMatchObject({
        ok: true,
        value: { title: 'Set while another wrote' },
      });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await ui.stop();
    }
  });
});
