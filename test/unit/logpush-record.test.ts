import { describe, expect, it } from 'vitest';
import { parseLogpushDatetime } from '../../src/main/formats/logpush/logpush-datetime';
import { normalizeLogpushRecord, parseLogpushLine } from '../../src/main/formats/logpush/logpush-record';
import { decodePayload, decodePayloadText, hasLog4ShellRewrite } from '../helpers/logpush-payload-reference';

describe('Logpush datetimes', () => {
  const us = Date.UTC(2026, 10, 21, 17, 20, 16) * 1000;
  it.each([
    ['RFC 3339', '2026-11-21T17:20:16Z', us],
    ['RFC 3339 with fraction and offset', '2026-11-21T19:20:16.123456+02:00', us + 123456],
    ['unix seconds', 1795281616, us],
    ['unix milliseconds', 1795281616123, us + 123000],
    ['unix nanoseconds as a string', '1795281616123456789', us + 123456],
    ['unix nanoseconds as a bigint', 1795281616123456789n, us + 123456],
  ])('%s', (_name, value, expected) => {
    expect(parseLogpushDatetime(value)).toBe(expected);
  });

  it('treats empty values as "not finished" and garbage as invalid', () => {
    expect(parseLogpushDatetime('')).toBeNull();
    expect(parseLogpushDatetime(null)).toBeNull();
    expect(parseLogpushDatetime('next tuesday')).toBeUndefined();
  });
});

describe('Logpush records', () => {
  it('keeps integer nanosecond datetimes exact through JSON parsing', () => {
    // As a float this would round up to ...457024 ns, one microsecond too late.
    const line =
      '{"SessionID":"s","ProgramID":"p","ProgramStartDatetime":1795281616123456999,"Payload":"{\\"ProgramStartDatetime\\":1795281616123456789}"}';
    const raw = parseLogpushLine(line, 1);
    expect(raw['ProgramStartDatetime']).toBe('1795281616123456999');
    const rec = normalizeLogpushRecord(raw, 1);
    expect(rec.program.startedAtUs).toBe(1795281616123456);
    // The same text inside the Payload string stays untouched.
    expect(rec.payload).toBe('{"ProgramStartDatetime":1795281616123456789}');
  });

  it('matches field names case-insensitively and tolerates missing fields', () => {
    const rec = normalizeLogpushRecord({ sessionid: 'abc', PROGRAMTYPE: 'Exec', useremail: 'a@b.c' }, 4);
    expect(rec.session).toMatchObject({ cfSessionId: 'abc', userEmail: 'a@b.c', targetId: null });
    expect(rec.program.type).toBe('exec');
    expect(rec.programKey).toBeNull();
    expect(rec.payload).toBeNull();
  });

  it('marks a program without a finish time incomplete', () => {
    const rec = normalizeLogpushRecord(
      { ProgramID: 'p', ProgramStartDatetime: '2026-11-21T17:20:16Z', ProgramFinishDatetime: '' },
      1,
    );
    expect(rec.program.incomplete).toBe(true);
  });

  it('names the line of a malformed record', () => {
    expect(() => parseLogpushLine('{"SessionID": "abc", "Payl', 3)).toThrow(/not a valid JSON record/);
    try {
      normalizeLogpushRecord({ SessionStartDatetime: 'soon' }, 9);
    } catch (e) {
      expect((e as { place: unknown }).place).toEqual({ line: 9 });
    }
  });

  it('reads a base64 Payload and spots the Log4Shell rewrite', () => {
    const cast = '{"version":2,"width":80,"height":24}\n[0.1,"o","hi"]\n';
    expect(decodePayload(Buffer.from(cast).toString('base64'))).toBe(cast);
    expect(decodePayload(cast)).toBe(cast);
    expect(hasLog4ShellRewrite('[0.1,"i","echo x{HOME}"]')).toBe(true);
    expect(hasLog4ShellRewrite('[0.1,"i","echo ${HOME}"]')).toBe(false);
  });

  it('gives the same Payload text as bytes (base64) or as the string itself', () => {
    const cast = '{"version":2,"width":80,"height":24}\n[0.1,"o","h\u00e9"]\n';
    const forms = [
      cast,
      Buffer.from(cast).toString('base64'),
      Buffer.from(`\ufeff \n${cast}`).toString('base64'),
      Buffer.from(`${' '.repeat(5000)}${cast}`).toString('base64'),
      'not a cast',
      Buffer.from('plain text').toString('base64'),
    ];
    for (const form of forms) {
      const text = decodePayloadText(form);
      expect(typeof text === 'string' ? text : text.toString('utf8')).toBe(decodePayload(form));
    }
    expect(Buffer.isBuffer(decodePayloadText(forms[1]!))).toBe(true);
  });
});
