import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, type AeadInterface } from '@hpke/core';
import { chachaDecipher, NodeChacha20Poly1305, TAG_BYTES, type ChachaDecipher } from './node-chacha20-poly1305';

/** Which ChaCha20-Poly1305 does the bulk work: OpenSSL (default) or the library's pure JS. */
export type AeadBackend = 'node' | 'library';

const EMPTY = new Uint8Array(0);
const NONCE_BYTES = 12;
const KEY_BYTES = 32;
const MODE_BASE = 0;
const label = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Cloudflare's suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 (RFC 9180). */
export function captureSuite(aead: AeadInterface = new Chacha20Poly1305()): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead });
}

/**
 * Opens the blocks of one HPKE context in order; each successful open advances the sequence
 * number. The node backend answers synchronously (a plain value), the library one with a promise.
 */
export interface BlockOpener {
  open(ciphertext: Uint8Array, aad?: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * One block opened as its ciphertext arrives: `update` deciphers each piece of the body (the
 * ciphertext without its 16-byte tag); `final` checks the tag and throws when the block is not
 * authentic. What `update` returned is not authentic until `final` returned.
 */
export type BlockDecipher = ChachaDecipher;

/** A receiver that also opens a block piece by piece: memory for one block is its plaintext, once. */
export interface StreamingReceiver extends BlockOpener {
  open(ciphertext: Uint8Array, aad?: Uint8Array): Uint8Array;
  /** The next block in sequence; the sequence advances when its `final` succeeds. One block at a time. */
  begin(): BlockDecipher;
}

/**
 * A receiver context for one capture. The node backend is createStreamingReceiver; the library
 * backend is the library's own context and AEAD, kept as the reference the bench and tests compare with.
 */
export async function createReceiver(
  privateKey: Uint8Array,
  encapsulatedKey: Uint8Array,
  options: { info?: Uint8Array; backend?: AeadBackend } = {},
): Promise<BlockOpener> {
  if (options.backend !== 'library') return createStreamingReceiver(privateKey, encapsulatedKey, options.info);
  const suite = captureSuite();
  const recipientKey = await suite.kem.importKey('raw', copy(privateKey), false);
  const ctx = await suite.createRecipientContext({
    recipientKey,
    enc: copy(encapsulatedKey),
    info: copy(options.info ?? EMPTY),
  });
  return { open: async (ct, aad = EMPTY) => new Uint8Array(await ctx.open(copy(ct), copy(aad))) };
}

/**
 * A receiver context whose blocks OpenSSL's ChaCha20-Poly1305 opens, synchronously and in pieces.
 * The RFC 9180 key schedule (base mode, §5.1) runs here on the library's KEM and KDF; each block's
 * nonce is base_nonce XOR seq (§5.2). The library's own context wants whole ciphertexts, and its
 * per-block lock, awaits and copies cost more than the decryption itself on small blocks.
 */
export async function createStreamingReceiver(
  privateKey: Uint8Array,
  encapsulatedKey: Uint8Array,
  info: Uint8Array = EMPTY,
): Promise<StreamingReceiver> {
  const suite = captureSuite();
  const recipientKey = await suite.kem.importKey('raw', copy(privateKey), false);
  const sharedSecret = await suite.kem.decap({ recipientKey, enc: copy(encapsulatedKey) });
  const { key, baseNonce } = await keySchedule(suite, new Uint8Array(sharedSecret), info);
  return sequence(key, baseNonce);
}

/** RFC 9180 §5.1 KeySchedule for mode_base (no PSK): the AEAD key and base nonce of a context. */
export async function keySchedule(
  suite: CipherSuite,
  sharedSecret: Uint8Array,
  info: Uint8Array,
): Promise<{ key: Uint8Array; baseNonce: Uint8Array }> {
  const kdf = suite.kdf; // initialised with the suite id by the CipherSuite
  const pskIdHash = new Uint8Array(await kdf.labeledExtract(EMPTY, label('psk_id_hash'), EMPTY));
  const infoHash = new Uint8Array(await kdf.labeledExtract(EMPTY, label('info_hash'), info));
  const context = new Uint8Array(1 + pskIdHash.length + infoHash.length);
  context[0] = MODE_BASE;
  context.set(pskIdHash, 1);
  context.set(infoHash, 1 + pskIdHash.length);
  const secret = await kdf.labeledExtract(sharedSecret, label('secret'), EMPTY);
  const key = new Uint8Array(await kdf.labeledExpand(secret, label('key'), context, KEY_BYTES));
  const baseNonce = new Uint8Array(await kdf.labeledExpand(secret, label('base_nonce'), context, NONCE_BYTES));
  return { key, baseNonce };
}

/** Blocks opened in order under one key: the sequence number advances on each authentic block. */
function sequence(key: Uint8Array, baseNonce: Uint8Array): StreamingReceiver {
  let seq = 0;
  const nonce = new Uint8Array(NONCE_BYTES);
  const begin = (aad?: { bytes: Uint8Array; plaintextLength: number }): BlockDecipher => {
    nonceFor(baseNonce, seq, nonce);
    const decipher = chachaDecipher(key, nonce, aad);
    const opened = seq;
    return {
      update: (piece) => decipher.update(piece),
      final(tag) {
        decipher.final(tag);
        if (seq === opened) seq += 1;
      },
    };
  };
  return {
    begin: () => begin(),
    open(ct, aad = EMPTY) {
      if (ct.length < TAG_BYTES) throw new Error('ciphertext shorter than its tag');
      const body = ct.length - TAG_BYTES;
      const block = begin({ bytes: aad, plaintextLength: body });
      const plaintext = block.update(ct.subarray(0, body));
      block.final(ct.subarray(body));
      return plaintext;
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
