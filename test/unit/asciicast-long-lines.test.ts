import { describe, expect, it } from 'vitest';
import { AsciicastStream } from '../../src/main/formats/asciicast/asciicast-stream';
import { InputError } from '../../src/main/formats/input-error';
import { boundedEvents, type RecordingSink, type TerminalEvent } from '../../src/main/formats/recording';
import { readAsciicast } from '../../src/main/ingest/readers/read-asciicast';

// An asciicast line may be 64 MiB; one longer than 1 MiB is read as a stream (event-line-stream.ts).
// It must give exactly what the line read whole gives: JSON.parse, then the data's UTF-8 bytes,
// cut in 64 KiB events as they are stored.

/** The events handed to the store (cut as it cuts them), and how much of the file was read at each. */
async function readWithProgress(file: Buffer, size: number): Promise<{ events: TerminalEvent[]; readAt: number[] }> {
  const got: TerminalEvent[] = [];
  const readAt: number[] = [];
  let bytesRead = 0;
  const sink: RecordingSink = {
    program() {},
    events: (_ref, events) => {
      for (const e of events) {
        got.push({ ...e, data: Uint8Array.from(e.data) });
        readAt.push(bytesRead);
      }
    },
    piece() {},
    claimRecord: () => true,
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < file.length; at += size) {
      bytesRead = Math.min(file.length, at + size);
      yield file.subarray(at, at + size);
    }
  }
  await readAsciicast(chunks(), sink);
  return { events: got, readAt };
}

async function read(file: Buffer, size: number): Promise<TerminalEvent[]> {
  return boundedEvents((await readWithProgress(file, size)).events);
}

/** The whole-line reading: each line through JSON.parse, events cut as the store cuts them. */
function wholeLines(file: Buffer): TerminalEvent[] {
  const stream = new AsciicastStream();
  const events: TerminalEvent[] = [];
  file
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      const ev = stream.line(line.replace(/\r$/, ''), i + 1);
      if (ev !== null) events.push(ev);
    });
  return boundedEvents(events);
}

const simple = (e: TerminalEvent) => ({
  atUs: e.atUs,
  kind: e.kind,
  code: e.code,
  hex: Buffer.from(e.data).toString('hex'),
});

/** ~2.5 MB of output with every kind of escape, multi-byte characters and invalid UTF-8 in it. */
function hostileData(seed: number): Buffer {
  const parts: Buffer[] = [];
  const pieces = [
    'plain ascii text ',
    '\\n\\r\\t\\b\\f\\/\\\\\\"',
    'café ✓ 漢字 😀 ',
    '\\u00e9\\u2713\\ud83d\\ude00',
    '\\ud800 lone high ',
    '\\udc00 lone low ',
    '\\ud83d\\u0041',
    '\\u001b[31mred\\u001b[0m',
  ];
  let n = seed;
  while (parts.reduce((a, p) => a + p.length, 0) < 2_500_000) {
    n = (n * 1103515245 + 12345) % 2 ** 31;
    const i = n % (pieces.length + 2);
    if (i < pieces.length) parts.push(Buffer.from(pieces[i]!, 'utf8'));
    else if (i === pieces.length)
      parts.push(Buffer.from([0xe2, 0x82])); // cut UTF-8 sequence
    else parts.push(Buffer.from([0xff, 0xc3, 0x28])); // invalid bytes
  }
  return Buffer.concat(parts);
}

function cast(lines: Array<string | Buffer>): Buffer {
  return Buffer.concat(lines.flatMap((l) => [Buffer.isBuffer(l) ? l : Buffer.from(l, 'utf8'), Buffer.from('\n')]));
}

const v2 = '{"version":2,"width":80,"height":24,"timestamp":1795281616}';

describe('a long asciicast event line', () => {
  const file = cast([
    v2,
    '[0.5,"o","$ "]',
    Buffer.concat([Buffer.from('[1.25, "o", "'), hostileData(1), Buffer.from('"]\r')]),
    Buffer.concat([Buffer.from(' [2 ,"i" , "'), hostileData(2), Buffer.from('" , {"extra": [1, "x"]} ]  ')]),
    Buffer.concat([Buffer.from('[3e0,"m","'), Buffer.from('x'.repeat(1_100_000)), Buffer.from('"]')]),
    Buffer.concat([Buffer.from('[4,"o","'), Buffer.from('\\u0041'.repeat(300_000)), Buffer.from('"]')]),
    '[5,"o","end"]',
  ]);

  it.each([65536, 1_000_003, 7_777_777])(
    'streams to the same events as the whole-line parser (reads of %i bytes)',
    async (size) => {
      const streamed = await read(file, size);
      const whole = wholeLines(file);
      expect(whole.length).toBeGreaterThan(50);
      expect(streamed.map(simple)).toEqual(whole.map(simple));
    },
  );

  it('hands a long line to the store as it is read, in pieces of 64 KiB, never whole', async () => {
    const { events, readAt } = await readWithProgress(file, 65536);
    const lineEnd = file.indexOf('"]\r\n') + 4;
    const first = events.findIndex((e) => e.atUs === 1_250_000);
    expect(Math.max(...events.map((e) => e.data.length))).toBeLessThanOrEqual(65536);
    // Its first piece went on while most of its 2.5 MB were still to be read.
    expect(readAt[first]!).toBeLessThan(lineEnd - 1_000_000);
  });

  it('gives one event for an empty data string, as the whole line does', async () => {
    const f = cast([
      v2,
      Buffer.concat([Buffer.from('[1,"o",""'), Buffer.from(' '.repeat(1_200_000)), Buffer.from(']')]),
    ]);
    expect((await read(f, 65536)).map(simple)).toEqual(wholeLines(f).map(simple));
  });

  it('reads a long v3 line on the v3 clock', async () => {
    const v3 = cast([
      '{"version":3,"term":{"cols":80,"rows":24}}',
      '[0.5,"o","a"]',
      Buffer.concat([Buffer.from('[0.25,"o","'), Buffer.from('y'.repeat(1_500_000)), Buffer.from('"]')]),
      '[1,"o","b"]',
    ]);
    const streamed = await read(v3, 65536);
    expect(streamed.map(simple)).toEqual(wholeLines(v3).map(simple));
    expect(streamed.at(-1)!.atUs).toBe(1_750_000);
  });

  async function refusal(body: Buffer): Promise<InputError> {
    const f = cast([v2, '[0.5,"o","a"]', body]);
    try {
      await read(f, 65536);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected the file to be refused');
  }
  const big = Buffer.from('z'.repeat(1_200_000));

  it.each([
    ['a bad escape', Buffer.concat([Buffer.from('[1,"o","'), big, Buffer.from('\\q"]')]), /not valid JSON/],
    ['a raw control character', Buffer.concat([Buffer.from('[1,"o","'), big, Buffer.from('\x01"]')]), /not valid JSON/],
    ['an unterminated string', Buffer.concat([Buffer.from('[1,"o","'), big]), /not valid JSON/],
    ['a bad \\u escape', Buffer.concat([Buffer.from('[1,"o","'), big, Buffer.from('\\u12g4"]')]), /not valid JSON/],
    ['no closing bracket', Buffer.concat([Buffer.from('[1,"o","'), big, Buffer.from('"')]), /not valid JSON/],
    ['text after the bracket', Buffer.concat([Buffer.from('[1,"o","'), big, Buffer.from('"] x')]), /not valid JSON/],
  ])('refuses %s by its line, as the whole line is', async (_what, body, message) => {
    const e = await refusal(body);
    expect(e.code).toBe('ASCIICAST_INVALID');
    expect(e.message).toMatch(message);
    expect(e.place).toEqual({ line: 3 });
    // The whole-line parser refuses the same line.
    expect(() => wholeLines(cast([v2, '[0.5,"o","a"]', body]))).toThrow(InputError);
  });

  it('refuses an event time out of range with the whole line’s message, once the line is valid JSON', async () => {
    const body = Buffer.concat([Buffer.from('[1e308,"o","'), big, Buffer.from('"]')]);
    const e = await refusal(body);
    let whole: unknown;
    try {
      wholeLines(cast([v2, '[0.5,"o","a"]', body]));
    } catch (err) {
      whole = err;
    }
    expect(whole).toBeInstanceOf(InputError);
    expect({ code: e.code, message: e.message, place: e.place }).toEqual({
      code: (whole as InputError).code,
      message: (whole as InputError).message,
      place: (whole as InputError).place,
    });
    // Both faults: the JSON one is reported, as JSON.parse finds it first.
    const both = await refusal(Buffer.concat([Buffer.from('[1e308,"o","'), big, Buffer.from('\\q"]')]));
    expect(both.message).toMatch(/not valid JSON/);
  });
});

// Lines that are not output, input or markers: an exit or unknown code is streamed too, a v3
// comment skipped, and anything read whole (a header) is bounded, so no line of up to 64 MiB is held.
describe('a long asciicast line of another kind', () => {
  // Longer than a line read whole may be (8 MiB): such a line is refused unless it is streamed or skipped.
  const long = (start: string, end = '"]'): Buffer =>
    Buffer.concat([Buffer.from(start), Buffer.alloc(9 * 1024 * 1024, 'q'), Buffer.from(end)]);

  /** The reader's events and warnings, or its refusal. */
  async function outcome(file: Buffer, size = 65536) {
    const events: TerminalEvent[] = [];
    const sink: RecordingSink = {
      program() {},
      events: (_ref, got) => events.push(...got.map((e) => ({ ...e, data: Uint8Array.from(e.data) }))),
      piece() {},
      claimRecord: () => true,
    };
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
    }
    const report = await readAsciicast(chunks(), sink);
    return { events: boundedEvents(events).map(simple), warnings: report.warnings };
  }
  function wholeRefusal(file: Buffer): InputError {
    try {
      wholeLines(file);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected the whole-line parser to refuse the file');
  }
  async function streamedRefusal(file: Buffer): Promise<InputError> {
    try {
      await outcome(file);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected the reader to refuse the file');
  }

  it('skips a v3 comment and drops an unknown code, as the whole lines do', async () => {
    const f = cast([
      '{"version":3,"term":{"cols":80,"rows":24}}',
      '[0.5,"o","a"]',
      long('  # a comment '),
      long('[0.25,"z","'),
      '[1,"o","b"]',
    ]);
    const got = await outcome(f);
    expect(got.events).toEqual(wholeLines(f).map(simple));
    // The unknown code's interval still moved the v3 clock.
    expect(got.events.at(-1)!.atUs).toBe(1_750_000);
    expect(got.warnings).toContain('1 events with unknown codes were skipped');
  });

  it('stores a long exit line’s data as its events, and no exit status, as the whole line does', async () => {
    const f = cast([v2, '[0.5,"x","0"]', long('[1,"x","'), '[2,"o","after"]']);
    const got = await outcome(f);
    expect(got.events).toEqual(wholeLines(f).map(simple));
    expect(got.events.filter((e) => e.kind === 'exit').length).toBeGreaterThan(1);
  });

  it.each([
    ['a resize', cast([v2, '[0.5,"o","a"]', long('[1,"r","')])],
    ['an event before the header', cast([long('[1,"o","'), v2])],
  ])('refuses %s with the whole line’s message', async (_what, f) => {
    const e = await streamedRefusal(f);
    const whole = wholeRefusal(f);
    expect({ code: e.code, message: e.message, place: e.place }).toEqual({
      code: whole.code,
      message: whole.message,
      place: whole.place,
    });
  });

  it('refuses a header over 8 MiB by its line as soon as it passes the bound, without reading it whole', async () => {
    const header = `{"version":2,"width":80,"height":24,"title":"${'t'.repeat(9 * 1024 * 1024)}"}`;
    const f = cast([header, '[1,"o","a"]']);
    let read = 0;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < f.length; at += 65536) {
        read = at + 65536;
        yield f.subarray(at, at + 65536);
      }
    }
    const sink: RecordingSink = { program() {}, events() {}, piece() {}, claimRecord: () => true };
    const e = await readAsciicast(chunks(), sink).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).place).toEqual({ line: 1 });
    expect((e as InputError).message).toMatch(/line longer than 8 MiB/);
    expect(read).toBeLessThanOrEqual(8 * 1024 * 1024 + 2 * 65536);
    // A header under the bound is read whole, as before.
    const ok = cast([
      `{"version":2,"width":80,"height":24,"title":"${'t'.repeat(2_000)}","env":{"X":"${'y'.repeat(2_000_000)}"}}`,
      '[1,"o","a"]',
    ]);
    expect((await outcome(ok)).events).toEqual(wholeLines(ok).map(simple));
  });
});
