import type { PacketSource } from './packet-decoder';

/** One packet as the recorder writes it (see packet-decoder.ts for the layout). */
export interface PacketSpec {
  source: PacketSource;
  code?: number;
  elapsedUs: number;
  data: Uint8Array;
}

export interface CaptureMetadataSpec {
  startedAt: number;
  encapsulatedKey: Uint8Array;
  pty: { term: string | null; width: number; height: number; modes: Array<[string, number]> } | null;
  exitData: {
    timestamp: number;
    status: number | null;
    signal: string | null;
    core_dumped?: boolean;
    error_msg: string | null;
  } | null;
  /** Defaults to the real stream length; set to test integrity checks. */
  dataSize?: number;
}

export function encodePacket(p: PacketSpec): Uint8Array {
  const out = new Uint8Array(17 + p.data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 13 + p.data.length);
  view.setUint8(4, p.source);
  view.setUint32(5, p.code ?? 0);
  view.setBigUint64(9, BigInt(p.elapsedUs));
  out.set(p.data, 17);
  return out;
}

export function encodePacketStream(packets: readonly PacketSpec[]): Uint8Array {
  return concat(packets.map(encodePacket));
}

export function encodeMetadata(m: CaptureMetadataSpec, dataSize: number): Uint8Array {
  const json = JSON.stringify({
    started_at: m.startedAt,
    data_size: m.dataSize ?? dataSize,
    encapsulated_key: Buffer.from(m.encapsulatedKey).toString('hex'),
    pty: m.pty,
    exit_data: m.exitData,
  });
  const b64 = Buffer.from(Buffer.from(json, 'utf8').toString('base64'), 'latin1');
  return concat([u32(b64.length), b64]);
}

export function frameBlock(ciphertext: Uint8Array): Uint8Array {
  return concat([u32(ciphertext.length), ciphertext]);
}

/** Cuts a plaintext stream into blocks of the given sizes (cycled), as the recorder flushes it. */
export function splitIntoBlocks(stream: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let i = 0;
  while (at < stream.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]!);
    out.push(stream.subarray(at, at + n));
    at += n;
  }
  return out;
}

export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
