import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AeadEncryptionContext, AeadInterface } from '@hpke/core';
import { AeadId } from '@hpke/core';

const TAG_BYTES = 16;

function bytes(v: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  // Buffers from node:crypto may sit in a shared pool: hand back exactly their bytes.
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

class NodeChachaContext implements AeadEncryptionContext {
  constructor(private readonly key: Uint8Array) {}

  async seal(iv: ArrayBufferLike | ArrayBufferView, data: ArrayBufferLike | ArrayBufferView, aad: ArrayBufferLike | ArrayBufferView): Promise<ArrayBuffer> {
    const cipher = createCipheriv('chacha20-poly1305', this.key, bytes(iv), { authTagLength: TAG_BYTES });
    cipher.setAAD(bytes(aad), { plaintextLength: bytes(data).length });
    const body = Buffer.concat([cipher.update(bytes(data)), cipher.final(), cipher.getAuthTag()]);
    return toArrayBuffer(body);
  }

  async open(iv: ArrayBufferLike | ArrayBufferView, data: ArrayBufferLike | ArrayBufferView, aad: ArrayBufferLike | ArrayBufferView): Promise<ArrayBuffer> {
    const ct = bytes(data);
    if (ct.length < TAG_BYTES) throw new Error('ciphertext shorter than its tag');
    const decipher = createDecipheriv('chacha20-poly1305', this.key, bytes(iv), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
    decipher.setAAD(bytes(aad), { plaintextLength: ct.length - TAG_BYTES });
    const body = Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]);
    return toArrayBuffer(body);
  }
}

/**
 * ChaCha20-Poly1305 for @hpke/core backed by OpenSSL through node:crypto. The library keeps
 * the key schedule and nonce sequencing; only the bulk AEAD is swapped (measured in the bench).
 */
export class NodeChacha20Poly1305 implements AeadInterface {
  readonly id = AeadId.Chacha20Poly1305;
  readonly keySize = 32;
  readonly nonceSize = 12;
  readonly tagSize = TAG_BYTES;

  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    return new NodeChachaContext(Uint8Array.from(bytes(key)));
  }
}
