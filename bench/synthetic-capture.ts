import { createWriteStream, type WriteStream } from 'node:fs';
import {
  concat,
  encodeMetadata,
  encodePacket,
  frameBlock,
  type CaptureMetadataSpec,
  type PacketSpec,
} from '../src/main/formats/capture/capture-encoder';
import { createSender } from '../src/main/crypto/hpke-suite';
import { blockSizer, type BlockLayout } from './block-layouts';
import { MiB } from './measure';
import { encodedSize, SyntheticSession } from './synthetic-session';

const PTY: CaptureMetadataSpec['pty'] = {
  term: 'xterm-256color',
  width: 120,
  height: 40,
  modes: [
    ['ECHO', 1],
    ['ICANON', 1],
  ],
};
const STARTED_AT = 1_709_467_200; // 2024-03-03 12:00:00 UTC

export interface SyntheticCaptureSpec {
  publicKey: Uint8Array;
  /** Size of the decrypted packet stream to reach (the last packet may overshoot it a little). */
  plaintextBytes: number;
  layout: BlockLayout;
  seed: number;
  /** The packets (default: SyntheticSession, the import bench's coloured output). */
  session?: (seed: number) => PacketSource;
  /** Session start, unix seconds (default 2024-03-03 12:00 UTC). */
  startedAt?: number;
}

/** An endless packet stream: the same seed gives the same packets. */
export interface PacketSource {
  next(): PacketSpec;
}

export interface SyntheticCaptureInfo {
  plaintextBytes: number;
  fileBytes: number;
  blocks: number;
  packets: number;
}

/**
 * Cuts the session's packet stream into blocks as they fill up and seals each one: the stream
 * is never held whole. `emit` receives the metadata, then each framed block, in file order.
 */
async function produceCapture(
  spec: SyntheticCaptureSpec,
  emit: (bytes: Uint8Array) => Promise<void> | void,
): Promise<SyntheticCaptureInfo> {
  const makeSession = spec.session ?? ((seed: number): PacketSource => new SyntheticSession(seed));
  const { packets, bytes } = streamLength(makeSession(spec.seed), spec.plaintextBytes);
  const sender = await createSender(spec.publicKey);
  const startedAt = spec.startedAt ?? STARTED_AT;
  const endedAt = startedAt + 3600;
  const metadata = encodeMetadata(
    {
      startedAt,
      encapsulatedKey: sender.enc,
      pty: PTY,
      exitData: { timestamp: endedAt, status: 0, signal: null, error_msg: null },
    },
    bytes,
  );
  await emit(metadata);
  let fileBytes = metadata.length;
  let blocks = 0;

  const nextSize = blockSizer(spec.layout, spec.seed ^ 0xb10c);
  let want = nextSize();
  let pending = Buffer.allocUnsafe(Math.max(4 * MiB, want * 2));
  let start = 0;
  let end = 0;
  const sealOne = async (n: number): Promise<void> => {
    const ct = await sender.seal(pending.subarray(start, start + n));
    start += n;
    const framed = frameBlock(ct);
    fileBytes += framed.length;
    blocks += 1;
    await emit(framed);
  };

  const session = makeSession(spec.seed);
  for (let i = 0; i < packets; i++) {
    const packet = encodePacket(session.next());
    if (end + packet.length > pending.length) {
      // Move the unsealed bytes to the front (Buffer#copy allows overlap); grow if still short.
      const live = end - start;
      const next = live + packet.length <= pending.length ? pending : Buffer.allocUnsafe((live + packet.length) * 2);
      pending.copy(next, 0, start, end);
      end -= start;
      start = 0;
      pending = next;
    }
    pending.set(packet, end);
    end += packet.length;
    while (end - start >= want) {
      await sealOne(want);
      want = nextSize();
    }
  }
  if (end > start) await sealOne(end - start);
  return { plaintextBytes: bytes, fileBytes, blocks, packets };
}

/** The packets `produceCapture` writes for this spec, in order (the terminal output of a generated capture, without decrypting it). */
export function* capturePackets(
  spec: Pick<SyntheticCaptureSpec, 'plaintextBytes' | 'seed' | 'session'>,
): Generator<PacketSpec> {
  const makeSession = spec.session ?? ((seed: number): PacketSource => new SyntheticSession(seed));
  const { packets } = streamLength(makeSession(spec.seed), spec.plaintextBytes);
  const session = makeSession(spec.seed);
  for (let i = 0; i < packets; i++) yield session.next();
}

/** How many packets of the stream first reach `targetBytes`, and their exact size (the metadata comes first). */
function streamLength(source: PacketSource, targetBytes: number): { packets: number; bytes: number } {
  let bytes = 0;
  let packets = 0;
  while (bytes < targetBytes) {
    bytes += encodedSize(source.next());
    packets += 1;
  }
  return { packets, bytes };
}

/** Writes a synthetic capture to `path` with a write stream, honouring backpressure. */
export async function writeSyntheticCapture(path: string, spec: SyntheticCaptureSpec): Promise<SyntheticCaptureInfo> {
  const out = createWriteStream(path, { highWaterMark: 4 * MiB });
  const batch = new OutputBatch(out, 4 * MiB);
  try {
    const info = await produceCapture(spec, (bytes) => batch.write(bytes));
    await batch.flush();
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
    return info;
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** A whole synthetic capture in memory, its blocks as views into the file bytes. */
export interface CaptureInMemory extends SyntheticCaptureInfo {
  file: Uint8Array;
  enc: Uint8Array;
  /** Ciphertext of each block (views into `file`). */
  ciphertexts: Uint8Array[];
}

export async function buildCaptureInMemory(spec: SyntheticCaptureSpec): Promise<CaptureInMemory> {
  const parts: Uint8Array[] = [];
  const info = await produceCapture(spec, (bytes) => void parts.push(bytes));
  const file = concat(parts);
  const metadataLength = 4 + new DataView(file.buffer, file.byteOffset).getUint32(0);
  const encHex = JSON.parse(
    Buffer.from(Buffer.from(file.subarray(4, metadataLength)).toString('latin1'), 'base64').toString('utf8'),
  ) as {
    encapsulated_key: string;
  };
  const ciphertexts: Uint8Array[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let at = metadataLength; at < file.length;) {
    const n = view.getUint32(at);
    ciphertexts.push(file.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return { ...info, file, enc: Uint8Array.from(Buffer.from(encHex.encapsulated_key, 'hex')), ciphertexts };
}

/** Gathers small writes into big ones and waits for 'drain' when the stream asks to. */
class OutputBatch {
  private buf: Buffer;
  private len = 0;

  constructor(
    private readonly out: WriteStream,
    private readonly size: number,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.len + bytes.length > this.size) await this.flush();
    if (bytes.length >= this.size) return this.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.len === 0) return;
    const full = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(this.size); // the stream keeps `full` until written
    this.len = 0;
    await this.send(full);
  }

  private async send(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
