import type { Writable } from 'node:stream';

/** Pieces are joined into writes of about this size: one write per line would be slow. */
const BATCH_CHARS = 64 * 1024;

/**
 * Writes text pieces to a stream as they are produced, waiting for 'drain' when the stream
 * is full, so an export of any size uses little memory. Returns the bytes written.
 */
export async function writeAll(out: Writable, pieces: Iterable<string>): Promise<number> {
  let bytes = 0;
  let batch = '';
  const flush = async (): Promise<void> => {
    if (batch === '') return;
    bytes += Buffer.byteLength(batch);
    const full = !out.write(batch);
    batch = '';
    if (full) await drained(out);
  };
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) await flush();
  }
  await flush();
  return bytes;
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      out.off('drain', onDrain);
      reject(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}
