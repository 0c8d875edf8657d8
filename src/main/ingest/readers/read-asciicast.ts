import { AsciicastLines, LONG_LINE_BYTES } from '../../formats/asciicast/asciicast-lines';
import { AsciicastStream } from '../../formats/asciicast/asciicast-stream';
import { InputError } from '../../formats/input-error';
import type { RecordingSink, TerminalEvent } from '../../formats/recording';
import { LineSplitter, type LinePart, type SplitLine } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';

const REF = 'asciicast';
const BATCH = 1024;
/** Events go to the store at least every this many bytes of data (a long line's pieces are 64 KiB each). */
const BATCH_BYTES = 1024 * 1024;

/** An asciicast v2/v3 file is one program of one session; any malformed line rejects the file. */
export async function readAsciicast(chunks: AsyncIterable<Uint8Array>, sink: RecordingSink): Promise<ReaderReport> {
  const report = emptyReport();
  const splitter = new LineSplitter({ skipEmpty: true, streamAfter: LONG_LINE_BYTES });
  const stream = new AsciicastStream();
  let declared = false;
  let batch: TerminalEvent[] = [];
  let lastUs = 0;
  let batchBytes = 0;
  const add = (ev: TerminalEvent): void => {
    lastUs = ev.atUs;
    batch.push(ev);
    batchBytes += ev.data.length;
    if (batch.length >= BATCH || batchBytes >= BATCH_BYTES) {
      sink.events(REF, batch);
      batch = [];
      batchBytes = 0;
    }
  };

  const declare = (): void => {
    if (declared || stream.header === null) return;
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
  };
  const lines = new AsciicastLines(stream, (ev) => {
    declare();
    add(ev);
  });
  const items = (got: Array<SplitLine | LinePart>): void => {
    lines.items(got);
    declare();
  };

  for await (const chunk of chunks) items(splitter.pushParts(chunk));
  items(splitter.endParts());
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
      exit:
        lines.exitStatus !== null ? { status: lines.exitStatus, signal: null, coreDumped: null, error: null } : null,
    },
  );
  if (h.timestamp === null)
    report.warnings.push('the asciicast header has no timestamp: the session start time is unknown');
  if (stream.unknownCodes > 0) report.warnings.push(`${stream.unknownCodes} events with unknown codes were skipped`);
  return report;
}
