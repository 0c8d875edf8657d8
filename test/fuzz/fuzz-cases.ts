// The hostile files of the fuzz test: every format sshlens reads, made from the real samples by
// seeded mutations at the level each format has (bytes, framing, metadata, packets, JSON lines,
// compressed streams, ZIP entries).

import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodePacket } from '../../src/main/formats/capture/capture-encoder';
import { openCapture, sealRaw } from '../helpers/capture-files';
import { sample } from '../helpers/fixtures';
import { readStoredZip, writeZip } from '../helpers/zip-writer';
import { INTERESTING_NUMBERS, INTERESTING_U32, mutateBytes, mutateJsonLines, setU32, type Rng } from './mutators';

export type FuzzFormat = 'capture' | 'asciicast' | 'logpush' | 'official-zip';

export interface FuzzCase {
  format: FuzzFormat;
  /** What was done, to replay it by hand. */
  label: string;
  /** File name (the extension says nothing to sshlens, which reads content). */
  name: string;
  bytes: Uint8Array;
}

interface Seeds {
  captures: Array<{ name: string; bytes: Buffer; metadata: Record<string, unknown>; stream: Buffer }>;
  casts: Array<{ name: string; text: string }>;
  logpush: string;
  zips: Array<{ name: string; bytes: Buffer }>;
}

export async function loadSeeds(): Promise<Seeds> {
  const captures = [];
  for (const name of ['sample-shell', 'sample-editing', 'sample-exec']) {
    const opened = await openCapture(sample(`${name}.capture`));
    captures.push({ name, bytes: readFileSync(sample(`${name}.capture`)), ...opened });
  }
  const casts = ['sample-shell', 'sample-editing', 'sample-exec'].map((name) => ({
    name,
    text: readFileSync(sample(`${name}.cast`), 'utf8'),
  }));
  casts.push({ name: 'sample-shell-v3', text: toV3(casts[0]!.text) });
  const logpush = [
    readFileSync(sample('logpush-unixnano.ndjson'), 'utf8'),
    gunzipSync(readFileSync(sample('logpush.ndjson.gz'))).toString('utf8'),
  ].join('\n');
  const zips = ['sample-shell', 'sample-editing', 'sample-exec'].map((name) => ({
    name,
    bytes: readFileSync(sample(`${name}.decrypted.zip`)),
  }));
  return { captures, casts, logpush, zips };
}

/** asciicast v2 → v3: term object, intervals instead of times. */
function toV3(v2: string): string {
  const [head, ...rest] = v2.trimEnd().split('\n');
  const h = JSON.parse(head!) as Record<string, unknown>;
  const header = {
    version: 3,
    term: { cols: h['width'], rows: h['height'], type: 'xterm-256color' },
    timestamp: h['timestamp'],
  };
  let last = 0;
  const events = rest.map((line) => {
    const [t, code, data] = JSON.parse(line) as [number, string, string];
    const out = JSON.stringify([Math.round((t - last) * 1e6) / 1e6, code, data]);
    last = t;
    return out;
  });
  return [JSON.stringify(header), '# a v3 comment', ...events].join('\n') + '\n';
}

/** One hostile file; `n` picks the format in turn, so every format gets its share. */
export async function makeCase(seeds: Seeds, rng: Rng, n: number): Promise<FuzzCase> {
  const kind = n % 8;
  switch (kind) {
    case 0:
      return captureBytes(seeds, rng);
    case 1:
      return resealedCapture(seeds, rng);
    case 2:
    case 3:
      return cast(seeds, rng);
    case 4:
      return logpushPlain(seeds, rng);
    case 5:
      return logpushGzip(seeds, rng);
    default:
      return zip(seeds, rng);
  }
}

function captureBytes(seeds: Seeds, rng: Rng): FuzzCase {
  const seed = rng.pick(seeds.captures);
  if (rng.chance(0.3)) {
    // A length field: the metadata's, or one of the blocks'.
    const offsets = blockOffsets(seed.bytes);
    const at = rng.pick([0, ...offsets]);
    const v = rng.pick(INTERESTING_U32);
    return {
      format: 'capture',
      label: `${seed.name}.capture: u32 ${v} at length field ${at}`,
      name: 'x.capture',
      bytes: setU32(seed.bytes, at, v),
    };
  }
  const { bytes, how } = mutateBytes(seed.bytes, rng);
  return { format: 'capture', label: `${seed.name}.capture: ${how}`, name: 'x.capture', bytes };
}

function blockOffsets(b: Buffer): number[] {
  const out: number[] = [];
  let at = 4 + b.readUInt32BE(0);
  while (at + 4 <= b.length) {
    out.push(at);
    at += 4 + b.readUInt32BE(at);
  }
  return out;
}

/** The plaintext mutated (metadata or packets), then sealed to the sample key again: the decryption succeeds. */
async function resealedCapture(seeds: Seeds, rng: Rng): Promise<FuzzCase> {
  const seed = rng.pick(seeds.captures);
  const metadata: Record<string, unknown> = structuredClone(seed.metadata);
  delete metadata['encapsulated_key'];
  let stream: Uint8Array = seed.stream;
  let how: string;
  const pick = rng.int(5);
  if (pick === 0) {
    const field = rng.pick([
      'started_at',
      'data_size',
      'pty',
      'exit_data',
      'pty.width',
      'pty.height',
      'pty.modes',
      'exit_data.status',
      'exit_data.timestamp',
    ]);
    const value = JSON.parse(rng.pick(INTERESTING_NUMBERS).replace(/^999+$/, '1e27')) as unknown;
    const [top, sub] = field.split('.');
    if (sub !== undefined && typeof metadata[top!] === 'object' && metadata[top!] !== null)
      (metadata[top!] as Record<string, unknown>)[sub] = value;
    else metadata[top!] = value;
    how = `metadata ${field} = ${JSON.stringify(value)}`;
  } else if (pick === 1) {
    // A packet's header: its length, source, code or time.
    const at = packetOffsets(seed.stream);
    const p = rng.pick(at.length > 0 ? at : [0]);
    const field = rng.pick([0, 4, 5, 9, 13]);
    const v = field === 9 ? rng.pick([0x7fffffff, 0x00200000, 0xffffffff]) : rng.pick(INTERESTING_U32);
    stream = setU32(seed.stream, p + field, v);
    how = `packet at ${p}: u32 ${v} at +${field}`;
  } else if (pick === 2) {
    // A packet of its own: huge time, resize-like data, a large body.
    const extra = encodePacket({
      source: rng.pick([0, 1] as const),
      elapsedUs: rng.pick([0, 2 ** 40, 2 ** 52, 5e15]),
      data: Buffer.alloc(rng.pick([0, 1, 70_000]), 0x41),
    });
    const at = rng.pick([0, ...packetOffsets(seed.stream), seed.stream.length]);
    stream = Buffer.concat([seed.stream.subarray(0, at), extra, seed.stream.subarray(at)]);
    how = `an extra packet at ${at}`;
  } else {
    const m = mutateBytes(seed.stream, rng);
    stream = m.bytes;
    how = `stream: ${m.how}`;
  }
  const keepSize = rng.chance(0.8);
  const bytes = await sealRaw(keepSize ? { ...metadata, data_size: stream.length } : metadata, stream, {
    blockSizes: [rng.pick([17, 512, 4096, 65536])],
  });
  return {
    format: 'capture',
    label: `${seed.name} re-sealed: ${how}${keepSize ? '' : ' (data_size as before)'}`,
    name: 'x.capture',
    bytes,
  };
}

function packetOffsets(stream: Buffer): number[] {
  const out: number[] = [];
  let at = 0;
  while (at + 4 <= stream.length) {
    out.push(at);
    at += 4 + stream.readUInt32BE(at);
  }
  return out;
}

function cast(seeds: Seeds, rng: Rng): FuzzCase {
  const seed = rng.pick(seeds.casts);
  const { bytes, how } = mutateJsonLines(seed.text, rng);
  return { format: 'asciicast', label: `${seed.name}.cast: ${how}`, name: 'x.cast', bytes };
}

function logpushPlain(seeds: Seeds, rng: Rng): FuzzCase {
  if (rng.chance(0.4)) {
    // Inside a Payload: the embedded asciicast is mutated, then written back as the field.
    const lines = seeds.logpush.split('\n').filter((l) => l.includes('"Payload"'));
    const line = rng.pick(lines);
    const record = JSON.parse(line) as Record<string, unknown>;
    const m = mutateJsonLines(String(record['Payload']), rng);
    record['Payload'] = Buffer.from(m.bytes).toString('utf8');
    return {
      format: 'logpush',
      label: `logpush Payload: ${m.how}`,
      name: 'x.ndjson',
      bytes: Buffer.from(`${JSON.stringify(record)}\n`),
    };
  }
  const { bytes, how } = mutateJsonLines(seeds.logpush, rng);
  return { format: 'logpush', label: `logpush: ${how}`, name: 'x.ndjson', bytes };
}

function logpushGzip(seeds: Seeds, rng: Rng): FuzzCase {
  if (rng.chance(0.3)) {
    const { bytes, how } = mutateBytes(gzipSync(seeds.logpush), rng);
    return { format: 'logpush', label: `logpush.gz, the gzip itself: ${how}`, name: 'x.ndjson.gz', bytes };
  }
  const m = mutateJsonLines(seeds.logpush, rng);
  return { format: 'logpush', label: `logpush.gz of: ${m.how}`, name: 'x.ndjson.gz', bytes: gzipSync(m.bytes) };
}

function zip(seeds: Seeds, rng: Rng): FuzzCase {
  const seed = rng.pick(seeds.zips);
  if (rng.chance(0.35)) {
    const { bytes, how } = mutateBytes(seed.bytes, rng);
    return { format: 'official-zip', label: `${seed.name}.zip bytes: ${how}`, name: 'x.zip', bytes };
  }
  // An entry's content mutated and the ZIP written again with true CRCs and sizes (deflated or
  // not): the checks behind the CRC are reached.
  const entries = readStoredZip(seed.bytes).map((e) => ({ name: e.name, data: Buffer.from(e.data) as Uint8Array }));
  const target = rng.pick(entries);
  const m =
    target.name === 'term_times.txt' && rng.chance(0.5)
      ? mutateJsonLines(Buffer.from(target.data).toString('utf8'), rng)
      : mutateBytes(target.data, rng);
  target.data = m.bytes;
  const deflate = rng.chance(0.3);
  return {
    format: 'official-zip',
    label: `${seed.name}.zip, ${target.name}: ${m.how}${deflate ? ' (deflated)' : ''}`,
    name: 'x.zip',
    bytes: writeZip(entries.map((e) => ({ ...e, deflate }))),
  };
}
