import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/** A raw X25519 key pair, as ssh-log-cli writes it (32 bytes each). */
export interface RawKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

// DER prefix of a PKCS#8 X25519 private key (RFC 8410): the raw 32 bytes follow.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function generateKeyPair(): RawKeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const priv = Buffer.from(jwk.d ?? '', 'base64url');
  return { privateKey: Uint8Array.from(priv), publicKey: derivePublicKey(priv) };
}

export function derivePublicKey(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== 32) throw new Error('an X25519 private key is 32 bytes');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, privateKey]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Uint8Array.from(Buffer.from(jwk.x ?? '', 'base64url'));
}

/** Short, stable id of a key: the first 16 hex digits of SHA-256 over the raw public key. */
export function fingerprint(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

export type KeyFileResult = { ok: true; privateKey: Uint8Array } | { ok: false; message: string };

/**
 * Reads a private key file as `ssh-log-cli generate-key-pair` writes it: standard base64 of the
 * raw 32 bytes (surrounding white space tolerated). The message never quotes the file content.
 */
export function parsePrivateKeyFile(content: Uint8Array): KeyFileResult {
  const text = Buffer.from(content).toString('latin1').trim();
  if (text.length === 0) return { ok: false, message: 'the file is empty' };
  if (text.includes('PRIVATE KEY') || text.startsWith('ssh-') || text.startsWith('-----')) {
    return {
      ok: false,
      message:
        'this looks like a PEM or OpenSSH key; expected base64 of a raw 32-byte X25519 key (ssh-log-cli generate-key-pair)',
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    return { ok: false, message: 'the file is not standard base64' };
  }
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== 32) {
    return { ok: false, message: `the key decodes to ${raw.length} bytes; an X25519 private key is 32 bytes` };
  }
  return { ok: true, privateKey: Uint8Array.from(raw) };
}

export function encodeKey(key: Uint8Array): string {
  return Buffer.from(key).toString('base64');
}
