import { createHash, type Hash } from 'node:crypto';
import { AsciicastLines, LONG_LINE_BYTES } from '../../formats/asciicast/asciicast-lines';
import { AsciicastStream } from '../../formats/asciicast/asciicast-stream';
import { InputError } from '../../formats/input-error';
import { MAX_PAYLOAD_EVENTS_AT_ONCE, PAYLOAD_PIECE_BYTES, PAYLOAD_PIECE_EVENTS } from '../../formats/limits';
import type { PayloadTextSink } from '../../formats/logpush/record-stream';
import type { TerminalEvent } from '../../formats/recording';
import { LineSplitter, type LinePart, type SplitLine } from '../../formats/text/line-splitter';
import { TimePieces } from '../time-pieces';
import { PayloadSpool } from './payload-spool';

/** What the first pass learns of a Payload without keeping its events. */
export interface PayloadScan {
  digest: string;
  command: string | null;
  terminal: { term: string | null; cols: number; rows: number } | null;
  headerTimestampUs: number | null;
  exitStatus: number | null;
  events: number;
  /** Earliest and latest event time (µs from the header's clock); null without events. */
  firstUs: number | null;
  lastUs: number | null;
  /** True when no event comes before the one preceding it: the Payload can be cut in time order. */
  inOrder: boolean;
  /** "x{" and never "${" in the Payload as sent: the Log4Shell rewrite, which cannot be undone, only warned of. */
  log4ShellRewrite: boolean;
}

/** A Payload read, checked and spooled: its events can be given to the store (forEachPiece). */
export interface ReadPayload {
  scan: PayloadScan;
  spool: PayloadSpool;
}

/** A character that makes a Payload not base64 (the rule below). */
const NOT_BASE64 = /[^A-Za-z0-9+/=\s]/;
const BASE64_ALPHABET = /[^A-Za-z0-9+/]/g;
/** How much of a line is kept for its error when it cannot be an asciicast line anyway. */
const DOOMED_LINE_CHARS = 4096;

/**
 * A Logpush Payload (asciicast v2, one event a line, sometimes base64) read as it streams out of
 * its record (record-stream.ts), never held as one string nor as events: each line is parsed and
 * checked as it completes, keeping only what the record needs (header, exit status, time range,
 * digest), while its text goes to a spool. Only a record that passes is then read again from the
 * spool and given to the store in pieces (forEachPiece). A 61 MB Payload of 2.27M events was one
 * string, then an array of all its events.
 *
 * The Payload is read as it always was (test/helpers/logpush-payload-reference.ts keeps that reading
 * as one string, and the tests compare): the text itself when it starts
 * with "{" or "[" (after white space), else base64 when it is base64 and decodes to such a text,
 * else the text (which fails as asciicast). Its digest is the one records were always stored under.
 */
export class PayloadReader implements PayloadTextSink {
  private length = 0;
  private mode: 'start' | 'text' | 'maybe-base64' = 'start';
  private readonly raw: TextScanner;
  private base64: Base64Text | null = null;
  private sawX = false;
  private sawDollar = false;
  private prev = '';

  constructor(private readonly line: number) {
    this.raw = new TextScanner(new PayloadSpool());
  }

  text(s: string): void {
    if (s.length === 0) return;
    this.length += s.length;
    // The Log4Shell sign over the Payload as sent, a pair of characters possibly cut between two texts.
    const cutPair = (a: string): boolean => this.prev === a && s[0] === '{';
    if (!this.sawX) this.sawX = s.includes('x{') || cutPair('x');
    if (!this.sawDollar) this.sawDollar = s.includes('${') || cutPair('$');
    this.prev = s.at(-1)!;
    if (this.mode === 'start') {
      const first = /\S/.exec(s);
      if (first === null) {
        this.raw.text(s);
        return;
      }
      const c = s[first.index]!;
      if (c === '{' || c === '[' || NOT_BASE64.test(c)) this.mode = 'text';
      else {
        // Lines of base64 characters are no asciicast: the text can only fail, at this line.
        this.raw.text(s.slice(0, first.index));
        this.raw.doom();
        this.mode = 'maybe-base64';
        this.base64 = new Base64Text(new TextScanner(new PayloadSpool()));
        s = s.slice(first.index);
      }
    }
    this.raw.text(s);
    if (this.base64 !== null) {
      if (NOT_BASE64.test(s)) {
        this.base64.scanner.dispose();
        this.base64 = null;
      } else this.base64.text(s);
    }
  }

  /** Null for an empty Payload; else its scan and spool, or the InputError of its first bad line. */
  end(): ReadPayload | null {
    if (this.length === 0) {
      this.dispose();
      return null;
    }
    const b64 = this.base64 !== null && this.base64.end() ? this.base64.scanner : null;
    const winner = b64 ?? this.raw;
    (winner === this.raw ? this.base64?.scanner : this.raw)?.dispose();
    const scan = winner.end(this.line);
    return { scan: { ...scan, log4ShellRewrite: this.sawX && !this.sawDollar }, spool: winner.spool };
  }

  dispose(): void {
    this.raw.dispose();
    this.base64?.scanner.dispose();
  }
}

/**
 * The second pass: the events of a spooled Payload, moved by `shiftUs`, in pieces cut where time
 * moves on after PAYLOAD_PIECE_EVENTS events or PAYLOAD_PIECE_BYTES of data (time-pieces.ts). A
 * Payload out of order, bounded by the first pass, is one piece, as the store sorts each piece.
 */
export function forEachPiece(
  read: ReadPayload,
  line: number,
  shiftUs: number,
  take: (piece: TerminalEvent[]) => void,
): void {
  const cutter = new TimePieces({
    events: PAYLOAD_PIECE_EVENTS,
    bytes: PAYLOAD_PIECE_BYTES,
    whole: !read.scan.inOrder,
  });
  const splitter = new LineSplitter({ streamAfter: LONG_LINE_BYTES });
  const lines = new AsciicastLines(new AsciicastStream(2), (ev) => {
    const piece = cutter.add(shiftUs === 0 ? ev : { ...ev, atUs: ev.atUs + shiftUs });
    if (piece) take(piece);
  });
  const items = (got: Array<SplitLine | LinePart>): void => {
    try {
      lines.items(got);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw payloadError(e.place.line ?? 0, e.message, line);
    }
  };
  for (const chunk of read.spool.chunks()) items(splitter.pushParts(chunk));
  items(splitter.endParts());
  const rest = cutter.flush();
  if (rest) take(rest);
}

/** Base64 text decoded as it comes (as Buffer.from(text, 'base64') decodes it whole). */
class Base64Text {
  private pending = '';
  private stopped = false;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private head: Buffer[] = [];
  private headBytes = 0;
  private bytes = 0;
  /** The first character of the decoded text that is not white space, once seen. */
  private firstChar: string | null = null;

  constructor(readonly scanner: TextScanner) {}

  text(s: string): void {
    if (this.stopped) return;
    // Node's decoder skips what is not in the alphabet and stops at the first "=".
    const eq = s.indexOf('=');
    let chars = (eq < 0 ? s : s.slice(0, eq)).replace(BASE64_ALPHABET, '');
    if (eq >= 0) this.stopped = true;
    chars = this.pending + chars;
    const whole = this.stopped ? chars.length : chars.length - (chars.length % 4);
    this.pending = chars.slice(whole);
    if (whole > 0) this.decoded(Buffer.from(chars.slice(0, whole), 'base64'));
  }

  /** True when the decoded text is the Payload: it starts with "{" or "[" (after white space). */
  end(): boolean {
    if (this.pending.length > 0) this.decoded(Buffer.from(this.pending, 'base64'));
    this.pending = '';
    this.scanner.text(this.decoder.decode());
    if (this.bytes === 0) return false;
    // As the Payload was always judged: its first 4 KiB, the whole only when they are all white space.
    let start = Buffer.concat(this.head).toString('utf8').trimStart();
    if (start === '' && this.bytes > 4096) start = this.firstChar ?? '';
    return start.startsWith('{') || start.startsWith('[');
  }

  private decoded(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.headBytes < 4096) {
      const part = bytes.subarray(0, 4096 - this.headBytes);
      this.head.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    this.bytes += bytes.length;
    const text = this.decoder.decode(bytes, { stream: true });
    if (this.firstChar === null) {
      const m = /\S/.exec(text);
      if (m) this.firstChar = text[m.index]!;
    }
    this.scanner.text(text);
  }
}

/**
 * The asciicast text of a Payload as it comes: hashed (as UTF-8), spooled, cut into lines and each
 * line parsed and checked. Stops at the first bad line, whose error end() throws.
 */
class TextScanner {
  private readonly hash: Hash = createHash('sha256');
  private readonly lines = new AsciicastLines(new AsciicastStream(2), (ev) => this.event(ev, this.lineNo + 1));
  private highSurrogate = '';
  private lineParts: string[] = [];
  private lineChars = 0;
  /** The current line passed LONG_LINE_BYTES characters: its parts go on to `lines` as they come. */
  private streaming = false;
  private lineNo = 0;
  private error: InputError | null = null;
  private errorLine = 0;
  private doomed = false;
  // What scanPayload kept.
  private events = 0;
  private firstUs: number | null = null;
  private lastUs: number | null = null;
  private previousUs = -Infinity;
  private inOrder = true;
  private atOnce = 0;

  constructor(readonly spool: PayloadSpool) {}

  /** From here the text cannot be an asciicast: only its first bad line is kept (bounded). */
  doom(): void {
    this.doomed = true;
    this.spool.dispose();
  }

  text(s: string): void {
    if (this.error !== null || s.length === 0) return;
    // A surrogate pair is never split between two calls: each half alone would hash as U+FFFD.
    if (this.highSurrogate !== '') {
      s = this.highSurrogate + s;
      this.highSurrogate = '';
    }
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (!this.doomed) {
      this.hash.update(s, 'utf8');
      this.spool.write(s);
    }
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      this.addToLine(s.slice(start, nl));
      this.endLine();
      if (this.error !== null) return;
      start = nl + 1;
    }
    if (start < s.length) this.addToLine(start === 0 ? s : s.slice(start));
  }

  end(line: number): Omit<PayloadScan, 'log4ShellRewrite'> {
    if (this.highSurrogate !== '') {
      const h = this.highSurrogate;
      this.highSurrogate = '';
      if (!this.doomed) {
        this.hash.update(h, 'utf8');
        this.spool.write(h);
      }
      this.addToLine(h);
    }
    if (this.error === null) this.endLine();
    if (this.error === null && this.doomed)
      throw payloadError(this.lineNo, 'the Payload is neither asciicast nor base64 of it', line);
    if (this.error !== null) throw payloadError(this.errorLine, this.error.message, line);
    const header = this.lines.stream.header;
    return {
      digest: this.hash.digest('hex'),
      command: header?.command ?? null,
      terminal: header ? { term: header.term, cols: header.cols, rows: header.rows } : null,
      headerTimestampUs: header?.timestamp != null ? Math.round(header.timestamp * 1e6) : null,
      exitStatus: this.lines.exitStatus,
      events: this.events,
      firstUs: this.firstUs,
      lastUs: this.lastUs,
      inOrder: this.inOrder,
    };
  }

  dispose(): void {
    this.spool.dispose();
  }

  private addToLine(part: string): void {
    if (this.doomed && this.lineChars >= DOOMED_LINE_CHARS) return;
    if (this.streaming) {
      this.check(() => this.lines.part(this.lineNo + 1, Buffer.from(part, 'utf8'), false));
      return;
    }
    this.lineParts.push(part);
    this.lineChars += part.length;
    if (this.doomed || this.lineChars <= LONG_LINE_BYTES) return;
    // A line too long to hold (a Payload may be one event of 60 MB): read as it comes, as files are.
    this.streaming = true;
    const head = this.lineParts.join('');
    this.lineParts = [];
    this.check(() => this.lines.part(this.lineNo + 1, Buffer.from(head, 'utf8'), false));
  }

  private endLine(): void {
    if (this.streaming) {
      this.streaming = false;
      this.check(() => this.lines.part(this.lineNo + 1, new Uint8Array(0), true));
      this.lineNo += 1;
      return;
    }
    const text = this.lineParts.length === 1 ? this.lineParts[0]! : this.lineParts.join('');
    this.lineParts = [];
    this.lineChars = 0;
    this.check(() => this.lines.whole(this.doomed ? text.slice(0, DOOMED_LINE_CHARS) : text, this.lineNo + 1));
    this.lineNo += 1;
  }

  /** Runs one step of reading; its InputError is the Payload's, at the line being read, and reading stops. */
  private check(step: () => void): void {
    if (this.error !== null) return;
    try {
      step();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      this.error = e;
      this.errorLine = this.lineNo + 1;
      this.lineParts = [];
      this.streaming = false;
    }
  }

  private event(ev: TerminalEvent, payloadLine: number): void {
    this.events += 1;
    this.firstUs = this.firstUs === null ? ev.atUs : Math.min(this.firstUs, ev.atUs);
    this.lastUs = this.lastUs === null ? ev.atUs : Math.max(this.lastUs, ev.atUs);
    if (ev.atUs < this.previousUs) this.inOrder = false;
    this.atOnce = ev.atUs === this.previousUs ? this.atOnce + 1 : 1;
    this.previousUs = ev.atUs;
    // A piece is cut only where time moves on (limits.ts): more events than a piece may hold at
    // one instant, or out of order, cannot be cut.
    if (this.atOnce > MAX_PAYLOAD_EVENTS_AT_ONCE)
      throw new InputError('LOGPUSH_INVALID', `more than ${MAX_PAYLOAD_EVENTS_AT_ONCE} events at one time`, {
        line: payloadLine,
      });
    if (!this.inOrder && this.events > MAX_PAYLOAD_EVENTS_AT_ONCE)
      throw new InputError(
        'LOGPUSH_INVALID',
        `events out of time order in a Payload of more than ${MAX_PAYLOAD_EVENTS_AT_ONCE} events`,
        { line: payloadLine },
      );
  }
}

function payloadError(payloadLine: number, message: string, line: number): InputError {
  return new InputError('LOGPUSH_INVALID', `Payload line ${payloadLine}: ${message}`, { line });
}
