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

/** Opens one ChaCha20-Poly1305 ciphertext (tag appended) with OpenSSL; throws on a bad tag. */
export function chachaOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad?: Uint8Array): Buffer {
  if (ciphertext.length < TAG_BYTES) throw new Error('ciphertext shorter than its tag');
  const body = ciphertext.length - TAG_BYTES;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(ciphertext.subarray(body));
  if (aad !== undefined && aad.length > 0) decipher.setAAD(aad, { plaintextLength: body });
  const plaintext = decipher.update(ciphertext.subarray(0, body));
  decipher.final(); // verifies the tag; ChaCha20-Poly1305 adds no bytes here
  return plaintext;
}

class NodeChachaContext implements AeadEncryptionContext {
  constructor(
    private readonly key: Uint8Array,
    private readonly onOpen?: (iv: Uint8Array) => void,
  ) {}

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
    const plaintext = chachaOpen(this.key, bytes(iv), bytes(data), bytes(aad));
    this.onOpen?.(Uint8Array.from(bytes(iv)));
    return ownArrayBuffer(plaintext);
  }
}

/**
 * ChaCha20-Poly1305 for @hpke/core backed by OpenSSL through node:crypto. The library runs
 * the key schedule and hands the derived key to `createEncryptionContext`, as it does to any
 * AEAD; `onKey` lets the capture reader continue the block sequence itself (see hpke-suite.ts).
 */
export class NodeChacha20Poly1305 implements AeadInterface {
  readonly id = AeadId.Chacha20Poly1305;
  readonly keySize = 32;
  readonly nonceSize = 12;
  readonly tagSize = TAG_BYTES;

  constructor(private readonly onKey?: (key: Uint8Array, firstOpen: Promise<Uint8Array>) => void) {}

  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    const ownKey = Uint8Array.from(bytes(key));
    let resolveIv: (iv: Uint8Array) => void = () => undefined;
    const firstIv = new Promise<Uint8Array>((resolve) => (resolveIv = resolve));
    this.onKey?.(ownKey, firstIv);
    let seen = false;
    return new NodeChachaContext(ownKey, (iv) => {
      if (!seen) resolveIv(iv);
      seen = true;
    });
  }
}
