import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePayload } from '../helpers/logpush-payload-reference';
import { AsciicastStream } from '../../src/main/formats/asciicast/asciicast-stream';
import { PAYLOAD_PIECE_EVENTS } from '../../src/main/formats/limits';
import { boundedEvents, exitStatusOf, type TerminalEvent } from '../../src/main/formats/recording';
import { forEachPiece, PayloadReader, type ReadPayload } from '../../src/main/ingest/readers/logpush-payload';

const header = '{"version":2,"width":80,"height":24,"timestamp":1795281616,"command":"ls"}';

/** A Payload given to the reader as the record stream gives it: in pieces of `step` characters. */
function read(payload: string, line: number, step = 7): ReadPayload | null {
  const reader = new PayloadReader(line);
  try {
    for (let i = 0; i < payload.length; i += step) reader.text(payload.slice(i, i + step));
    return reader.end();
  } catch (e) {
    reader.dispose();
    throw e;
  }
}

describe('a Logpush Payload read in two passes', () => {
  it('keeps the digest records were stored under (SHA-256 of the decoded text), UTF-8 or not', () => {
    const cast = `${header}\n[0.1,"o","h\u00e9 \ud83d\ude00"]\n`;
    const broken = Buffer.concat([
      Buffer.from(`${header}\n[0.1,"o","`),
      Buffer.from([0xc3, 0x28, 0xf0, 0x9f]),
      Buffer.from('"]\n'),
    ]);
    const forms = [
      cast,
      Buffer.from(cast).toString('base64'),
      broken.toString('base64'),
      Buffer.from(cast)
        .toString('base64')
        .replace(/(.{76})/g, '$1\n'),
      `  ${Buffer.from(cast).toString('base64')}`,
      `${cast}[0.2,"o","\ud800"]`,
    ];
    for (const form of forms) {
      for (const step of [1, 3, 4, 1000]) {
        const old = createHash('sha256').update(decodePayload(form)).digest('hex');
        const got = read(form, 1, step)!;
        expect(got.scan.digest).toBe(old);
        got.spool.dispose();
      }
    }
  });

  it('gives every event once, in pieces that never share an instant', () => {
    // Runs of 5 events per instant, so that a count-only cut would split one.
    const n = 3 * PAYLOAD_PIECE_EVENTS + 7;
    const lines = [header];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify([Math.floor(i / 5) / 100, 'o', `${i}`]));
    const got = read(lines.join('\n'), 4, 4099)!;
    try {
      expect(got.scan).toMatchObject({
        events: n,
        firstUs: 0,
        lastUs: Math.floor((n - 1) / 5) * 10_000,
        inOrder: true,
      });
      expect(got.scan.command).toBe('ls');
      const pieces: TerminalEvent[][] = [];
      forEachPiece(got, 4, 1_000_000, (p) => pieces.push(p));
      expect(pieces.length).toBeGreaterThan(1);
      const all = pieces.flat();
      expect(all.map((e) => new TextDecoder().decode(e.data))).toEqual(Array.from({ length: n }, (_, i) => `${i}`));
      expect(all[0]!.atUs).toBe(1_000_000);
      for (let k = 1; k < pieces.length; k++) expect(pieces[k]![0]!.atUs).toBeGreaterThan(pieces[k - 1]!.at(-1)!.atUs);
    } finally {
      got.spool.dispose();
    }
  });

  it('names the Payload line and the record line of a bad event', () => {
    expect(() => read(`${header}\n[0.1,"o","a"]\n[0.2,"o"]\n`, 7)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('Payload line 3: an event must be [time, code, data]') as unknown,
        place: { line: 7 },
      }),
    );
  });

  it('refuses base64 of something else, and text that is neither, by its first line', () => {
    expect(() => read(Buffer.from('plain text').toString('base64'), 2)).toThrow(/Payload line 1: /);
    expect(() => read('not a cast', 2)).toThrow(/Payload line 1: /);
    expect(read('', 2)).toBeNull();
    const blank = read('   \n ', 2)!;
    expect(blank.scan.events).toBe(0);
    blank.spool.dispose();
  });

  it('spots the Log4Shell rewrite across pieces', () => {
    const rewritten = read(`${header}\n[0.1,"i","echo x{HOME}"]\n`, 1, 1)!;
    expect(rewritten.scan.log4ShellRewrite).toBe(true);
    rewritten.spool.dispose();
    const plain = read(`${header}\n[0.1,"i","echo x{HOME} \${HOME}"]\n`, 1, 1)!;
    expect(plain.scan.log4ShellRewrite).toBe(false);
    plain.spool.dispose();
  });
});

// A Payload may be one event of tens of MB: its long lines are read as a file's are
// (formats/asciicast/asciicast-lines.ts), to the same events as each line read whole.
describe('a Logpush Payload with long lines', () => {
  const data = (n: number, seed: string): string => {
    const parts = ['plain ', 'h\u00e9 \u2713 \ud83d\ude00 ', '\u001b[31mred\u001b[0m ', '\\ "quoted" ', '\t\r\n'];
    let out = seed;
    for (let i = 0; out.length < n; i++) out += parts[(i * 7) % parts.length];
    return out;
  };
  const cast = [
    header,
    '[0.1,"o","$ "]',
    JSON.stringify([0.5, 'o', data(1_500_000, 'out ')]),
    `# ${'c'.repeat(1_200_000)}`,
    JSON.stringify([0.75, 'z', data(1_100_000, 'unknown ')]),
    JSON.stringify([1, 'i', data(1_100_000, 'in ')]),
    '[1.5,"x","0"]',
    JSON.stringify([2, 'x', data(1_100_000, 'exit ')]),
    '[2.5,"o","end"]',
  ].join('\n');

  /** Every line read whole, as the reference reads the Payload, cut as the store cuts events. */
  function wholeLines(text: string): { events: TerminalEvent[]; exitStatus: number | null } {
    const stream = new AsciicastStream(2);
    const events: TerminalEvent[] = [];
    let exitStatus: number | null = null;
    text.split('\n').forEach((l, i) => {
      const ev = stream.line(l, i + 1);
      if (ev === null) return;
      if (ev.kind === 'exit') exitStatus = exitStatusOf(ev);
      events.push(ev);
    });
    return { events: boundedEvents(events), exitStatus };
  }
  const simple = (e: TerminalEvent) => ({ atUs: e.atUs, kind: e.kind, hex: Buffer.from(e.data).toString('hex') });

  it.each([
    ['as text', cast, 65536],
    ['as text, in odd steps', cast, 1_000_003],
    ['as base64', Buffer.from(cast).toString('base64'), 65536],
  ])('streams %s to the events of the lines read whole', (_what, payload, step) => {
    const got = read(payload, 3, step)!;
    try {
      const pieces: TerminalEvent[] = [];
      forEachPiece(got, 3, 0, (p) => pieces.push(...p));
      const whole = wholeLines(decodePayload(payload));
      expect(Math.max(...pieces.map((e) => e.data.length))).toBeLessThanOrEqual(65536);
      expect(boundedEvents(pieces).map(simple)).toEqual(whole.events.map(simple));
      expect(got.scan.exitStatus).toBe(whole.exitStatus);
      expect(got.scan.exitStatus).toBeNull();
      expect(got.scan.lastUs).toBe(2_500_000);
    } finally {
      got.spool.dispose();
    }
  });

  it('refuses a bad long line by its Payload line, and a header over 8 MiB as it passes the bound', () => {
    const bad = `${header}\n[0.1,"o","a"]\n[0.5,"o","${'q'.repeat(1_200_000)}\\q"]\n`;
    expect(() => read(bad, 9, 65536)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^Payload line 3: line is not valid JSON/) as unknown,
        place: { line: 9 },
      }),
    );
    const resize = `${header}\n[0.5,"r","${'9'.repeat(1_200_000)}"]\n`;
    expect(() => read(resize, 9, 65536)).toThrow(/^Payload line 2: resize "9{40}…" is not COLSxROWS$/);
    const huge = `{"version":2,"width":80,"height":24,"title":"${'t'.repeat(9 * 1024 * 1024)}"}\n[0.1,"o","a"]\n`;
    expect(() => read(huge, 9, 65536)).toThrow(/^Payload line 1: line longer than 8 MiB/);
  });
});
