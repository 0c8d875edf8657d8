import { AsciicastStream } from '../../formats/asciicast/asciicast-stream';
import { EventDataStream, streamableStart } from '../../formats/asciicast/event-line-stream';
import { InputError } from '../../formats/input-error';
import { exitStatusOf, type RecordingSink, type TerminalEvent } from '../../formats/recording';
import { LineSplitter, type LinePart, type SplitLine } from '../../formats/text/line-splitter';
import { emptyReport, type ReaderReport } from '../reader-report';

const REF = 'asciicast';
const BATCH = 1024;
/** Events go to the store at least every this many bytes of data (a long line's pieces are 64 KiB each). */
const BATCH_BYTES = 1024 * 1024;
/** A line still unfinished after this many bytes is read as it arrives (see LongLine). */
const STREAM_AFTER = 1024 * 1024;

/**
 * An event line of more than STREAM_AFTER bytes (one may be 64 MiB): an output, input or marker
 * line whose data is read as a stream, handed to the store in pieces of 64 KiB and never held or
 * turned into a string; any other (a header, a comment, an odd start) is gathered and read whole.
 */
interface LongLine {
  line: number;
  data: EventDataStream | null;
  /** Why the line's event is refused, known from its start: thrown once the line is known to be valid JSON. */
  refused: InputError | null;
  gathered: Uint8Array[];
}

/** An asciicast v2/v3 file is one program of one session; any malformed line rejects the file. */
export async function readAsciicast(chunks: AsyncIterable<Uint8Array>, sink: RecordingSink): Promise<ReaderReport> {
  const report = emptyReport();
  const splitter = new LineSplitter({ skipEmpty: true, streamAfter: STREAM_AFTER });
  const stream = new AsciicastStream();
  let declared = false;
  let batch: TerminalEvent[] = [];
  let exitStatus: number | null = null;
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

  const take = ({ line, text }: SplitLine): void => {
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
    if (ev === null) return;
    if (ev.kind === 'exit') exitStatus = exitStatusOf(ev);
    add(ev);
  };

  let long: LongLine | null = null;
  const startLong = (line: number, head: Uint8Array): LongLine => {
    const start = declared ? streamableStart(head) : null;
    if (start === null || (start.code !== 'o' && start.code !== 'i' && start.code !== 'm'))
      return { line, data: null, refused: null, gathered: [] };
    let refused: InputError | null = null;
    let at = { atUs: 0, kind: 'output' as TerminalEvent['kind'] };
    try {
      at = stream.streamedEvent(start.time, start.code, line);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      refused = e;
    }
    const data = new EventDataStream(line, start.dataAt, (piece) => {
      if (refused === null) add({ atUs: at.atUs, kind: at.kind, code: 0, data: piece });
    });
    data.push(head.subarray(start.dataAt));
    return { line, data, refused, gathered: [] };
  };
  const part = ({ line, part, last }: LinePart): void => {
    if (long === null) long = startLong(line, part);
    else if (long.data !== null) long.data.push(part);
    if (long.data === null) long.gathered.push(Uint8Array.from(part));
    if (!last) return;
    const done: LongLine = long;
    long = null;
    if (done.data !== null) {
      done.data.end();
      if (done.refused !== null) throw done.refused;
      return;
    }
    // Read whole, as the splitter gives a line: without its CR, and line 1 without a BOM.
    let bytes = Buffer.concat(done.gathered);
    if (bytes.at(-1) === 13) bytes = bytes.subarray(0, -1);
    let text = bytes.toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    take({ line, text });
  };
  const items = (got: Array<SplitLine | LinePart>): void => {
    for (const item of got) {
      if ('part' in item) part(item);
      else take(item);
    }
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
      exit: exitStatus !== null ? { status: exitStatus, signal: null, coreDumped: null, error: null } : null,
    },
  );
  if (h.timestamp === null)
    report.warnings.push('the asciicast header has no timestamp: the session start time is unknown');
  if (stream.unknownCodes > 0) report.warnings.push(`${stream.unknownCodes} events with unknown codes were skipped`);
  return report;
}
