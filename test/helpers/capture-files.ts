import { readFileSync } from 'node:fs';
import { concat, frameBlock, splitIntoBlocks, u32 } from '../../src/main/formats/capture/capture-encoder';
import { CaptureFramer } from '../../src/main/formats/capture/capture-framer';
import { createReceiver, createSender } from '../../src/main/crypto/hpke-suite';
import { derivePublicKey } from '../../src/main/crypto/x25519-keys';
import { samplePrivateKey } from './fixtures';

/** The sample key's public half: what a capture for the sample key is sealed to. */
export const samplePublicKey = (): Uint8Array => derivePublicKey(samplePrivateKey());

/** A real capture opened with the sample key: its metadata JSON as written, and its decrypted packet stream. */
export async function openCapture(path: string): Promise<{ metadata: Record<string, unknown>; stream: Buffer }> {
  const bytes = readFileSync(path);
  const metaLen = bytes.readUInt32BE(0);
  const metadata = JSON.parse(
    Buffer.from(bytes.subarray(4, 4 + metaLen).toString('latin1'), 'base64').toString('utf8'),
  );
  const framer = new CaptureFramer();
  const frames = framer.push(bytes);
  framer.end();
  const first = frames.find((f) => f.kind === 'metadata');
  if (first?.kind !== 'metadata') throw new Error('no metadata');
  const opener = await createReceiver(samplePrivateKey(), first.metadata.encapsulatedKey);
  const parts: Uint8Array[] = [];
  let body: Uint8Array[] = [];
  for (const f of frames) {
    if (f.kind === 'block-body') body.push(f.piece);
    if (f.kind !== 'block-end') continue;
    parts.push(await opener.open(concat([...body, f.tag])));
    body = [];
  }
  return { metadata: metadata as Record<string, unknown>, stream: Buffer.concat(parts) };
}

/**
 * Seals a packet stream to the sample key under any metadata object (its encapsulated_key is set
 * here; data_size defaults to the stream's length): as Cloudflare's recorder would, but with
 * whatever fields a test needs, valid or not. `metadataText` replaces the JSON text entirely.
 */
export async function sealRaw(
  metadata: Record<string, unknown>,
  stream: Uint8Array,
  options: { blockSizes?: readonly number[]; metadataText?: (json: string) => string } = {},
): Promise<Buffer> {
  const sender = await createSender(samplePublicKey());
  const json = JSON.stringify({
    data_size: stream.length,
    ...metadata,
    encapsulated_key: Buffer.from(sender.enc).toString('hex'),
  });
  const text = options.metadataText ? options.metadataText(json) : json;
  const b64 = Buffer.from(Buffer.from(text, 'utf8').toString('base64'), 'latin1');
  const parts: Uint8Array[] = [u32(b64.length), b64];
  for (const block of splitIntoBlocks(stream, options.blockSizes ?? [4096]))
    parts.push(frameBlock(await sender.seal(block)));
  return Buffer.from(concat(parts));
}
