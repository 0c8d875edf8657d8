import type { CaptureKey } from '../../crypto/capture-key';
import { createReceiver, type AeadBackend, type BlockOpener } from '../../crypto/hpke-suite';
import { CaptureFramer } from '../../formats/capture/capture-framer';
import type { CaptureMetadata } from '../../formats/capture/capture-metadata';
import { PacketDecoder, type Packet } from '../../formats/capture/packet-decoder';
import { describePlace, InputError } from '../../formats/input-error';
import type { RecordingSink, TerminalEvent } from '../../formats/recording';
import { emptyReport, type ReaderReport } from '../reader-report';

export interface CaptureOptions {
  allowPartial: boolean;
  backend?: AeadBackend;
}

const REF = 'capture';

/**
 * Streams an encrypted capture: frames blocks, finds the key that opens block 0, opens every
 * block in order and decodes the packets into the sink. Memory stays bounded by the largest
 * block. A damaged capture is refused unless `allowPartial`, which keeps the authenticated
 * prefix (whole packets only) and reports why the rest was dropped.
 */
export async function readCapture(
  chunks: AsyncIterable<Uint8Array>,
  /** The keys to try, or how to get them: asked for only at block 0, so a bad header is reported as such. */
  keys: readonly CaptureKey[] | (() => Promise<readonly CaptureKey[]>),
  sink: RecordingSink,
  options: CaptureOptions,
): Promise<ReaderReport> {
  const report = emptyReport();
  const framer = new CaptureFramer();
  const decoder = new PacketDecoder();
  let metadata: CaptureMetadata | null = null;
  let opener: BlockOpener | null = null;
  let plaintextBytes = 0;

  const deliver = (packets: Packet[]): void => {
    if (packets.length > 0) sink.events(REF, packets.map(toEvent));
  };

  try {
    for await (const chunk of chunks) {
      for (const frame of framer.push(chunk)) {
        if (frame.kind === 'metadata') {
          metadata = frame.metadata;
          declareProgram(sink, metadata);
          continue;
        }
        if (opener === null) {
          const tried = typeof keys === 'function' ? await keys() : keys;
          const found = await findKey(tried, metadata!, frame.ciphertext, frame.offset, options.backend);
          opener = found.opener;
          report.keyFingerprint = found.fingerprint;
          plaintextBytes += found.plaintext.length;
          deliver(withBlock(frame.index, frame.offset, () => decoder.push(found.plaintext)));
          continue;
        }
        let plaintext: Uint8Array;
        try {
          const opened = opener.open(frame.ciphertext);
          plaintext = opened instanceof Promise ? await opened : opened;
        } catch {
          throw new InputError(
            'DECRYPT',
            `block ${frame.index} failed authentication: the capture was altered, reordered or has a block missing`,
            { offset: frame.offset, block: frame.index },
          );
        }
        plaintextBytes += plaintext.length;
        deliver(withBlock(frame.index, frame.offset, () => decoder.push(plaintext)));
      }
    }
    framer.end();
    if (metadata === null)
      throw new InputError('HEADER_TRUNCATED', 'file ends inside the metadata header', { offset: 0 });
    if (decoder.pending > 0) {
      throw new InputError(
        'PACKET_TRUNCATED',
        `the decrypted stream ends inside a packet (${decoder.pending} bytes of it)`,
        {
          block: framer.blocks - 1,
        },
      );
    }
    if (plaintextBytes !== metadata.dataSize) {
      const how = plaintextBytes < metadata.dataSize ? 'incomplete (cut at a block boundary?)' : 'longer than recorded';
      throw new InputError(
        'SIZE_MISMATCH',
        `the capture is ${how}: ${plaintextBytes} bytes decrypted, metadata data_size says ${metadata.dataSize}`,
        { block: framer.blocks },
      );
    }
  } catch (e) {
    const recoverable = e instanceof InputError && e.code !== 'NO_KEY' && metadata !== null && opener !== null;
    if (!options.allowPartial || !recoverable) throw e;
    report.partialReason = `${e.message} (${describePlace(e.place)}); kept the ${decoder.consumed} bytes of whole packets authenticated before it`;
  }
  if (metadata !== null && opener === null && metadata.dataSize === 0) {
    report.warnings.push('the capture has no data blocks, so no key could be checked against it');
  }
  return report;
}

function declareProgram(sink: RecordingSink, m: CaptureMetadata): void {
  const startedAtUs = m.startedAt * 1_000_000;
  const finishedAtUs = m.exitData && m.exitData.timestamp > 0 ? m.exitData.timestamp * 1_000_000 : null;
  sink.program(
    REF,
    { startedAtUs, finishedAtUs },
    {
      // A capture does not say whether a terminal-less program was exec or a tunnel.
      type: m.pty ? 'shell' : 'exec',
      startedAtUs,
      finishedAtUs,
      terminal: m.pty ? { term: m.pty.term, cols: m.pty.width, rows: m.pty.height, modes: m.pty.modes } : null,
      exit: m.exitData
        ? {
            status: m.exitData.status,
            signal: m.exitData.signal,
            coreDumped: m.exitData.coreDumped,
            error: m.exitData.errorMsg,
          }
        : null,
    },
  );
}

async function findKey(
  keys: readonly CaptureKey[],
  metadata: CaptureMetadata,
  firstBlock: Uint8Array,
  offset: number,
  backend: AeadBackend | undefined,
): Promise<{ opener: BlockOpener; fingerprint: string; plaintext: Uint8Array }> {
  for (const key of keys) {
    const opener = await createReceiver(key.privateKey, metadata.encapsulatedKey, { backend });
    try {
      const plaintext = await opener.open(firstBlock);
      return { opener, fingerprint: key.fingerprint, plaintext };
    } catch {
      // Not this key: a wrong key fails on the first block.
    }
  }
  const tried =
    keys.length === 0
      ? 'there are no keys in the vault (add one with `sshlens keys import`, or pass --key-file)'
      : `none of the ${keys.length} key(s) tried opens it (${keys.map((k) => k.fingerprint).join(', ')}); the capture was encrypted for another key, or block 0 is damaged`;
  throw new InputError('NO_KEY', `cannot decrypt: ${tried}`, { offset, block: 0 });
}

/** Packet errors carry the block in which the bad packet was completed. */
function withBlock(block: number, offset: number, f: () => Packet[]): Packet[] {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.code, e.message, { ...e.place, block, offset });
    throw e;
  }
}

function toEvent(p: Packet): TerminalEvent {
  return { atUs: p.elapsedUs, kind: p.source === 0 ? 'input' : 'output', code: p.code, data: p.data };
}
