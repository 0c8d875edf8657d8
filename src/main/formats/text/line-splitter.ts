import { InputError, type InputErrorCode } from '../input-error';
import { MAX_LINE_BYTES } from '../limits';

export interface SplitLine {
  line: number;
  text: string;
}

/**
 * A piece of a line too long to be held (see `streamAfter`): its bytes as they arrived, a view
 * valid until the next push; `last` marks the line's end (its newline is not in it; a CR may be).
 */
export interface LinePart {
  line: number;
  part: Uint8Array;
  last: boolean;
}

export interface LineSplitterOptions {
  /** Longest line accepted, in bytes without its newline (limits.ts). */
  maxBytes?: number;
  /** Leave out empty lines (they are still counted): cheap when a file is mostly newlines. */
  skipEmpty?: boolean;
  /** The error's code and ZIP entry when a line is refused. */
  code?: InputErrorCode;
  entry?: string;
  /**
   * pushParts/endParts only: a line still unfinished after this many bytes is handed over in
   * parts as it arrives (its first part: what was gathered), never joined; `maxBytes` still holds.
   */
  streamAfter?: number;
}

/**
 * Splits a byte stream into lines (LF or CRLF) and numbers them from 1. The last line need not end
 * with a newline. Linear in its input whatever the line lengths: each byte is searched for a
 * newline once, a line's pieces are joined once, and a line longer than `maxBytes` is refused as
 * soon as it passes the bound, never buffered whole. Lines are decoded as UTF-8 one by
 * one (a newline byte never occurs inside a multi-byte character).
 */
export class LineSplitter {
  private readonly maxBytes: number;
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private lineNo = 0;
  /** The line being read is handed over in parts (partBytes: its bytes so far). */
  private streaming = false;

  constructor(private readonly options: LineSplitterOptions = {}) {
    this.maxBytes = options.maxBytes ?? MAX_LINE_BYTES;
  }

  push(chunk: Uint8Array): SplitLine[] {
    return this.split(chunk, false) as SplitLine[];
  }

  end(): SplitLine[] {
    return this.finish(false) as SplitLine[];
  }

  /** As push, with lines longer than `streamAfter` in parts, in order with the whole lines. */
  pushParts(chunk: Uint8Array): Array<SplitLine | LinePart> {
    return this.split(chunk, this.options.streamAfter !== undefined);
  }

  endParts(): Array<SplitLine | LinePart> {
    return this.finish(this.options.streamAfter !== undefined);
  }

  private split(chunk: Uint8Array, stream: boolean): Array<SplitLine | LinePart> {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: Array<SplitLine | LinePart> = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      if (this.streaming) {
        this.check(this.partBytes + nl - start);
        out.push({ line: this.lineNo + 1, part: buf.subarray(start, nl), last: true });
        this.endStreamedLine();
      } else if (this.partBytes === 0) {
        // The whole line is in this chunk: decoded in place, nothing copied.
        this.check(nl - start);
        this.emit(out, buf, start, nl);
      } else {
        this.append(buf.subarray(start, nl));
        const joined = Buffer.concat(this.parts, this.partBytes);
        this.parts = [];
        this.partBytes = 0;
        this.emit(out, joined, 0, joined.length);
      }
      start = nl + 1;
    }
    if (start >= buf.length) return out;
    if (this.streaming) {
      this.check(this.partBytes + buf.length - start);
      this.partBytes += buf.length - start;
      out.push({ line: this.lineNo + 1, part: buf.subarray(start), last: false });
      return out;
    }
    // The rest is kept past this call: a copy, since a stream may reuse its buffer.
    this.append(Buffer.from(buf.subarray(start)));
    if (stream && this.partBytes > this.options.streamAfter!) {
      // Its first part is what was gathered, in one piece (at most streamAfter and a chunk).
      this.streaming = true;
      out.push({ line: this.lineNo + 1, part: Buffer.concat(this.parts, this.partBytes), last: false });
      this.parts = [];
    }
    return out;
  }

  private finish(stream: boolean): Array<SplitLine | LinePart> {
    if (this.streaming && stream) {
      const out = [{ line: this.lineNo + 1, part: new Uint8Array(0), last: true }];
      this.endStreamedLine();
      return out;
    }
    if (this.partBytes === 0) return [];
    const out: SplitLine[] = [];
    const joined = Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.emit(out, joined, 0, joined.length);
    return out;
  }

  private endStreamedLine(): void {
    this.streaming = false;
    this.partBytes = 0;
    this.lineNo += 1;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.check(this.partBytes + bytes.length);
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  /** Refuses the line being read once it is `bytes` long, if that is past the limit. */
  private check(bytes: number): void {
    if (bytes <= this.maxBytes) return;
    const line = this.lineNo + 1;
    throw new InputError(
      this.options.code ?? 'LINE_TOO_LONG',
      `line ${line} is longer than ${describeBytes(this.maxBytes)}, the longest line sshlens reads`,
      this.options.entry === undefined ? { line } : { entry: this.options.entry, line },
    );
  }

  private emit(out: Array<SplitLine | LinePart>, buf: Buffer, start: number, end: number): void {
    const line = ++this.lineNo;
    if (end > start && buf[end - 1] === 13) end -= 1;
    if (end === start) {
      if (!this.options.skipEmpty) out.push({ line, text: '' });
      return;
    }
    let text = buf.toString('utf8', start, end);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    out.push({ line, text });
  }
}

/** A size for a message: 64 MiB, 1.5 GiB, 1 KiB, 300 bytes. */
export function describeBytes(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${n % size === 0 ? n / size : (n / size).toFixed(1)} ${unit}`;
  }
  return `${n} bytes`;
}
