import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** Deflate instead of storing (ssh-log-cli stores; a colleague's re-zip may deflate). */
  deflate?: boolean;
  /** Written instead of the real CRC-32 (to make a ZIP whose entry does not match it). */
  crc32?: number;
  /** Written instead of the real uncompressed size. */
  uncompressedSize?: number;
}

/**
 * A minimal ZIP writer for tests: local headers, data, central directory, end record (no zip64,
 * no data descriptors), byte for byte what the spec asks. Lets a test make a ZIP with a chosen
 * CRC, size or compression without any tool on the machine.
 */
export function writeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : Buffer.from(e.data);
    const crc = e.crc32 ?? crc32(e.data);
    const size = e.uncompressedSize ?? e.data.length;
    const method = e.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a ZIP that writeZip (or ssh-log-cli, which stores) wrote: name, bytes, and where they start in `zip`. */
export function readStoredZip(zip: Uint8Array): Array<{ name: string; data: Buffer; offset: number }> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: Array<{ name: string; data: Buffer; offset: number }> = [];
  let at = 0;
  while (at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50) {
    const method = buf.readUInt16LE(at + 8);
    const compressed = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extraLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const start = at + 30 + nameLen + extraLen;
    if (method !== 0) throw new Error(`${name}: only stored entries are read here`);
    out.push({ name, data: buf.subarray(start, start + compressed), offset: start });
    at = start + compressed;
  }
  return out;
}
