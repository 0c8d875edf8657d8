import { AsciicastStream } from '../../formats/asciicast/asciicast-stream';
import { InputError } from '../../formats/input-error';
import { exitStatusOf, type RecordingSink, type TerminalEvent } from '../../formats/recording';
import { LineSplitter } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';

const REF = 'asciicast';
const BATCH = 1024;

/** An asciicast v2/v3 file is one program of one session; any malformed line rejects the file. */
export async function readAsciicast(chunks: AsyncIterable<Uint8Array>, sink: RecordingSink): Promise<ReaderReport> {
  const report = emptyReport();
  const splitter = new LineSplitter({ skipEmpty: true });
  const stream = new AsciicastStream();
  let declared = false;
  let batch: TerminalEvent[] = [];
  let exitStatus: number | null = null;
  let lastUs = 0;

  const take = (lines: Array<{ line: number; text: string }>): void => {
    for (const { line, text } of lines) {
      const ev = stream.line(text, line);
      if (!declared && stream.header !== null) {
        const h = stream.header;
        const startedAtUs = h.timestamp !== null ? Math.round(h.timestamp * 1e6) : null;
        sink.program(
          REF,
          { startedAtUs },
          {
            type: h.command !== null ? 'exec' : 'shell',
            command: h.command,
            startedAtUs,
            // The header always states a size; an exec (a command in the header, as Cloudflare's
            // payload of one) had no terminal: as read-logpush.ts, or it would replay as one.
            terminal: h.command !== null ? null : { term: h.term, cols: h.cols, rows: h.rows, modes: [] },
          },
        );
        declared = true;
      }
      if (ev === null) continue;
      if (ev.kind === 'exit') exitStatus = exitStatusOf(ev);
      lastUs = ev.atUs;
      batch.push(ev);
      if (batch.length >= BATCH) {
        sink.events(REF, batch);
        batch = [];
      }
    }
  };

  for await (const chunk of chunks) take(splitter.push(chunk));
  take(splitter.end());
  if (!declared) throw new InputError('ASCIICAST_INVALID', 'no asciicast header line found', { line: 1 });
  if (batch.length > 0) sink.events(REF, batch);
  const h = stream.header!;
  const finishedAtUs = h.timestamp !== null ? Math.round(h.timestamp * 1e6) + lastUs : null;
  sink.program(
    REF,
    { finishedAtUs },
    {
      type: h.command !== null ? 'exec' : 'shell',
      startedAtUs: null,
      finishedAtUs,
      exit: exitStatus !== null ? { status: exitStatus, signal: null, coreDumped: null, error: null } : null,
    },
  );
  if (h.timestamp === null)
    report.warnings.push('the asciicast header has no timestamp: the session start time is unknown');
  if (stream.unknownCodes > 0) report.warnings.push(`${stream.unknownCodes} events with unknown codes were skipped`);
  return report;
}
