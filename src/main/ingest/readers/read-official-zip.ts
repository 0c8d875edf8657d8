import { crc32 } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InputError } from '../../formats/input-error';
import {
  eventUsProblem,
  expansionAllowance,
  MAX_TERM_TIMES_LINE_BYTES,
  MAX_ZIP_ENTRIES,
  shown,
} from '../../formats/limits';
import {
  parseTermDataHeader,
  parseTermDataTrailer,
  parseTermTimesLine,
  type TermDataHeader,
} from '../../formats/official-zip/official-zip-text';
import type { RecordingSink, TerminalEvent } from '../../formats/recording';
import { describeBytes, LineSplitter } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';

const REF = 'official-zip';
const ENTRY_NAMES = ['term_data.txt', 'term_times.txt', 'data_from_client.txt', 'data_from_server.txt'] as const;
type EntryName = (typeof ENTRY_NAMES)[number];
const MAX_TRAILER = 64 * 1024;
const RAW_EVENT_BYTES = 64 * 1024;
const EVENT_BATCH = 1024;

/**
 * A ZIP written by `ssh-log-cli decrypt`: term_data.txt + term_times.txt for a terminal
 * session, data_from_client.txt + data_from_server.txt otherwise. The tool's own first and
 * last lines of term_data.txt become metadata, never output.
 *
 * Every entry read is checked against its CRC-32 and its declared size (yauzl checks neither
 * CRC), and no entry may expand beyond the limits of limits.ts: a ZIP bomb is refused before
 * a byte of it is inflated. term_times.txt is read alongside term_data.txt, a packet at a time,
 * so memory stays flat whatever their sizes.
 */
export async function readOfficialZip(path: string, sink: RecordingSink, signal?: AbortSignal): Promise<ReaderReport> {
  const zip = await openZip(path);
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES)
      throw new InputError('TOO_LARGE', `the ZIP lists ${zip.entryCount} entries (at most ${MAX_ZIP_ENTRIES})`, {});
    const entries = await listEntries(zip);
    checkExpansion([...entries.values()], zip.fileSize);
    const termData = entries.get('term_data.txt');
    if (termData) {
      const times = entries.get('term_times.txt');
      if (!times)
        throw new InputError('ZIP_INVALID', 'term_data.txt comes without term_times.txt', { entry: 'term_times.txt' });
      return await readTerminalSession(zip, termData, times, sink, signal);
    }
    const client = entries.get('data_from_client.txt');
    const server = entries.get('data_from_server.txt');
    if (!client && !server) {
      throw new InputError(
        'ZIP_INVALID',
        'the ZIP holds neither term_data.txt nor data_from_client.txt/data_from_server.txt',
        {},
      );
    }
    return await readRawSession(zip, client, server, sink, signal);
  } finally {
    zip.close();
  }
}

/** Refuses entries that declare more than their compressed size (or the whole file) may expand to. */
function checkExpansion(entries: Entry[], fileSize: number): void {
  let total = 0;
  for (const entry of entries) {
    const allowed = expansionAllowance(entry.compressedSize);
    if (entry.uncompressedSize > allowed) {
      throw new InputError(
        'TOO_LARGE',
        `entry ${entry.fileName} declares ${describeBytes(entry.uncompressedSize)} from ${describeBytes(entry.compressedSize)} compressed, more than ${describeBytes(allowed)}: refused as a possible ZIP bomb`,
        { entry: entry.fileName },
      );
    }
    total += entry.uncompressedSize;
  }
  const allowed = expansionAllowance(fileSize);
  if (total > allowed) {
    throw new InputError(
      'TOO_LARGE',
      `the ZIP's entries declare ${describeBytes(total)} in all from a ${describeBytes(fileSize)} file, more than ${describeBytes(allowed)}: refused as a possible ZIP bomb`,
      {},
    );
  }
}

async function readTerminalSession(
  zip: ZipFile,
  data: Entry,
  timesEntry: Entry,
  sink: RecordingSink,
  signal: AbortSignal | undefined,
): Promise<ReaderReport> {
  const times = new PacketTimes(checkedEntry(zip, timesEntry, signal));
  try {
    return await readTerminalStreams(zip, data, times, sink, signal);
  } finally {
    await times.close();
  }
}

async function readTerminalStreams(
  zip: ZipFile,
  data: Entry,
  times: PacketTimes,
  sink: RecordingSink,
  signal: AbortSignal | undefined,
): Promise<ReaderReport> {
  const report = emptyReport();
  let header: TermDataHeader | null = null;
  let headBuf = Buffer.alloc(0);
  let packet = 0; // packets started so far (1-based index of the current one)
  let remainingInPacket = 0;
  let clockUs = 0;
  let pending: Buffer[] = [];
  let trailer = Buffer.alloc(0);
  let events: TerminalEvent[] = [];

  /** Moves to the next packet that has bytes; false when term_times.txt has no more. */
  const nextPacket = async (): Promise<boolean> => {
    for (;;) {
      const t = await times.next();
      if (t === null) return false;
      packet += 1;
      clockUs += t.delayUs;
      const problem = eventUsProblem(clockUs);
      if (problem !== null)
        throw new InputError('OUT_OF_RANGE', `term_times.txt: the sum of the delays ${problem}`, {
          entry: 'term_times.txt',
          line: t.line,
        });
      // A packet of no bytes shows nothing: its delay counts, it stores no event.
      if (t.bytes > 0) {
        remainingInPacket = t.bytes;
        return true;
      }
    }
  };
  const emitPacket = (): void => {
    events.push({ atUs: clockUs, kind: 'output', code: 0, data: Buffer.concat(pending) });
    pending = [];
    if (events.length >= EVENT_BATCH) {
      sink.events(REF, events);
      events = [];
    }
  };

  let more = true; // term_times.txt may still list packets
  for await (const chunk of checkedEntry(zip, data, signal)) {
    let buf = chunk;
    if (header === null) {
      headBuf = Buffer.concat([headBuf, buf]);
      if (headBuf.indexOf(10) < 0 && headBuf.length < 4096) continue;
      header = parseTermDataHeader(headBuf);
      sink.program(
        REF,
        { startedAtUs: header.startedAtUs },
        {
          type: 'shell',
          startedAtUs: header.startedAtUs,
          terminal: { term: header.term, cols: header.cols ?? 80, rows: header.rows ?? 24, modes: [] },
        },
      );
      more = await nextPacket();
      buf = headBuf.subarray(header.bytes);
      headBuf = Buffer.alloc(0);
    }
    while (buf.length > 0 && more) {
      const take = Math.min(remainingInPacket, buf.length);
      pending.push(buf.subarray(0, take));
      buf = buf.subarray(take);
      remainingInPacket -= take;
      if (remainingInPacket === 0) {
        emitPacket();
        more = await nextPacket();
      }
    }
    if (buf.length > 0) {
      if (trailer.length + buf.length > MAX_TRAILER) {
        throw new InputError('ZIP_INVALID', 'term_data.txt holds far more bytes than term_times.txt accounts for', {
          entry: 'term_data.txt',
        });
      }
      trailer = Buffer.concat([trailer, buf]);
    }
  }
  if (header === null)
    throw new InputError('ZIP_INVALID', 'term_data.txt is empty', { entry: 'term_data.txt', line: 1 });
  if (more) {
    const started = packet;
    let listed = packet;
    while (await nextPacket()) listed = packet; // read to the end: its CRC-32 is checked there
    throw new InputError(
      'ZIP_INVALID',
      `term_data.txt ends before packet ${started} of the ${listed} that term_times.txt lists`,
      { entry: 'term_data.txt' },
    );
  }
  if (events.length > 0) sink.events(REF, events);
  const parsed = parseTermDataTrailer(trailer);
  if (parsed === null) {
    report.warnings.push('term_data.txt has no "Script done on" line: the session may have been cut short');
    if (trailer.length > 0) sink.events(REF, [{ atUs: clockUs, kind: 'output', code: 0, data: trailer }]);
  } else {
    if (parsed.outputEnd > 0)
      sink.events(REF, [{ atUs: clockUs, kind: 'output', code: 0, data: trailer.subarray(0, parsed.outputEnd) }]);
    const t = parsed.trailer;
    sink.program(
      REF,
      { finishedAtUs: t.finishedAtUs },
      {
        type: 'shell',
        startedAtUs: null,
        finishedAtUs: t.finishedAtUs,
        exit: { status: t.exitStatus, signal: null, coreDumped: t.coreDumped, error: t.error },
      },
    );
  }
  report.warnings.push(
    'the official tool keeps no keystrokes for terminal sessions: only server output is available (import the .capture to get them)',
  );
  return report;
}

async function readRawSession(
  zip: ZipFile,
  client: Entry | undefined,
  server: Entry | undefined,
  sink: RecordingSink,
  signal: AbortSignal | undefined,
): Promise<ReaderReport> {
  const report = emptyReport();
  sink.program(REF, {}, { type: 'exec', startedAtUs: null });
  for (const [entry, kind] of [
    [client, 'input'],
    [server, 'output'],
  ] as const) {
    if (!entry) continue;
    for await (const buf of checkedEntry(zip, entry, signal)) {
      for (let at = 0; at < buf.length; at += RAW_EVENT_BYTES) {
        sink.events(REF, [{ atUs: 0, kind, code: 0, data: buf.subarray(at, at + RAW_EVENT_BYTES) }]);
      }
    }
  }
  report.warnings.push(
    'the official tool keeps no times for non-terminal sessions: start time and timing are unknown, and stdout and stderr are merged',
  );
  return report;
}

/** term_times.txt, one packet at a time: a chunk's lines are parsed together, then handed out. */
class PacketTimes {
  private readonly splitter = new LineSplitter({
    maxBytes: MAX_TERM_TIMES_LINE_BYTES,
    code: 'ZIP_INVALID',
    entry: 'term_times.txt',
  });
  private batch: Array<{ delayUs: number; bytes: number; line: number }> = [];
  private at = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncGenerator<Buffer>) {}

  /** Stops reading (the entry's stream is closed) when the import ends before its end. */
  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }

  async next(): Promise<{ delayUs: number; bytes: number; line: number } | null> {
    while (this.at >= this.batch.length) {
      if (this.ended) return null;
      const r = await this.chunks.next();
      this.ended = r.done === true;
      this.take(r.done ? this.splitter.end() : this.splitter.push(r.value));
    }
    return this.batch[this.at++]!;
  }

  private take(lines: Array<{ line: number; text: string }>): void {
    this.batch = [];
    this.at = 0;
    for (const { line, text } of lines) {
      const t = parseTermTimesLine(text, line);
      if (t !== null) this.batch.push({ ...t, line });
    }
  }
}

/**
 * An entry's bytes, checked as they stream: yauzl refuses more or fewer bytes than the entry
 * declares (validateEntrySizes), and the CRC-32 is compared once the last byte is read, so an
 * altered or damaged entry is refused, naming it, before anything of the file commits. A cancel
 * stops it between chunks (a stored entry of gigabytes is otherwise read to its end).
 */
async function* checkedEntry(zip: ZipFile, entry: Entry, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const stream = await entryStream(zip, entry);
  let crc = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      crc = crc32(buf, crc);
      signal?.throwIfAborted();
      yield buf;
    }
  } catch (e) {
    if (e instanceof InputError || signal?.aborted) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError('ZIP_INVALID', `entry ${entry.fileName} is damaged (${msg})`, { entry: entry.fileName });
  } finally {
    stream.destroy();
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new InputError(
      'ZIP_INVALID',
      `entry ${entry.fileName} fails its CRC-32 check (the ZIP says ${hex(entry.crc32)}, its bytes give ${hex(crc)}): the ZIP was altered or damaged`,
      { entry: entry.fileName },
    );
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Each range of the ZIP is read by a file stream of its own. yauzl.open's shared reader
 * (fd-slicer) crashes the whole process, outside any promise, when an entry stream is destroyed
 * while a read waits in its queue (it reads `context.fd` after destroying set the context to
 * null): any refusal or cancel before an entry's end did so, e.g. a bad term_times.txt line.
 */
class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly path: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return end > start ? createReadStream(this.path, { start, end: end - 1 }) : Readable.from([]);
  }
}

async function openZip(path: string): Promise<ZipFile> {
  const size = (await stat(path)).size;
  return new Promise((resolve, reject) => {
    const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true };
    yauzl.fromRandomAccessReader(new FileRangeReader(path), size, options, (err, zip) => {
      if (err || !zip)
        reject(new InputError('ZIP_INVALID', `not a readable ZIP archive (${err?.message ?? 'unknown error'})`, {}));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile): Promise<Map<EntryName, Entry>> {
  return new Promise((resolve, reject) => {
    const found = new Map<EntryName, Entry>();
    zip.on('entry', (entry: Entry) => {
      const base = entry.fileName.split('/').pop() as EntryName;
      const first = found.get(base);
      if (first) {
        // Tools disagree on which copy counts (unzip keeps the last, yauzl lists both): refuse the doubt.
        reject(
          new InputError(
            'ZIP_INVALID',
            `the ZIP holds ${base} twice (${shown(first.fileName)} and ${shown(entry.fileName)}): which one is the recording is ambiguous`,
            { entry: base },
          ),
        );
        return;
      }
      if (ENTRY_NAMES.includes(base)) found.set(base, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(found));
    zip.on('error', (err: Error) => reject(new InputError('ZIP_INVALID', `damaged ZIP archive (${err.message})`, {})));
    zip.readEntry();
  });
}

function entryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream)
        reject(
          new InputError('ZIP_INVALID', `cannot read ${entry.fileName} (${err?.message ?? 'unknown error'})`, {
            entry: entry.fileName,
          }),
        );
      else resolve(stream);
    });
  });
}
