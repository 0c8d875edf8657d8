import type { CaptureKey } from '../../crypto/capture-key';
import { createStreamingReceiver, type BlockDecipher, type StreamingReceiver } from '../../crypto/hpke-suite';
import { CaptureFramer } from '../../formats/capture/capture-framer';
import type { CaptureMetadata } from '../../formats/capture/capture-metadata';
import { PacketDecoder, type Packet } from '../../formats/capture/packet-decoder';
import { describePlace, InputError } from '../../formats/input-error';
import type { RecordingSink, TerminalEvent } from '../../formats/recording';
import { emptyReport, type ReaderReport } from '../reader-report';

export interface CaptureOptions {
  allowPartial: boolean;
}

const REF = 'capture';
const EMPTY = new Uint8Array(0);

/** The block being read: its plaintext so far, held (once) until its tag is verified. */
interface OpenBlock {
  index: number;
  offset: number;
  decipher: BlockDecipher;
  plaintext: Uint8Array[];
}

/**
 * Streams an encrypted capture: frames blocks, finds the key that opens block 0, opens every
 * block in order and decodes the packets into the sink. A block is deciphered piece by piece as
 * its bytes arrive, and none of it is used before its tag is verified: memory is bounded by one
 * block's plaintext, held once in the pieces it arrived in (with `allowPartial`, plus one
 * unfinished packet). A damaged capture is refused unless `allowPartial`, which keeps the
 * authenticated prefix (whole packets only) and reports why the rest was dropped.
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
  // A refused capture leaves nothing behind (its staging case is thrown away), so a long packet's
  // authentic parts may go on as they arrive; a partial import keeps whole packets only.
  const decoder = new PacketDecoder({ wholePackets: options.allowPartial });
  let metadata: CaptureMetadata | null = null;
  let receiver: StreamingReceiver | null = null;
  let firstBlock: Uint8Array[] | null = null; // block 0's ciphertext, until a key opens it
  let block: OpenBlock | null = null;
  let plaintextBytes = 0;

  /**
   * A verified block's plaintext, to the packet decoder and the sink. The list is emptied as it goes:
   * an async function's dead locals may live on while it waits, and a block may be 64 MiB.
   */
  const deliver = (index: number, offset: number, plaintext: Uint8Array[]): void => {
    for (let i = 0; i < plaintext.length; i++) {
      const piece = plaintext[i]!;
      plaintext[i] = EMPTY;
      plaintextBytes += piece.length;
      const packets = withBlock(index, offset, () => decoder.push(piece));
      if (packets.length > 0) sink.events(REF, packets.map(toEvent));
    }
    plaintext.length = 0;
  };

  try {
    for await (const chunk of chunks) {
      for (const frame of framer.push(chunk)) {
        if (frame.kind === 'metadata') {
          metadata = frame.metadata;
          declareProgram(sink, metadata);
        } else if (frame.kind === 'block-start') {
          if (receiver === null) firstBlock = [];
          else block = { index: frame.index, offset: frame.offset, decipher: receiver.begin(), plaintext: [] };
        } else if (frame.kind === 'block-body') {
          if (block === null) firstBlock!.push(frame.piece);
          else block.plaintext.push(block.decipher.update(frame.piece));
        } else if (block === null) {
          const tried = typeof keys === 'function' ? await keys() : keys;
          const found = await findKey(tried, metadata!, firstBlock!, frame.tag, frame.offset);
          firstBlock = null;
          receiver = found.receiver;
          report.keyFingerprint = found.fingerprint;
          deliver(frame.index, frame.offset, found.plaintext);
        } else {
          const opened = block;
          block = null;
          try {
            opened.decipher.final(frame.tag);
          } catch {
            throw new InputError(
              'DECRYPT',
              `block ${opened.index} failed authentication: the capture was altered, reordered or has a block missing`,
              { offset: opened.offset, block: opened.index },
            );
          }
          deliver(opened.index, opened.offset, opened.plaintext);
        }
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
    const recoverable = e instanceof InputError && e.code !== 'NO_KEY' && metadata !== null && receiver !== null;
    if (!options.allowPartial || !recoverable) throw e;
    report.partialReason = `${e.message} (${describePlace(e.place)}); kept the ${decoder.consumed} bytes of whole packets authenticated before it`;
  }
  if (metadata !== null && receiver === null && metadata.dataSize === 0) {
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

/**
 * Finds the key that opens block 0 (a wrong key fails on the first block) and opens it. The block's
 * ciphertext is held until then: with several keys each is tried on it without keeping what it
 * deciphers, and the one that fits deciphers it once more, each ciphertext piece let go as its
 * plaintext is made, so one copy of the block is held at any time.
 */
async function findKey(
  keys: readonly CaptureKey[],
  metadata: CaptureMetadata,
  body: Uint8Array[],
  tag: Uint8Array,
  offset: number,
): Promise<{ receiver: StreamingReceiver; fingerprint: string; plaintext: Uint8Array[] }> {
  for (const key of keys) {
    const open = (): Promise<StreamingReceiver> => createStreamingReceiver(key.privateKey, metadata.encapsulatedKey);
    if (keys.length > 1 && !authenticates((await open()).begin(), body, tag)) continue;
    const receiver = await open();
    const decipher = receiver.begin();
    const plaintext = body.map((piece, i) => {
      body[i] = EMPTY;
      return decipher.update(piece);
    });
    try {
      decipher.final(tag);
      return { receiver, fingerprint: key.fingerprint, plaintext };
    } catch {
      break; // the only key does not fit (with several, the one that authenticated always does)
    }
  }
  const tried =
    keys.length === 0
      ? 'there are no keys in the vault (add one with `sshlens keys import`, or pass --key-file)'
      : `none of the ${keys.length} key(s) tried opens it (${keys.map((k) => k.fingerprint).join(', ')}); the capture was encrypted for another key, or block 0 is damaged`;
  throw new InputError('NO_KEY', `cannot decrypt: ${tried}`, { offset, block: 0 });
}

/** Whether the block's tag verifies under this decipher; what it deciphers is dropped piece by piece. */
function authenticates(decipher: BlockDecipher, body: readonly Uint8Array[], tag: Uint8Array): boolean {
  for (const piece of body) decipher.update(piece);
  try {
    decipher.final(tag);
    return true;
  } catch {
    return false;
  }
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
