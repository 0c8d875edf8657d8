import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, type AeadInterface } from '@hpke/core';
import { chachaOpen, NodeChacha20Poly1305 } from './node-chacha20-poly1305';

/** Which ChaCha20-Poly1305 does the bulk work: OpenSSL (default) or the library's pure JS. */
export type AeadBackend = 'node' | 'library';

const EMPTY = new Uint8Array(0);
const NONCE_BYTES = 12;

/** Cloudflare's suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 (RFC 9180). */
export function captureSuite(aead: AeadInterface = new Chacha20Poly1305()): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead });
}

/**
 * Opens the blocks of one HPKE context in order; each call advances the sequence number.
 * The node backend answers synchronously (a plain value), the library one with a promise.
 */
export interface BlockOpener {
  open(ciphertext: Uint8Array, aad?: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * A receiver context for one capture. @hpke/core always runs the RFC 9180 key schedule and
 * opens the first block. With the node backend, OpenSSL's ChaCha20-Poly1305 is plugged in as
 * the library's AEAD; it receives the derived key (as every AEAD does) and, on that first
 * open, the base nonce (sequence 0). From block 1 on the sequence continues here, nonce =
 * base_nonce XOR seq (RFC 9180 §5.2), synchronously: the library's per-block lock, awaits and
 * copies cost more than the decryption itself on small blocks (see `npm run bench`).
 */
export async function createReceiver(
  privateKey: Uint8Array,
  encapsulatedKey: Uint8Array,
  options: { info?: Uint8Array; backend?: AeadBackend } = {},
): Promise<BlockOpener> {
  let key: Uint8Array | null = null;
  let firstIv: Promise<Uint8Array> | null = null;
  const node = options.backend !== 'library';
  const suite = captureSuite(
    node
      ? new NodeChacha20Poly1305((k, iv) => {
          key = k;
          firstIv = iv;
        })
      : new Chacha20Poly1305(),
  );
  const recipientKey = await suite.kem.importKey('raw', copy(privateKey), false);
  const ctx = await suite.createRecipientContext({
    recipientKey,
    enc: copy(encapsulatedKey),
    info: copy(options.info ?? EMPTY),
  });
  const libraryOpen = async (ct: Uint8Array, aad: Uint8Array): Promise<Uint8Array> =>
    new Uint8Array(await ctx.open(ct, aad));
  if (!node) return { open: (ct, aad = EMPTY) => libraryOpen(ct, aad) };

  let seq = 0;
  let baseNonce: Uint8Array | null = null;
  const nonce = new Uint8Array(NONCE_BYTES);
  return {
    open(ct, aad = EMPTY) {
      if (baseNonce === null) {
        // Block 0 through the library; it fixes the base nonce. A failure leaves seq at 0.
        return libraryOpen(ct, aad).then(async (pt) => {
          baseNonce = await firstIv!;
          seq = 1;
          return pt;
        });
      }
      nonceFor(baseNonce, seq, nonce);
      const pt = chachaOpen(key!, nonce, ct, aad);
      seq += 1;
      return pt;
    },
  };
}

/** base_nonce XOR I2OSP(seq, 12), written into `out`. */
export function nonceFor(baseNonce: Uint8Array, seq: number, out: Uint8Array): void {
  out.set(baseNonce);
  let s = seq;
  for (let i = NONCE_BYTES - 1; i >= 0 && s > 0; i--) {
    out[i] = out[i]! ^ (s % 256);
    s = Math.floor(s / 256);
  }
}

/** Seals blocks as Cloudflare's recorder does; used by tests, the bench and the demo builder. */
export async function createSender(
  publicKey: Uint8Array,
  options: { info?: Uint8Array; backend?: AeadBackend } = {},
): Promise<{ enc: Uint8Array; seal(plaintext: Uint8Array): Promise<Uint8Array> }> {
  const suite = captureSuite(options.backend === 'library' ? new Chacha20Poly1305() : new NodeChacha20Poly1305());
  const recipientPublicKey = await suite.kem.importKey('raw', copy(publicKey), true);
  const ctx = await suite.createSenderContext({ recipientPublicKey, info: copy(options.info ?? EMPTY) });
  return {
    enc: new Uint8Array(ctx.enc),
    async seal(plaintext) {
      return new Uint8Array(await ctx.seal(copy(plaintext), EMPTY));
    },
  };
}

function copy(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
