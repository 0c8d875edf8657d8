import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InputError } from '../../formats/input-error';
import {
  parseTermDataHeader,
  parseTermDataTrailer,
  parseTermTimesLine,
  type TermDataHeader,
} from '../../formats/official-zip/official-zip-text';
import type { RecordingSink, TerminalEvent } from '../../formats/recording';
import { LineSplitter } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';

const REF = 'official-zip';
const ENTRY_NAMES = ['term_data.txt', 'term_times.txt', 'data_from_client.txt', 'data_from_server.txt'] as const;
type EntryName = (typeof ENTRY_NAMES)[number];
const MAX_TRAILER = 64 * 1024;
const RAW_EVENT_BYTES = 64 * 1024;

/**
 * A ZIP written by `ssh-log-cli decrypt`: term_data.txt + term_times.txt for a terminal
 * session, data_from_client.txt + data_from_server.txt otherwise. The tool's own first and
 * last lines of term_data.txt become metadata, never output.
 */
export async function readOfficialZip(path: string, sink: RecordingSink): Promise<ReaderReport> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip);
    const termData = entries.get('term_data.txt');
    if (termData) {
      const times = entries.get('term_times.txt');
      if (!times)
        throw new InputError('ZIP_INVALID', 'term_data.txt comes without term_times.txt', { entry: 'term_times.txt' });
      return await readTerminalSession(zip, termData, times, sink);
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
    return await readRawSession(zip, client, server, sink);
  } finally {
    zip.close();
  }
}

async function readTerminalSession(
  zip: ZipFile,
  data: Entry,
  timesEntry: Entry,
  sink: RecordingSink,
): Promise<ReaderReport> {
  const report = emptyReport();
  const times = await readTimes(zip, timesEntry);
  let header: TermDataHeader | null = null;
  let headBuf = Buffer.alloc(0);
  let packet = 0;
  let remainingInPacket = times.bytes[0] ?? 0;
  let clockUs = times.delays[0] ?? 0;
  let pending: Buffer[] = [];
  let trailer = Buffer.alloc(0);
  let events: TerminalEvent[] = [];

  const emitPacket = (): void => {
    events.push({ atUs: clockUs, kind: 'output', code: 0, data: Buffer.concat(pending) });
    pending = [];
    packet += 1;
    clockUs += times.delays[packet] ?? 0;
    remainingInPacket = times.bytes[packet] ?? 0;
  };

  for await (const chunk of await entryStream(zip, data)) {
    let buf = chunk as Buffer;
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
      while (packet < times.bytes.length && remainingInPacket === 0) emitPacket();
      buf = headBuf.subarray(header.bytes);
    }
    while (buf.length > 0 && packet < times.bytes.length) {
      const take = Math.min(remainingInPacket, buf.length);
      pending.push(buf.subarray(0, take));
      buf = buf.subarray(take);
      remainingInPacket -= take;
      while (packet < times.bytes.length && remainingInPacket === 0) emitPacket();
    }
    if (buf.length > 0) {
      if (trailer.length + buf.length > MAX_TRAILER) {
        throw new InputError('ZIP_INVALID', 'term_data.txt holds far more bytes than term_times.txt accounts for', {
          entry: 'term_data.txt',
        });
      }
      trailer = Buffer.concat([trailer, buf]);
    }
    if (events.length >= 1024) {
      sink.events(REF, events);
      events = [];
    }
  }
  if (header === null)
    throw new InputError('ZIP_INVALID', 'term_data.txt is empty', { entry: 'term_data.txt', line: 1 });
  if (packet < times.bytes.length) {
    throw new InputError(
      'ZIP_INVALID',
      `term_data.txt ends before packet ${packet + 1} of the ${times.bytes.length} that term_times.txt lists`,
      {
        entry: 'term_data.txt',
      },
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
): Promise<ReaderReport> {
  const report = emptyReport();
  sink.program(REF, {}, { type: 'exec', startedAtUs: null });
  for (const [entry, kind] of [
    [client, 'input'],
    [server, 'output'],
  ] as const) {
    if (!entry) continue;
    for await (const chunk of await entryStream(zip, entry)) {
      const buf = chunk as Buffer;
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

async function readTimes(zip: ZipFile, entry: Entry): Promise<{ delays: number[]; bytes: number[] }> {
  const delays: number[] = [];
  const bytes: number[] = [];
  const splitter = new LineSplitter();
  const take = (lines: Array<{ line: number; text: string }>): void => {
    for (const { line, text } of lines) {
      const t = parseTermTimesLine(text, line);
      if (t === null) continue;
      delays.push(t.delayUs);
      bytes.push(t.bytes);
    }
  };
  for await (const chunk of await entryStream(zip, entry)) take(splitter.push(chunk as Buffer));
  take(splitter.end());
  return { delays, bytes };
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
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
      if (ENTRY_NAMES.includes(base) && !found.has(base)) found.set(base, entry);
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
