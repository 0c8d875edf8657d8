import { InputError } from '../input-error';
import { MAX_WHOLE_LINE_BYTES, shown } from '../limits';
import { exitStatusOf, type EventKind, type TerminalEvent } from '../recording';
import type { LinePart, SplitLine } from '../text/line-splitter';
import type { AsciicastStream } from './asciicast-stream';
import { EventDataStream, streamableStart } from './event-line-stream';

/** A line still unfinished after this many bytes is read as it arrives (LineSplitter's streamAfter). */
export const LONG_LINE_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;

/**
 * A line of more than LONG_LINE_BYTES (an event line may be 64 MiB), read as it arrives: an
 * event line's data is read as a stream, handed on in pieces of 64 KiB (output, input, marker,
 * exit) or dropped (unknown codes), never held or turned into a string; a v3 comment is skipped;
 * any other line (a header, an odd start) is gathered and read whole, up to MAX_WHOLE_LINE_BYTES.
 */
type LongLine =
  | {
      mode: 'event';
      data: EventDataStream;
      kind: EventKind | null;
      /** Why the line's event is refused, known from its start: thrown once the line is known to be valid JSON. */
      refused: InputError | null;
      /** The data's first characters (a resize's, for its message). */
      prefix: string | null;
    }
  | { mode: 'comment' }
  | { mode: 'whole'; gathered: Uint8Array[]; bytes: number };

/**
 * The lines of one asciicast document, short and long, turned into events: a short line through
 * AsciicastStream.line, a long one as it arrives (see LongLine), with the same events once cut as
 * the store cuts them, and the same refusals. Shared by asciicast files and Logpush Payloads, so
 * no line of either is ever held whole past its bound.
 */
export class AsciicastLines {
  /** The status of the last exit event, as exitStatusOf reads it (a long exit line's data is none). */
  exitStatus: number | null = null;
  private long: LongLine | null = null;

  constructor(
    readonly stream: AsciicastStream,
    private readonly onEvent: (ev: TerminalEvent, line: number) => void,
  ) {}

  /** What LineSplitter's pushParts/endParts give, in order. */
  items(got: ReadonlyArray<SplitLine | LinePart>): void {
    for (const item of got) {
      if ('part' in item) this.part(item.line, item.part, item.last);
      else this.whole(item.text, item.line);
    }
  }

  /** One whole line (without its line break). */
  whole(text: string, line: number): void {
    const ev = this.stream.line(text, line);
    if (ev === null) return;
    if (ev.kind === 'exit') this.exitStatus = exitStatusOf(ev);
    this.onEvent(ev, line);
  }

  /** The next bytes of a long line (a view, read before this returns); `last` ends the line. */
  part(line: number, part: Uint8Array, last: boolean): void {
    if (this.long === null) this.long = this.startLong(line, part);
    else if (this.long.mode === 'event') this.long.data.push(part);
    const long = this.long;
    if (long.mode === 'whole') {
      long.bytes += part.length;
      if (long.bytes > MAX_WHOLE_LINE_BYTES)
        throw new InputError(
          'OUT_OF_RANGE',
          `line longer than ${MAX_WHOLE_LINE_BYTES / MiB} MiB: only event lines ([time, code, data]) may be, not a header or comment`,
          { line },
        );
      long.gathered.push(Uint8Array.from(part));
    }
    if (!last) return;
    this.long = null;
    if (long.mode === 'comment') return;
    if (long.mode === 'event') {
      long.data.end();
      if (long.refused !== null) throw long.refused;
      if (long.kind === 'resize')
        throw new InputError('ASCIICAST_INVALID', `resize ${shown(long.prefix ?? '')} is not COLSxROWS`, { line });
      if (long.kind === 'exit') this.exitStatus = null;
      return;
    }
    // Read whole, as LineSplitter gives a line: without its CR, and line 1 without a BOM.
    let bytes = Buffer.concat(long.gathered);
    if (bytes.at(-1) === 13) bytes = bytes.subarray(0, -1);
    let text = bytes.toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.whole(text, line);
  }

  private startLong(line: number, head: Uint8Array): LongLine {
    if (isComment(head, line)) return { mode: 'comment' };
    const start = streamableStart(head);
    if (start === null) return { mode: 'whole', gathered: [], bytes: 0 };
    let refused: InputError | null = null;
    let at: { atUs: number; kind: EventKind | null } = { atUs: 0, kind: null };
    try {
      at = this.stream.streamedEvent(start.time, start.code, line);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      refused = e;
    }
    const { atUs, kind } = at;
    const long: LongLine & { mode: 'event' } = {
      mode: 'event',
      kind,
      refused,
      prefix: null,
      data: new EventDataStream(line, start.dataAt, (piece) => {
        if (refused !== null || kind === null) return;
        // Data this long is never COLSxROWS: the line is refused as the whole line is, by its start.
        if (kind === 'resize') long.prefix ??= new TextDecoder().decode(piece.subarray(0, 256));
        else this.onEvent({ atUs, kind, code: 0, data: piece }, line);
      }),
    };
    long.data.push(head.subarray(start.dataAt));
    return long;
  }
}

/** A long line whose first byte but white space (and line 1's BOM) is `#`: a v3 comment, skipped as line() skips it. */
function isComment(head: Uint8Array, line: number): boolean {
  let i = line === 1 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || (head[i]! >= 0x09 && head[i]! <= 0x0d))) i += 1;
  return head[i] === 0x23;
}
