import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { KeyVault, KeyVaultError } from '../../src/main/vault/key-vault';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

// A service name of its own: tests never see or touch an investigator's real keys.
const service = `sshlens-test-${randomBytes(6).toString('hex')}`;
const env = { SSHLENS_KEYCHAIN_SERVICE: service };
const vault = new KeyVault(service);
const dir = tempDir();

beforeAll(async () => {
  for (const k of await vault.list()) await vault.delete(k.id);
});
afterAll(async () => {
  for (const k of await vault.list()) await vault.delete(k.id);
  dir.cleanup();
});

describe('key vault in the real OS keychain', () => {
  it('imports the sample key, derives its public key and id, and lists it', async () => {
    const info = await vault.importKeyFile(readFileSync(SAMPLE_KEY), 'sample');
    expect(info.publicKey).toBe(readFileSync(sample('sample.key.pub'), 'latin1').trim());
    expect(info.id).toMatch(/^[0-9a-f]{16}$/);
    expect((await vault.list()).map((k) => k.id)).toContain(info.id);
    await expect(vault.importKeyFile(readFileSync(SAMPLE_KEY), 'again')).rejects.toThrow(/already in the vault/);
  });

  it('generates keys whose public key is the dashboard form (base64 of 32 bytes) and round-trips them', async () => {
    const info = await vault.generate('laptop');
    expect(Buffer.from(info.publicKey, 'base64')).toHaveLength(32);
    expect(info.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const stored = (await vault.captureKeys()).find((k) => k.fingerprint === info.id)!;
    expect(Buffer.from(derivePublicKey(stored.privateKey)).toString('base64')).toBe(info.publicKey);
    expect(fingerprint(derivePublicKey(stored.privateKey))).toBe(info.id);
    expect((await vault.get(info.id.slice(0, 6))).publicKey).toBe(info.publicKey);
    await vault.delete(info.id);
    await expect(vault.get(info.id)).rejects.toThrow(KeyVaultError);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'this is not a key!'],
    ['31 bytes', Buffer.alloc(31, 1).toString('base64')],
    ['a PEM key', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n-----END PRIVATE KEY-----\n'],
  ])('rejects garbage (%s) without quoting it', async (_name, content) => {
    const err = await vault.importKeyFile(Buffer.from(content), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyVaultError);
    if (content.length > 0) expect((err as Error).message).not.toContain(content.trim().slice(0, 12));
  });
});

describe('a public key offered as a private key (finding 11)', () => {
  // The sample key is in the vault (first test above); its public half is sample.key.pub.
  const pub = readFileSync(sample('sample.key.pub'));

  it('is refused by its name (.pub)', async () => {
    await expect(vault.importKeyFile(pub, 'pub', new Date(), sample('sample.key.pub'))).rejects.toThrow(
      /sample\.key\.pub is a public key \(its name ends in \.pub\): import the private key/,
    );
  });

  it('is refused when it is the public half of a key in the vault, whatever its name', async () => {
    const renamed = join(dir.path, 'laptop-key');
    writeFileSync(renamed, pub);
    await expect(vault.importKeyFile(pub, 'renamed', new Date(), renamed)).rejects.toThrow(
      /this is the public key of key [0-9a-f]{16} \(sample\) already in the vault, not a private key/,
    );
  });

  it('is refused when a .pub file beside it holds the same key', async () => {
    const other = new KeyVault(`${service}-empty`); // no keys: only the folder can tell
    const folder = join(dir.path, 'keys');
    mkdirSync(folder);
    writeFileSync(join(folder, 'id_incident.pub'), pub);
    writeFileSync(join(folder, 'id_incident'), pub); // the public key copied over the private one
    await expect(other.importKeyFile(pub, 'copy', new Date(), join(folder, 'id_incident'))).rejects.toThrow(
      /id_incident holds the same key as id_incident\.pub beside it: it is a public key/,
    );
    expect(await other.list()).toEqual([]);
  });

  it('is refused by the CLI, for keys import and for --key-file', () => {
    const r = sshlens(['keys', 'import', sample('sample.key.pub')], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('sample.key.pub is a public key');
    const k = sshlens(
      [
        '--case',
        join(dir.path, 'k.sqlite'),
        'import',
        sample('sample-exec.capture'),
        '--key-file',
        sample('sample.key.pub'),
      ],
      env,
    );
    expect(k.status).toBe(2);
    expect(k.stderr).toContain('--key-file: sample.key.pub is a public key');
  });
});

describe('keys and import through the CLI', () => {
  const casePath = join(dir.path, 'case.sqlite');

  it('generates, lists, exports and deletes a key', () => {
    const gen = sshlens(['keys', 'generate', '--label', 'cli key', '--json'], env);
    expect(gen.status).toBe(0);
    const info = JSON.parse(gen.stdout) as { id: string; publicKey: string; label: string };
    expect(info.label).toBe('cli key');
    expect(gen.stdout).not.toMatch(/privateKey/);
    const list = JSON.parse(sshlens(['keys', 'list', '--json'], env).stdout) as Array<{ id: string }>;
    expect(list.map((k) => k.id)).toContain(info.id);
    const exported = sshlens(['keys', 'export-public', info.id], env);
    expect(exported.stdout.trim()).toBe(info.publicKey);
    expect(sshlens(['keys', 'delete', info.id], env).status).toBe(0);
    expect(sshlens(['keys', 'export-public', info.id], env).status).toBe(1);
  });

  it('opens a capture with a key from the vault, never printing the private key', () => {
    const imported = sshlens(['keys', 'import', SAMPLE_KEY, '--label', 'sample'], env);
    expect([0, 1]).toContain(imported.status); // already there from the test above is fine
    const out = sshlens(['--case', casePath, 'import', sample('sample-editing.capture'), '--json'], env);
    expect(out.status).toBe(0);
    const [outcome] = JSON.parse(out.stdout) as Array<{ status: string }>;
    expect(outcome!.status).toBe('imported');
    const secret = readFileSync(SAMPLE_KEY, 'latin1').trim();
    expect(out.stdout + out.stderr).not.toContain(secret);
    expect(readFileSync(casePath).includes(Buffer.from(secret))).toBe(false);
  });

  it('refuses clearly when no keychain is reachable, and stores nothing elsewhere', () => {
    const home = join(dir.path, 'home');
    const noKeychain = {
      ...env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      SSHLENS_HOME: home,
      DISPLAY: '',
    };
    const r = sshlens(['keys', 'generate'], noKeychain);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no OS keychain is reachable/);
    expect(r.stdout).toBe('');
    const imp = sshlens(
      ['--case', join(dir.path, 'other.sqlite'), 'import', sample('sample-exec.capture')],
      noKeychain,
    );
    expect(imp.status).toBe(1);
    expect(imp.stdout).toMatch(/no OS keychain is reachable/);
  });

  it('uses --key-file for one run without storing the key', async () => {
    const before = (await vault.list()).length;
    const keyFile = join(dir.path, 'one-off.key');
    writeFileSync(keyFile, readFileSync(SAMPLE_KEY));
    const r = sshlens(
      [
        '--case',
        join(dir.path, 'third.sqlite'),
        'import',
        sample('sample-shell.capture'),
        '--key-file',
        keyFile,
        '--json',
      ],
      env,
    );
    expect(r.status).toBe(0);
    expect((await vault.list()).length).toBe(before);
  });
});
