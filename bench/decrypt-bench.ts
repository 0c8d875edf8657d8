import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReceiver, type AeadBackend } from '../src/main/crypto/hpke-suite';
import { fingerprint, type RawKeyPair } from '../src/main/crypto/x25519-keys';
import type { RecordingSink, TerminalEvent } from '../src/main/formats/recording';
import { readCapture } from '../src/main/ingest/readers/read-capture';
import { LAYOUT_LABEL, type BlockLayout } from './block-layouts';
import { collectGarbage, measureInterleaved, MiB, type Contender, type Rate } from './measure';
import { buildCaptureInMemory, type CaptureInMemory } from './synthetic-capture';

const TAG = 16;
/** fileChunks() reads files 1 MiB at a time: feed the reader the same way. */
const READ_CHUNK = MiB;

export interface DecryptCase {
  layout: BlockLayout;
  /** Plaintext of the synthetic capture. */
  bytes: number;
  /** The pure-JS AEAD is slow: it gets a prefix of the blocks of about this size (0 = skip). */
  libraryBytes: number;
}

export interface DecryptResult {
  label: string;
  plaintextBytes: number;
  blocks: number;
  packets: number;
  raw: Rate;
  node: Rate;
  library: Rate | null;
  reader: Rate;
}

export async function runDecryptCase(
  c: DecryptCase,
  keys: RawKeyPair,
  rounds: number,
  secondsPerRound: number,
): Promise<DecryptResult> {
  const capture = await buildCaptureInMemory({
    publicKey: keys.publicKey,
    plaintextBytes: c.bytes,
    layout: c.layout,
    seed: 0xdec0de,
  });
  const contenders = [
    rawContender(capture),
    receiverContender(capture, keys.privateKey, 'node', capture.blocks),
    readerContender(capture, keys),
  ];
  if (c.libraryBytes > 0) {
    let n = 0;
    for (let bytes = 0; n < capture.ciphertexts.length && bytes < c.libraryBytes; n++)
      bytes += capture.ciphertexts[n]!.length - TAG;
    contenders.push(receiverContender(capture, keys.privateKey, 'library', n));
  }
  const rates = await measureInterleaved(contenders, rounds, secondsPerRound);
  collectGarbage();
  return {
    label: LAYOUT_LABEL[c.layout],
    plaintextBytes: capture.plaintextBytes,
    blocks: capture.blocks,
    packets: capture.packets,
    raw: rates.get('raw')!,
    node: rates.get('node')!,
    library: rates.get('library') ?? null,
    reader: rates.get('reader')!,
  };
}

/**
 * The machine's floor: node:crypto ChaCha20-Poly1305 opening blocks of the very same sizes,
 * one decipher per block (as any per-block AEAD must), nothing else.
 */
function rawContender(capture: CaptureInMemory): Contender {
  const key = randomBytes(32);
  const baseNonce = randomBytes(12);
  const nonceOf = (i: number): Buffer => {
    const n = Buffer.from(baseNonce);
    n.writeUInt32BE((n.readUInt32BE(8) ^ i) >>> 0, 8);
    return n;
  };
  const sealed = capture.ciphertexts.map((ct, i) => {
    const plain = ct.subarray(0, ct.length - TAG); // any bytes of the right length will do
    const cipher = createCipheriv('chacha20-poly1305', key, nonceOf(i), { authTagLength: TAG });
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { nonce: nonceOf(i), body, tag: cipher.getAuthTag() };
  });
  return {
    name: 'raw',
    bytesPerPass: capture.plaintextBytes,
    pass: () => {
      let got = 0;
      for (const s of sealed) {
        const d = createDecipheriv('chacha20-poly1305', key, s.nonce, { authTagLength: TAG });
        d.setAuthTag(s.tag);
        got += d.update(s.body).length;
        d.final();
      }
      if (got !== capture.plaintextBytes)
        throw new Error(`raw decrypt gave ${got} bytes, expected ${capture.plaintextBytes}`);
    },
  };
}

/** A receiver context (the production one for 'node', @hpke/core's own for 'library'), one open() per block in order. */
function receiverContender(
  capture: CaptureInMemory,
  privateKey: Uint8Array,
  backend: AeadBackend,
  blocks: number,
): Contender {
  const cts = capture.ciphertexts.slice(0, blocks);
  const bytes = cts.reduce((n, ct) => n + ct.length - TAG, 0);
  return {
    name: backend,
    bytesPerPass: bytes,
    pass: async () => {
      const rx = await createReceiver(privateKey, capture.enc, { backend });
      let got = 0;
      for (const ct of cts) got += (await rx.open(ct)).length;
      if (got !== bytes) throw new Error(`decrypted ${got} bytes, expected ${bytes}`);
    },
  };
}

/** The full streaming reader: framing, key check, open, packet decoding, events to a sink. */
function readerContender(capture: CaptureInMemory, keys: RawKeyPair): Contender {
  const captureKeys = [{ fingerprint: fingerprint(keys.publicKey), privateKey: keys.privateKey }];
  return {
    name: 'reader',
    bytesPerPass: capture.plaintextBytes,
    pass: async () => {
      const sink = new DiscardingSink();
      await readCapture(chunksOf(capture.file), captureKeys, sink, { allowPartial: false });
      if (sink.packets !== capture.packets)
        throw new Error(`reader delivered ${sink.packets} events, expected ${capture.packets}`);
    },
  };
}

async function* chunksOf(file: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += READ_CHUNK) yield file.subarray(at, at + READ_CHUNK);
}

/** Counts what the reader delivers and keeps nothing (the store is measured by the import bench). */
class DiscardingSink implements RecordingSink {
  packets = 0;
  bytes = 0;

  program(): void {}

  events(_ref: string, events: TerminalEvent[]): void {
    this.packets += events.length;
    for (const ev of events) this.bytes += ev.data.length;
  }

  piece(ref: string, events: TerminalEvent[]): void {
    this.events(ref, events);
  }

  claimRecord(): boolean {
    return true;
  }
}
