import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, type AeadInterface } from '@hpke/core';
import { NodeChacha20Poly1305 } from './node-chacha20-poly1305';

/** Which ChaCha20-Poly1305 does the bulk work: OpenSSL (default) or the library's pure JS. */
export type AeadBackend = 'node' | 'library';

const EMPTY = new Uint8Array(0);

/** Cloudflare's suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 (RFC 9180). */
export function captureSuite(backend: AeadBackend = 'node'): CipherSuite {
  const aead: AeadInterface = backend === 'node' ? new NodeChacha20Poly1305() : new Chacha20Poly1305();
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead });
}

/** Opens the blocks of one HPKE context in order; each call advances the sequence number. */
export interface BlockOpener {
  open(ciphertext: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
}

export async function createReceiver(
  privateKey: Uint8Array,
  encapsulatedKey: Uint8Array,
  options: { info?: Uint8Array; backend?: AeadBackend } = {},
): Promise<BlockOpener> {
  const suite = captureSuite(options.backend);
  const recipientKey = await suite.kem.importKey('raw', copyToArrayBuffer(privateKey), false);
  const ctx = await suite.createRecipientContext({
    recipientKey,
    enc: copyToArrayBuffer(encapsulatedKey),
    info: copyToArrayBuffer(options.info ?? EMPTY),
  });
  return {
    async open(ciphertext, aad = EMPTY) {
      return new Uint8Array(await ctx.open(ciphertext, aad));
    },
  };
}

/** Seals blocks as Cloudflare's recorder does; used by tests, the bench and the demo builder. */
export async function createSender(
  publicKey: Uint8Array,
  options: { info?: Uint8Array; backend?: AeadBackend } = {},
): Promise<{ enc: Uint8Array; seal(plaintext: Uint8Array): Promise<Uint8Array> }> {
  const suite = captureSuite(options.backend);
  const recipientPublicKey = await suite.kem.importKey('raw', copyToArrayBuffer(publicKey), true);
  const ctx = await suite.createSenderContext({ recipientPublicKey, info: copyToArrayBuffer(options.info ?? EMPTY) });
  return {
    enc: new Uint8Array(ctx.enc),
    async seal(plaintext) {
      return new Uint8Array(await ctx.seal(copyToArrayBuffer(plaintext), EMPTY));
    },
  };
}

function copyToArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
