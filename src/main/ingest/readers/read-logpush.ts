import { InputError } from '../../formats/input-error';
import { eventUsProblem, MAX_LINE_BYTES } from '../../formats/limits';
import { normalizeLogpushRecord, type LogpushRecord } from '../../formats/logpush/logpush-record';
import { RecordStream, type StreamedFields } from '../../formats/logpush/record-stream';
import { SAME_START_US, type RecordingSink } from '../../formats/recording';
import { describeBytes } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';
import { forEachPiece, PayloadReader, type ReadPayload } from './logpush-payload';

/**
 * Logpush ssh_logs: one JSON record a line. A bad line is reported with its number and
 * skipped; the rest is imported. Records of one program (ProgramID) are merged; a record whose
 * Payload was already stored is not counted twice. A record is read as it streams in
 * (record-stream.ts): its Payload is checked whole, line by line, and spooled, before anything of
 * the record is stored, then stored in pieces (logpush-payload.ts): memory does not grow with it.
 */
export async function readLogpush(chunks: AsyncIterable<Uint8Array>, sink: RecordingSink): Promise<ReaderReport> {
  const report = emptyReport();
  let rewritten = 0;
  let duplicates = 0;

  const take = (line: number, record: RecordStream, payloadReader: PayloadReader | null): void => {
    let fields: StreamedFields | null;
    let rec: LogpushRecord;
    let payload: ReadPayload | null = null;
    try {
      fields = record.end();
      if (fields === null) return;
      // A string Payload was streamed; anything else is checked as the field it is.
      rec = normalizeLogpushRecord(payloadReader === null ? fields : { ...fields, Payload: null }, line);
      payload = payloadReader?.end() ?? null;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      report.rejectedLines.push({ line, message: e.message });
      return;
    } finally {
      if (payload === null) payloadReader?.dispose();
    }
    try {
      if (storeRecord(line, rec, payload)) duplicates += 1;
    } finally {
      payload?.spool.dispose();
    }
  };

  /** Stores one record; true when its Payload was stored before (a repeated record). */
  const storeRecord = (line: number, record: LogpushRecord, read: ReadPayload | null): boolean => {
    const payload = read?.scan ?? null;
    if (payload?.log4ShellRewrite) rewritten += 1;
    const ref = record.programKey ?? `line:${line}`;
    const program = { ...record.program };
    if (payload) {
      program.command = payload.command;
      // The payload header always states a size; only a terminal program really had one.
      const hadTerminal = program.type === 'shell' || program.type === 'unknown';
      program.terminal =
        program.terminal ?? (payload.terminal && hadTerminal ? { ...payload.terminal, modes: [] } : null);
      program.startedAtUs = program.startedAtUs ?? payload.headerTimestampUs;
      if (payload.exitStatus !== null)
        program.exit = { status: payload.exitStatus, signal: null, coreDumped: null, error: null };
    }
    // Payload times count from its header's timestamp; events count from the program start.
    const shift = payload === null ? 0 : payloadShift(payload.headerTimestampUs, program.startedAtUs ?? null);
    // The earliest and the latest event bound them all.
    const outOfRange = [payload?.firstUs ?? null, payload?.lastUs ?? null]
      .flatMap((us) => (us === null ? [] : [us + shift]))
      .find((us) => eventUsProblem(us) !== null);
    if (outOfRange !== undefined) {
      // Checked before anything of the record is stored: the line is rejected whole.
      report.rejectedLines.push({
        line,
        message: `Payload event at ${outOfRange / 1e6} s from the program start (its header timestamp against field ProgramStartDatetime) is out of range (at most 50 years)`,
      });
      return false;
    }
    sink.program(ref, record.session, program);
    if (read === null) return false;
    if (!sink.claimRecord(ref, read.scan.digest)) return true;
    // The pieces of one record are one span of the program's time (RecordingSink.piece).
    let continues = false;
    forEachPiece(read, line, shift, (piece) => {
      sink.piece(ref, piece, continues);
      continues = true;
    });
    return false;
  };

  // Lines are cut from the bytes and decoded as they come: a line is never held whole.
  let lineNo = 0;
  let lineBytes = 0;
  // One decoder for the whole file: decode() without input ends a line and starts afresh (a decoder
  // a line held native memory V8 does not count until it collects: 10k records took 150 MB more).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let payloadReader: PayloadReader | null = null;
  let firstText = true;
  const open = (): RecordStream => {
    const line = lineNo + 1;
    return new RecordStream(line, () => {
      payloadReader?.dispose();
      payloadReader = new PayloadReader(line);
      return payloadReader;
    });
  };
  let record = open();
  const feed = (bytes: Uint8Array): void => {
    if (bytes.length === 0) return;
    lineBytes += bytes.length;
    if (lineBytes > MAX_LINE_BYTES) {
      // A line past the limit refuses the file: no real record is that long (limits.ts).
      payloadReader?.dispose();
      throw new InputError(
        'LINE_TOO_LONG',
        `line ${lineNo + 1} is longer than ${describeBytes(MAX_LINE_BYTES)}, the longest line sshlens reads`,
        { line: lineNo + 1 },
      );
    }
    let text = decoder.decode(bytes, { stream: true });
    if (firstText && text.length > 0) {
      // The file's byte order mark, if any, is no part of its first record.
      if (lineNo === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      firstText = false;
    }
    record.push(text);
  };
  const endLine = (): void => {
    record.push(decoder.decode());
    lineNo += 1;
    const reader = payloadReader;
    payloadReader = null;
    take(lineNo, record, reader);
    lineBytes = 0;
    firstText = true;
    record = open();
  };
  try {
    for await (const raw of chunks) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        if (nl < 0) break;
        feed(chunk.subarray(start, nl));
        endLine();
        start = nl + 1;
      }
      feed(chunk.subarray(start));
    }
    if (lineBytes > 0) endLine();
  } finally {
    (payloadReader as PayloadReader | null)?.dispose();
  }
  if (rewritten > 0) {
    report.warnings.push(
      `${rewritten} record(s) contain "x{" but never "\${": the Logpush job seems to use the Log4Shell mitigation, which rewrites every "\${" as "x{" — commands and output may be altered`,
    );
  }
  if (duplicates > 0)
    report.warnings.push(`${duplicates} repeated record(s) were already stored and were not counted again`);
  return report;
}

/**
 * Payload times count from the payload header's timestamp, events from the program start. The
 * header's timestamp is whole seconds: within the second the program started it is that start,
 * truncated (a nanosecond export states the same start to the nanosecond), and the times are the
 * program's own. Only a header a second or more away (a record that starts its own clock) moves them.
 */
export function payloadShift(headerTimestampUs: number | null, programStartUs: number | null): number {
  if (headerTimestampUs === null || programStartUs === null) return 0;
  const shift = headerTimestampUs - programStartUs;
  return Math.abs(shift) < SAME_START_US ? 0 : shift;
}
