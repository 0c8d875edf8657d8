import { InputError } from '../../formats/input-error';
import {
  decodePayloadText,
  hasLog4ShellRewrite,
  normalizeLogpushRecord,
  parseLogpushLine,
  type LogpushRecord,
} from '../../formats/logpush/logpush-record';
import { SAME_START_US, type RecordingSink } from '../../formats/recording';
import { LineSplitter } from '../../formats/text/line-splitter';
import { eventUsProblem } from '../../formats/limits';
import { emptyReport, type ReaderReport } from '../reader-report';
import { forEachPayloadPiece, scanPayload, type PayloadScan } from './logpush-payload';

/**
 * Logpush ssh_logs: one JSON record a line. A bad line is reported with its number and
 * skipped; the rest is imported. Records of one program (ProgramID) are merged; a record whose
 * Payload was already stored is not counted twice. A Payload is checked whole before anything of
 * its record is stored, then stored in pieces (logpush-payload.ts): memory does not grow with it.
 */
export async function readLogpush(chunks: AsyncIterable<Uint8Array>, sink: RecordingSink): Promise<ReaderReport> {
  const report = emptyReport();
  // A line past the limit refuses the file: no real record is that long (limits.ts).
  const splitter = new LineSplitter({ skipEmpty: true });
  let rewritten = 0;
  let duplicates = 0;

  const take = (lines: Array<{ line: number; text: string }>): void => {
    for (const { line, text } of lines) {
      if (text.trim() === '') continue;
      let record: LogpushRecord;
      let payloadText: string | Buffer | null;
      let payload: PayloadScan | null;
      try {
        record = normalizeLogpushRecord(parseLogpushLine(text, line), line);
        payloadText = record.payload !== null ? decodePayloadText(record.payload) : null;
        payload = payloadText !== null ? scanPayload(payloadText, line) : null;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        report.rejectedLines.push({ line, message: e.message });
        continue;
      }
      if (record.payload !== null && hasLog4ShellRewrite(record.payload)) rewritten += 1;
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
        continue;
      }
      sink.program(ref, record.session, program);
      if (payload === null || payloadText === null) continue;
      if (!sink.claimRecord(ref, payload.digest)) {
        duplicates += 1;
        continue;
      }
      // The pieces of one record are one span of the program's time (RecordingSink.piece).
      let continues = false;
      forEachPayloadPiece(payloadText, line, shift, payload.inOrder, (piece) => {
        sink.piece(ref, piece, continues);
        continues = true;
      });
    }
  };

  for await (const chunk of chunks) take(splitter.push(chunk));
  take(splitter.end());
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
