import { describe, expect, it } from 'vitest';
import { createReceiver, createSender, nonceFor, type AeadBackend } from '../../src/main/crypto/hpke-suite';
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
