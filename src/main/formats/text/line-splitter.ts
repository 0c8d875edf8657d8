import { InputError, type InputErrorCode } from '../input-error';
import { MAX_LINE_BYTES } from '../limits';

export interface SplitLine {
  line: number;
  text: string;
}

export interface LineSplitterOptions {
  /** Longest line accepted, in bytes without its newline (limits.ts). */
  maxBytes?: number;
  /** Called for a line longer than maxBytes, which is then skipped; without it such a line is refused. */
  onOverlong?: (line: number) => void;
  /** The error's code and ZIP entry when a line is refused. */
  code?: InputErrorCode;
  entry?: string;
}

/**
 * Splits a byte stream into lines (LF or CRLF) and numbers them from 1. The last line need not end
 * with a newline. Linear in its input whatever the line lengths: each byte is searched for a
 * newline once, a line's pieces are joined once, and a line longer than `maxBytes` is refused (or
 * skipped) as soon as it passes the bound, never buffered whole. Lines are decoded as UTF-8 one by
 * one (a newline byte never occurs inside a multi-byte character).
 */
export class LineSplitter {
  private readonly maxBytes: number;
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private skipping = false;
  private lineNo = 0;

  constructor(private readonly options: LineSplitterOptions = {}) {
    this.maxBytes = options.maxBytes ?? MAX_LINE_BYTES;
  }

  push(chunk: Uint8Array): SplitLine[] {
    const out: SplitLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.append(chunk.subarray(start, nl));
      const line = this.finishLine();
      if (line !== null) out.push(line);
      start = nl + 1;
    }
    // The rest is kept past this call: a copy, since a stream may reuse its buffer.
    if (start < chunk.length) this.append(new Uint8Array(chunk.subarray(start)));
    return out;
  }

  end(): SplitLine[] {
    if (this.partBytes === 0 && !this.skipping) return [];
    const line = this.finishLine();
    return line === null ? [] : [line];
  }

  private append(bytes: Uint8Array): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.partBytes + bytes.length > this.maxBytes) {
      const line = this.lineNo + 1;
      if (this.options.onOverlong === undefined) {
        throw new InputError(
          this.options.code ?? 'LINE_TOO_LONG',
          `line ${line} is longer than ${describeBytes(this.maxBytes)}, the longest line sshlens reads`,
          this.options.entry === undefined ? { line } : { entry: this.options.entry, line },
        );
      }
      this.skipping = true;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  private finishLine(): SplitLine | null {
    const line = ++this.lineNo;
    if (this.skipping) {
      this.skipping = false;
      this.options.onOverlong!(line);
      return null;
    }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end -= 1;
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { line, text };
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
