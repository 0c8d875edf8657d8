import { describe, expect, it } from 'vitest';
import { parseLogpushLine } from '../../src/main/formats/logpush/logpush-record';
import {
  parseAttributes,
  parseTermDataHeader,
  parseTermDataTrailer,
} from '../../src/main/formats/official-zip/official-zip-text';

// Patterns the readers apply to hostile text, each given the run that once made it quadratic or
// overflow V8's backtracking stack. Quadratic work on a run of millions would not finish within
// the test's time; the results are checked too, so a fix cannot change what is read.
const RUN = 4 * 1024 * 1024;

describe('official ZIP header and trailer attributes', () => {
  it('reads the pairs ssh-log-cli writes, escaped quotes included', () => {
    expect([...parseAttributes('TERM="xterm-256color" COLUMNS="80" LINES="24"')]).toEqual([
      ['TERM', 'xterm-256color'],
      ['COLUMNS', '80'],
      ['LINES', '24'],
    ]);
    expect([...parseAttributes('ERROR="a \\"quoted\\" word" CORE DUMPED')]).toEqual([['ERROR', 'a \\"quoted\\" word']]);
    expect([...parseAttributes('xTERM="a" B="unclosed')]).toEqual([['TERM', 'a']]);
  });

  it('a header line of millions of capitals with no ="', () => {
    const line = `Session started on 2026-11-21 17:20:16+00 [${'A'.repeat(RUN)} COLUMNS="100" LINES="30"]\n`;
    const header = parseTermDataHeader(Buffer.from(line));
    expect([header.cols, header.rows]).toEqual([100, 30]);
  });

  it('a trailer of escaped quotes that never closes, after millions of capitals', () => {
    const tail = `out\nScript done on 2026-11-21 17:20:43+00 [COMMAND_EXIT_CODE="3" ${'A'.repeat(RUN)} X="${'\\"'.repeat(RUN / 2)}]`;
    const parsed = parseTermDataTrailer(Buffer.from(tail));
    expect(parsed?.trailer.exitStatus).toBe(3);
    expect(parsed?.outputEnd).toBe(3);
  });
});

describe('Logpush lines', () => {
  const record = (datetime: string): string =>
    `{"SessionID":"s","ProgramID":"p","SessionFinishDatetime":${datetime},"ProgramType":"exec"}`;

  it('keeps a nanosecond datetime exact', () => {
    expect(parseLogpushLine(record('1795281616123456789'), 1)['SessionFinishDatetime']).toBe('1795281616123456789');
  });

  it('a datetime of millions of digits is a (huge) number, not a stack overflow', () => {
    expect(parseLogpushLine(record('1'.repeat(RUN)), 1)['SessionFinishDatetime']).toBe(Infinity);
  });

  it('millions of blanks around a datetime key', () => {
    const line = `{"SessionFinishDatetime"${' '.repeat(RUN)}:${' '.repeat(RUN)}1795281616123456789}`;
    expect(typeof parseLogpushLine(line, 1)['SessionFinishDatetime']).toBe('number');
    const letters = `{"${'a'.repeat(RUN)}datetime":1}`;
    expect(Object.keys(parseLogpushLine(letters, 1))[0]).toHaveLength(RUN + 8);
  });
});
