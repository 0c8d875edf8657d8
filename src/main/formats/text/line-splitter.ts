/**
 * Splits a byte stream into lines (LF or CRLF), decoding UTF-8 across chunk boundaries,
 * and numbers them from 1. The last line need not end with a newline.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';
  private lineNo = 0;

  push(chunk: Uint8Array): Array<{ line: number; text: string }> {
    return this.split(this.rest + this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): Array<{ line: number; text: string }> {
    return this.split(this.rest + this.decoder.decode(), true);
  }

  private split(text: string, final: boolean): Array<{ line: number; text: string }> {
    const out: Array<{ line: number; text: string }> = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push({ line: ++this.lineNo, text: text.slice(start, end) });
      start = nl + 1;
    }
    this.rest = text.slice(start);
    if (final && this.rest.length > 0) {
      out.push({ line: ++this.lineNo, text: this.rest });
      this.rest = '';
    }
    return out;
  }
}
