import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/main/formats/input-error';
import { MAX_JSON_DEPTH, MAX_LONG_TEXT } from '../../src/main/formats/limits';
import { parseLogpushLine } from '../../src/main/formats/logpush/logpush-record';
import { RecordStream, type StreamedFields } from '../../src/main/formats/logpush/record-stream';
import { sample } from '../helpers/fixtures';

/** A line read by the record stream in pieces of `step` characters: its fields and its Payload. */
function stream(line: string, step: number): { fields: StreamedFields | null; payload: string | null } {
  let payload: string[] | null = null;
  const rs = new RecordStream(5, () => {
    payload = [];
    const parts = payload;
    return { text: (s: string) => parts.push(s) };
  });
  for (let i = 0; i < line.length; i += step) rs.push(line.slice(i, i + step));
  const fields = rs.end();
  return { fields, payload: payload === null ? null : (payload as string[]).join('') };
}

function errorOf(line: string, step = 3): InputError {
  try {
    stream(line, step);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`no error for ${line.slice(0, 60)}`);
}

/** What the line gives through JSON.parse (the former reader), in the stream's terms. */
function parsed(line: string): { fields: StreamedFields; payload: string | null } {
  const raw = parseLogpushLine(line, 5);
  const fields: Record<string, unknown> = {};
  let payload: string | null = null;
  for (const [k, v] of Object.entries(raw)) {
    const canonical = k.toLowerCase() === 'payload' ? 'Payload' : k;
    if (canonical === 'Payload' && typeof v === 'string') payload = v;
    else fields[canonical] = v;
  }
  return { fields, payload };
}

const realLines = [
  ...gunzipSync(readFileSync(sample('logpush.ndjson.gz')))
    .toString('utf8')
    .split('\n'),
  ...readFileSync(sample('logpush-unixnano.ndjson'), 'utf8').split('\n'),
].filter((l) => l.trim() !== '');

describe('a Logpush record read as a stream', () => {
  it('gives the fields and Payload JSON.parse gives, for every real record, however it is cut', () => {
    expect(realLines.length).toBeGreaterThan(5);
    for (const line of realLines) {
      const want = parsed(line);
      for (const step of [1, 2, 5, 64, 1 << 20]) {
        const got = stream(line, step);
        expect(got.payload).toBe(want.payload);
        expect(got.fields).toEqual(want.fields);
      }
    }
  });

  it('decodes every escape, also split across pieces, and keeps lone surrogates as JSON.parse does', () => {
    const payload = 'a"b\\c/d\be\ff\ng\rh\ti\u0000j\u001bk\u00e9\ud83d\ude00l\ud800m\udc00';
    const line = JSON.stringify({ SessionID: 's\u00e9', Payload: payload }).replace('/', '\\/');
    for (const step of [1, 2, 3, 4, 5, 6, 7]) {
      const got = stream(line, step);
      expect(got.payload).toBe(payload);
      expect(got.fields).toEqual({ SessionID: 's\u00e9' });
    }
    expect(stream('{"Payload":"\\ud83d\\ude00 \\u00E9"}', 1).payload).toBe('\ud83d\ude00 \u00e9');
    // Runs of backslashes and quotes, cut at every place.
    const tricky = `${'\\'.repeat(7)}"${'\\'.repeat(4)}"\\u"\\"\\\\${'\\'.repeat(3)}`;
    const trickyLine = JSON.stringify({ Payload: tricky, SessionID: 'x' });
    for (let step = 1; step <= 9; step++) expect(stream(trickyLine, step).payload).toBe(tricky);
  });

  it('keeps integer datetimes past 2^53 as their digits, and matches field names in any case', () => {
    const line =
      '{"sessionid":"s","programSTARTdatetime":1795281616123456999,"SessionStartDatetime":1.5e9,"Username":null,"PTY":{"width":80,"height":24,"modes":[["ECHO",1]]},"x":[{"y":[1,2,{"z":true}]}],"Error":false}';
    expect(stream(line, 3).fields).toEqual({
      SessionID: 's',
      ProgramStartDatetime: '1795281616123456999',
      SessionStartDatetime: 1.5e9,
      Username: null,
      PTY: { width: 80, height: 24, modes: [['ECHO', 1]] },
      Error: false,
    });
  });

  it('skips a blank line and refuses what is not one JSON object, naming the line', () => {
    expect(stream('   \t ', 2).fields).toBeNull();
    expect(stream('\u00a0\u2028', 1).fields).toBeNull();
    for (const bad of [
      '{"SessionID": "abc", "Payl',
      '{"SessionID": "abc"',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":tru}',
      '{"a":"\\x"}',
      '{"a":"\\u12G4"}',
      '{"a":"tab\there"}',
      '{"a":[1}',
      '{} {}',
      '\u00a0{}',
      '{"Payload":"abc',
    ]) {
      expect(() => JSON.parse(bad), bad).toThrow();
      const e = errorOf(bad);
      expect(e.message, bad).toMatch(/not a valid JSON record/);
      expect(e.place).toEqual({ line: 5 });
    }
    for (const notObject of ['[1,2]', '"x"', '12', 'null']) {
      expect(errorOf(notObject).message).toBe('a Logpush record must be a JSON object');
    }
  });

  it('refuses deep nesting, a field given twice and a field longer than its bound, with the field named', () => {
    const deep = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(errorOf(deep, 4096).message).toMatch(`nested more than ${MAX_JSON_DEPTH} deep`);
    expect(stream(`{"x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`, 7).fields).toEqual({});
    expect(errorOf('{"SessionID":"a","sessionid":"b"}').message).toBe('field SessionID appears twice');
    expect(errorOf('{"Payload":"a","Payload":"b"}').message).toBe('field Payload appears twice');
    const long = 'y'.repeat(MAX_LONG_TEXT + 10);
    expect(errorOf(`{"Username":"${long}"}`, 65536).message).toBe(
      `field Username is ${long.length} characters long (at most 4096)`,
    );
    expect(errorOf(`{"PTY":{"term":"${long}"}}`, 65536).message).toMatch(/^field PTY is \d+ characters long/);
    const digits = '1'.repeat(MAX_LONG_TEXT + 5);
    expect(errorOf(`{"SessionStartDatetime":${digits}}`, 1000).message).toBe(
      `field SessionStartDatetime is ${digits.length} characters long (at most ${MAX_LONG_TEXT})`,
    );
    // A syntax error anywhere on the line comes first.
    expect(errorOf(`{"Username":"${long}",}`, 65536).message).toMatch(/not a valid JSON record/);
  });

  it('skips huge values of other fields without keeping them, and streams a huge Payload', () => {
    const huge = 'z'.repeat(8 * MAX_LONG_TEXT);
    const line = JSON.stringify({ Other: huge, Nested: { deep: [huge] }, Payload: huge, SessionID: 's' });
    const got = stream(line, 1 << 16);
    expect(got.fields).toEqual({ SessionID: 's' });
    expect(got.payload).toBe(huge);
  });
});
