import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { detectFormat, isGzip, type Detection } from '../formats/detect-format';
import { InputError } from '../formats/input-error';
import { expansionAllowance } from '../formats/limits';
import { describeBytes } from '../formats/text/line-splitter';

const READ_CHUNK = 1 << 20;
export const HEAD_BYTES = 64 * 1024;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first bytes of a file, and whether they are all of it. */
export async function readHead(path: string): Promise<{ head: Uint8Array; whole: boolean }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    const size = (await fh.stat()).size;
    return { head: buf.subarray(0, bytesRead), whole: bytesRead >= size };
  } finally {
    await fh.close();
  }
}

/** The first bytes of a gzip file once decompressed. */
export async function readGunzippedHead(path: string): Promise<{ head: Uint8Array; whole: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let whole = true;
  try {
    for await (const chunk of fileChunks(path, true)) {
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= HEAD_BYTES) {
        whole = false;
        break;
      }
    }
  } catch {
    // A damaged gzip still gets detected from what did decompress; the import reports the damage.
  }
  return { head: Buffer.concat(parts).subarray(0, HEAD_BYTES), whole };
}

/**
 * Streams a file's content (decompressed when gzip), reporting raw bytes read; `onRaw` sees
 * every raw chunk as it is read (to hash the file in the same read). A gzip stream that expands
 * beyond limits.ts's allowance for the file's size is refused as soon as it passes it.
 */
export async function* fileChunks(
  path: string,
  gzip: boolean,
  onBytes?: (n: number) => void,
  signal?: AbortSignal,
  onRaw?: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array> {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK, signal });
  if (onBytes || onRaw)
    raw.on('data', (c) => {
      onRaw?.(c as Buffer);
      onBytes?.(c.length);
    });
  if (!gzip) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const allowed = expansionAllowance((await stat(path)).size);
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  let expanded = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > allowed) {
        throw new InputError(
          'TOO_LARGE',
          `the gzip stream expands beyond ${describeBytes(allowed)} (the most a file of this size may expand to): refused as a possible decompression bomb`,
          { offset: gunzip.bytesWritten },
        );
      }
      yield chunk;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError('IO', `the gzip stream is damaged (${msg})`, { offset: gunzip.bytesWritten });
  } finally {
    raw.destroy();
  }
}

/** A file's format, from its first bytes (decompressed first when it is gzip). */
export async function detectFileFormat(path: string): Promise<Detection> {
  const probe = await readHead(path);
  const gzip = isGzip(probe.head);
  const head = gzip ? await readGunzippedHead(path) : probe;
  return detectFormat(head.head, gzip, head.whole);
}
