import keytar from 'keytar';
import type { KeyInfo } from '../../shared/model';
import { derivePublicKey, encodeKey, fingerprint, generateKeyPair, parsePrivateKeyFile } from '../crypto/x25519-keys';
import type { CaptureKey } from '../crypto/capture-key';
import { publicKeyProblem } from './public-key-check';
import { KeychainUnavailableError, KeyVaultError } from '../../shared/errors';

// Both cross the worker and API boundaries with a code (src/shared/errors.ts).
export { KeychainUnavailableError, KeyVaultError } from '../../shared/errors';

/** What the keychain entry holds (JSON). Only this module ever parses it. */
interface Secret {
  v: 1;
  privateKey: string;
  publicKey: string;
  label: string;
  added: string;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'sshlens';

/**
 * The investigator's X25519 keys, kept in the OS keychain under one service name (one entry a
 * key, account = fingerprint). Public facts come out as KeyInfo; private keys leave this module
 * only as CaptureKey, towards the capture reader.
 */
export class KeyVault {
  constructor(readonly service: string = process.env['SSHLENS_KEYCHAIN_SERVICE'] || DEFAULT_KEYCHAIN_SERVICE) {}

  async generate(label: string | undefined, now = new Date()): Promise<KeyInfo> {
    const pair = generateKeyPair();
    return this.store(pair.privateKey, label ?? 'generated key', now);
  }

  /**
   * Stores the private key a file holds. `path` (where it was read) lets a public key offered in its
   * place be refused by its name or a sibling (vault/public-key-check.ts); the vault's own public
   * keys are checked always.
   */
  async importKeyFile(
    content: Uint8Array,
    label: string,
    now = new Date(),
    path: string | null = null,
  ): Promise<KeyInfo> {
    const parsed = parsePrivateKeyFile(content);
    if (!parsed.ok) throw new KeyVaultError(`not a private key file: ${parsed.message}`);
    const entries = await this.entries();
    const known = entries.map((e) => ({
      id: e.info.id,
      label: e.info.label,
      publicKey: derivePublicKey(e.privateKey),
    }));
    const problem = publicKeyProblem(path, parsed.privateKey, known);
    if (problem !== null) throw new KeyVaultError(problem);
    const id = fingerprint(derivePublicKey(parsed.privateKey));
    const existing = entries.find((e) => e.info.id === id);
    if (existing) throw new KeyVaultError(`this key is already in the vault as ${id} (${existing.info.label})`);
    return this.store(parsed.privateKey, label, now);
  }

  async list(): Promise<KeyInfo[]> {
    return (await this.entries())
      .map((e) => e.info)
      .sort((a, b) => a.added.localeCompare(b.added) || a.id.localeCompare(b.id));
  }

  async get(idOrPrefix: string): Promise<KeyInfo> {
    return (await this.resolve(idOrPrefix)).info;
  }

  async delete(idOrPrefix: string): Promise<KeyInfo> {
    const entry = await this.resolve(idOrPrefix);
    await this.call(() => keytar.deletePassword(this.service, entry.info.id));
    return entry.info;
  }

  /** Every private key, for trying on a capture. */
  async captureKeys(): Promise<CaptureKey[]> {
    return (await this.entries()).map((e) => ({ fingerprint: e.info.id, privateKey: e.privateKey }));
  }

  private async store(privateKey: Uint8Array, label: string, now: Date): Promise<KeyInfo> {
    const publicKey = derivePublicKey(privateKey);
    const info: KeyInfo = {
      id: fingerprint(publicKey),
      label,
      publicKey: encodeKey(publicKey),
      added: now.toISOString(),
    };
    const secret: Secret = {
      v: 1,
      privateKey: encodeKey(privateKey),
      publicKey: info.publicKey,
      label,
      added: info.added,
    };
    await this.call(() => keytar.setPassword(this.service, info.id, JSON.stringify(secret)));
    return info;
  }

  private async resolve(idOrPrefix: string): Promise<{ info: KeyInfo; privateKey: Uint8Array }> {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (!/^[0-9a-f]{4,16}$/.test(wanted))
      throw new KeyVaultError(`"${idOrPrefix}" is not a key id (4 to 16 hex digits, see \`sshlens keys list\`)`);
    const matches = (await this.entries()).filter((e) => e.info.id.startsWith(wanted));
    if (matches.length === 0) throw new KeyVaultError(`no key ${wanted} in the vault`);
    if (matches.length > 1)
      throw new KeyVaultError(`key id ${wanted} is ambiguous: ${matches.map((m) => m.info.id).join(', ')}`);
    return matches[0]!;
  }

  private async entries(): Promise<Array<{ info: KeyInfo; privateKey: Uint8Array }>> {
    const creds = await this.call(() => keytar.findCredentials(this.service));
    const out: Array<{ info: KeyInfo; privateKey: Uint8Array }> = [];
    for (const { account, password } of creds) {
      const parsed = parseSecret(password);
      if (parsed === null) continue; // not ours (or damaged): never echo its content
      const privateKey = Uint8Array.from(Buffer.from(parsed.privateKey, 'base64'));
      if (privateKey.length !== 32 || fingerprint(derivePublicKey(privateKey)) !== account) continue;
      out.push({
        info: { id: account, label: parsed.label, publicKey: parsed.publicKey, added: parsed.added },
        privateKey,
      });
    }
    return out;
  }

  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw new KeychainUnavailableError(e instanceof Error ? e.message.split('\n')[0]! : 'unknown error');
    }
  }
}

function parseSecret(text: string): Secret | null {
  try {
    const v = JSON.parse(text) as Partial<Secret>;
    if (v.v !== 1 || typeof v.privateKey !== 'string' || typeof v.publicKey !== 'string') return null;
    return {
      v: 1,
      privateKey: v.privateKey,
      publicKey: v.publicKey,
      label: typeof v.label === 'string' ? v.label : '',
      added: typeof v.added === 'string' ? v.added : '',
    };
  } catch {
    return null;
  }
}
