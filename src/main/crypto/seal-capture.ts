import {
  concat,
  encodeMetadata,
  encodePacketStream,
  frameBlock,
  splitIntoBlocks,
  type CaptureMetadataSpec,
  type PacketSpec,
} from '../formats/capture/capture-encoder';
import { createSender } from './hpke-suite';

export interface SealOptions {
  publicKey: Uint8Array;
  startedAt: number;
  pty: CaptureMetadataSpec['pty'];
  exitData: CaptureMetadataSpec['exitData'];
  /** Plaintext block sizes, cycled (the recorder flushes at arbitrary points). */
  blockSizes?: readonly number[];
  dataSize?: number;
}

/**
 * Builds an encrypted capture exactly as Cloudflare's recorder lays it out. Used by the
 * tests, the bench and the demo case; never on evidence.
 */
export async function sealCapture(packets: readonly PacketSpec[], options: SealOptions): Promise<Uint8Array> {
  const sender = await createSender(options.publicKey);
  const stream = encodePacketStream(packets);
  const parts: Uint8Array[] = [
    encodeMetadata(
      {
        startedAt: options.startedAt,
        encapsulatedKey: sender.enc,
        pty: options.pty,
        exitData: options.exitData,
        dataSize: options.dataSize,
      },
      stream.length,
    ),
  ];
  for (const block of splitIntoBlocks(stream, options.blockSizes ?? [16 * 1024]))
    parts.push(frameBlock(await sender.seal(block)));
  return concat(parts);
}
