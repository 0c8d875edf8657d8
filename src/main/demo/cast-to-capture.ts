import { sealCapture } from '../crypto/seal-capture';
import { AsciicastStream } from '../formats/asciicast/asciicast-stream';
import type { PacketSpec } from '../formats/capture/capture-encoder';
import { InputError } from '../formats/input-error';

export interface CastToCaptureOptions {
  /** The demo key the capture is sealed to. */
  publicKey: Uint8Array;
  /** When the session starts, unix seconds (the demo spreads its sessions over recent days). */
  startedAt: number;
  /** The shell's exit status as the recording noted it, or null when it did not. */
  exitStatus: number | null;
}

// The recorder flushes blocks at arbitrary points: uneven sizes make packets span blocks, as in real captures.
const BLOCK_SIZES = [4096, 517, 1500, 64, 2048];

/**
 * Turns an asciicast recording into an encrypted capture as Cloudflare's recorder writes one:
 * the terminal size and type, every keystroke (client) and output (server) packet with its
 * recorded time, and the exit at the end of the last event. A capture has no packet for a
 * window resize: those events (and markers) are left out.
 */
export async function castToCapture(castText: string, options: CastToCaptureOptions): Promise<Uint8Array> {
  const stream = new AsciicastStream();
  const packets: PacketSpec[] = [];
  let lastUs = 0;
  castText.split('\n').forEach((text, i) => {
    const ev = stream.line(text, i + 1);
    if (ev === null) return;
    lastUs = Math.max(lastUs, ev.atUs);
    if (ev.kind === 'input' || ev.kind === 'output') {
      packets.push({ source: ev.kind === 'input' ? 0 : 1, code: ev.code, elapsedUs: ev.atUs, data: ev.data });
    }
  });
  const header = stream.header;
  if (header === null) throw new InputError('ASCIICAST_INVALID', 'the recording has no asciicast header', { line: 1 });
  return sealCapture(packets, {
    publicKey: options.publicKey,
    startedAt: options.startedAt,
    // No modes: an asciicast does not record them.
    pty: { term: header.term, width: header.cols, height: header.rows, modes: [] },
    exitData: {
      timestamp: options.startedAt + Math.ceil(lastUs / 1e6),
      status: options.exitStatus,
      signal: null,
      error_msg: null,
    },
    blockSizes: BLOCK_SIZES,
  });
}
