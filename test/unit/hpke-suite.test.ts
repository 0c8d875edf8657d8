import { describe, expect, it } from 'vitest';
import {
  captureSuite,
  createReceiver,
  createSender,
  createStreamingReceiver,
  keySchedule,
  nonceFor,
  type AeadBackend,
} from '../../src/main/crypto/hpke-suite';
import { derivePublicKey } from '../../src/main/crypto/x25519-keys';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

// RFC 9180, appendix A.2 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305), base mode.
const A2 = {
  skRm: '8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb',
  pkRm: '4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a',
  enc: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  info: '4f6465206f6e2061204772656369616e2055726e',
  pt: '4265617574792069732074727574682c20747275746820626561757479',
  aad0: '436f756e742d30',
  ct0: '1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28',
  sharedSecret: '0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7',
  key: 'ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91',
  baseNonce: '5c4d98150661b848853b547f',
};

describe.each<AeadBackend>(['node', 'library'])('HPKE receiver with the %s AEAD', (backend) => {
  it('opens the RFC 9180 A.2.1.1 sequence-0 ciphertext', async () => {
    const rx = await createReceiver(hex(A2.skRm), hex(A2.enc), { info: hex(A2.info), backend });
    const pt = await rx.open(hex(A2.ct0), hex(A2.aad0));
    expect(Buffer.from(pt).toString('hex')).toBe(A2.pt);
  });

  it('rejects a ciphertext with one flipped bit', async () => {
    const rx = await createReceiver(hex(A2.skRm), hex(A2.enc), { info: hex(A2.info), backend });
    const ct = hex(A2.ct0);
    ct[3] = ct[3]! ^ 0x01;
    await expect(async () => rx.open(ct, hex(A2.aad0))).rejects.toThrow();
  });

  it('opens blocks in sequence and fails when one is skipped', async () => {
    const pub = derivePublicKey(hex(A2.skRm));
    const tx = await createSender(pub, { backend });
    const blocks = [
      await tx.seal(Buffer.from('one')),
      await tx.seal(Buffer.from('two')),
      await tx.seal(Buffer.from('three')),
    ];
    const rx = await createReceiver(hex(A2.skRm), tx.enc, { backend });
    expect(Buffer.from(await rx.open(blocks[0]!)).toString()).toBe('one');
    // Skipping block 1 means block 2 is tried with the sequence number of block 1.
    await expect(async () => rx.open(blocks[2]!)).rejects.toThrow();
  });
});

describe('streaming receiver', () => {
  it('derives the RFC 9180 A.2.1 shared secret, key and base nonce', async () => {
    const suite = captureSuite();
    const recipientKey = await suite.kem.importKey('raw', hex(A2.skRm).buffer as ArrayBuffer, false);
    const secret = await suite.kem.decap({ recipientKey, enc: hex(A2.enc).buffer as ArrayBuffer });
    expect(Buffer.from(secret).toString('hex')).toBe(A2.sharedSecret);
    const { key, baseNonce } = await keySchedule(suite, new Uint8Array(secret), hex(A2.info));
    expect(Buffer.from(key).toString('hex')).toBe(A2.key);
    expect(Buffer.from(baseNonce).toString('hex')).toBe(A2.baseNonce);
  });

  it('opens a block fed in pieces of any size as open() does whole, and checks the tag at the end', async () => {
    const pub = derivePublicKey(hex(A2.skRm));
    const tx = await createSender(pub, { backend: 'library' });
    const plain = Buffer.from('piece by piece '.repeat(5000));
    const sealed = [await tx.seal(plain), await tx.seal(plain)];
    const rx = await createStreamingReceiver(hex(A2.skRm), tx.enc);
    for (const size of [1, 1000]) {
      const ct = sealed[size === 1 ? 0 : 1]!;
      const body = ct.subarray(0, ct.length - 16);
      const block = rx.begin();
      const parts: Uint8Array[] = [];
      for (let i = 0; i < body.length; i += size) parts.push(block.update(body.subarray(i, i + size)));
      block.final(ct.subarray(body.length));
      expect(Buffer.concat(parts).equals(plain)).toBe(true);
    }
    // A block whose last byte (of its tag) is altered deciphers, but final() refuses it.
    const third = await tx.seal(plain);
    third[third.length - 1] = third[third.length - 1]! ^ 0x01;
    const block = rx.begin();
    block.update(third.subarray(0, third.length - 16));
    expect(() => block.final(third.subarray(third.length - 16))).toThrow();
  });
});

describe('X25519 keys', () => {
  it('derives the RFC 9180 A.2 recipient public key from its private key', () => {
    expect(Buffer.from(derivePublicKey(hex(A2.skRm))).toString('hex')).toBe(A2.pkRm);
  });
});

describe('block sequence', () => {
  it('derives nonces as base_nonce XOR seq (RFC 9180 A.4 nonces for seq 0, 1, 2, 4, 255, 256)', () => {
    const base = hex('9c995e621bf9a20c5ca45546');
    const expected: Array<[number, string]> = [
      [0, '9c995e621bf9a20c5ca45546'],
      [1, '9c995e621bf9a20c5ca45547'],
      [2, '9c995e621bf9a20c5ca45544'],
      [4, '9c995e621bf9a20c5ca45542'],
      [255, '9c995e621bf9a20c5ca455b9'],
      [256, '9c995e621bf9a20c5ca45446'],
    ];
    const out = new Uint8Array(12);
    for (const [seq, nonce] of expected) {
      nonceFor(base, seq, out);
      expect(Buffer.from(out).toString('hex')).toBe(nonce);
    }
  });

  it('opens 300 blocks sealed by the pure-library sender identically with both backends', async () => {
    const pub = derivePublicKey(hex(A2.skRm));
    const tx = await createSender(pub, { backend: 'library' });
    const blocks: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) blocks.push(await tx.seal(Buffer.from(`block ${i} `.repeat(i % 7))));
    for (const backend of ['node', 'library'] as const) {
      const rx = await createReceiver(hex(A2.skRm), tx.enc, { backend });
      for (let i = 0; i < 300; i++)
        expect(Buffer.from(await rx.open(blocks[i]!)).toString()).toBe(`block ${i} `.repeat(i % 7));
    }
  });
});
