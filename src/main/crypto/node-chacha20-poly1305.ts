import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AeadEncryptionContext, AeadInterface } from '@hpke/core';
import { AeadId } from '@hpke/core';

export const TAG_BYTES = 16;

function bytes(v: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);
}

/** Exactly the bytes of `b` as an ArrayBuffer, copying only when b does not own its memory. */
function ownArrayBuffer(b: Uint8Array): ArrayBuffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) return b.buffer as ArrayBuffer;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * One ChaCha20-Poly1305 ciphertext deciphered as it arrives: `update` per piece of the body, then
 * `final` with the 16-byte tag that follows it, which throws when the tag does not verify. OpenSSL
 * takes the tag at the end for this cipher (unlike CCM), so the body never has to be held.
 */
export interface ChachaDecipher {
  update(piece: Uint8Array): Buffer;
  final(tag: Uint8Array): void;
}

/** `aad` (empty in captures) needs the length of the whole body it authenticates with. */
export function chachaDecipher(
  key: Uint8Array,
  nonce: Uint8Array,
  aad?: { bytes: Uint8Array; plaintextLength: number },
): ChachaDecipher {
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  if (aad !== undefined && aad.bytes.length > 0) decipher.setAAD(aad.bytes, { plaintextLength: aad.plaintextLength });
  return {
    update: (piece) => decipher.update(piece),
    final(tag) {
      if (tag.length !== TAG_BYTES) throw new Error(`a tag is ${TAG_BYTES} bytes, not ${tag.length}`);
      decipher.setAuthTag(tag);
      decipher.final(); // verifies the tag; ChaCha20-Poly1305 adds no bytes here
    },
  };
}

/** Opens one ChaCha20-Poly1305 ciphertext (tag appended) with OpenSSL; throws on a bad tag. */
export function chachaOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad?: Uint8Array): Buffer {
  if (ciphertext.length < TAG_BYTES) throw new Error('ciphertext shorter than its tag');
  const body = ciphertext.length - TAG_BYTES;
  const decipher = chachaDecipher(key, nonce, aad && { bytes: aad, plaintextLength: body });
  const plaintext = decipher.update(ciphertext.subarray(0, body));
  decipher.final(ciphertext.subarray(body));
  return plaintext;
}

class NodeChachaContext implements AeadEncryptionContext {
  constructor(private readonly key: Uint8Array) {}

  async seal(
    iv: ArrayBufferLike | ArrayBufferView,
    data: ArrayBufferLike | ArrayBufferView,
    aad: ArrayBufferLike | ArrayBufferView,
  ): Promise<ArrayBuffer> {
    const cipher = createCipheriv('chacha20-poly1305', this.key, bytes(iv), { authTagLength: TAG_BYTES });
    cipher.setAAD(bytes(aad), { plaintextLength: bytes(data).length });
    return ownArrayBuffer(Buffer.concat([cipher.update(bytes(data)), cipher.final(), cipher.getAuthTag()]));
  }

  async open(
    iv: ArrayBufferLike | ArrayBufferView,
    data: ArrayBufferLike | ArrayBufferView,
    aad: ArrayBufferLike | ArrayBufferView,
  ): Promise<ArrayBuffer> {
    return ownArrayBuffer(chachaOpen(this.key, bytes(iv), bytes(data), bytes(aad)));
  }
}

/** ChaCha20-Poly1305 for @hpke/core backed by OpenSSL through node:crypto (the sender's AEAD). */
export class NodeChacha20Poly1305 implements AeadInterface {
  readonly id = AeadId.Chacha20Poly1305;
  readonly keySize = 32;
  readonly nonceSize = 12;
  readonly tagSize = TAG_BYTES;

  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    return new NodeChachaContext(Uint8Array.from(bytes(key)));
  }
}
