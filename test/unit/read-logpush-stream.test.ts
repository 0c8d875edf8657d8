import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePayload } from '../helpers/logpush-payload-reference';
import type { ProgramFacts, RecordingSink, SessionFacts, TerminalEvent } from '../../src/main/formats/recording';
import { readLogpush } from '../../src/main/ingest/readers/read-logpush';

/** Keeps what the reader gives the store, in order. */
class CollectingSink implements RecordingSink {
  readonly calls: string[] = [];
  program(ref: string, _session: SessionFacts, program: ProgramFacts): void {
    this.calls.push(`program ${ref} ${program.command ?? ''}`);
  }
  events(ref: string): void {
    throw new Error(`events for ${ref}: Logpush gives pieces`);
  }
  piece(ref: string, events: TerminalEvent[], continues?: boolean): void {
    const data = events.map((e) => `${e.atUs}:${e.kind}:${Buffer.from(e.data).toString('hex')}`).join(',');
    this.calls.push(`piece ${ref} ${continues ? 'continues' : 'starts'} ${data}`);
  }
  claimRecord(ref: string, digest: string): boolean {
    this.calls.push(`claim ${ref} ${digest}`);
    return true;
  }
}

async function* chunksOf(bytes: Buffer, step: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
}

async function read(bytes: Buffer, step: number): Promise<{ calls: string[]; rejected: string[] }> {
  const sink = new CollectingSink();
  const report = await readLogpush(chunksOf(bytes, step), sink);
  return { calls: sink.calls, rejected: report.rejectedLines.map((r) => `${r.line}: ${r.message}`) };
}

const header = '{"version":2,"width":80,"height":24,"timestamp":1795281616,"command":"ls"}';

describe('Logpush lines read as streams of bytes', () => {
  // Raw bytes that are not UTF-8 inside the Payload, a character of 4 bytes, a BOM, CRLF, a blank
  // line, a truncated record and a record after it.
  const payload = (s: string): string =>
    JSON.stringify(`${header}\n[0.1,"o","${s}"]\n[0.2,"o","\u00e9\ud83d\ude00"]\n`);
  const bytes = Buffer.concat([
    Buffer.from('\ufeff{"ProgramID":"p1","Payload":'),
    Buffer.from(payload('QQQ').split('QQQ')[0]!),
    Buffer.from([0xc3, 0x28, 0xf0, 0x9f, 0x92]),
    Buffer.from(payload('QQQ').split('QQQ')[1]!),
    Buffer.from('}\r\n   \n{"ProgramID":"p2","Payload":"{\\"version\\":2,\\"wid\n'),
    Buffer.from(`{"ProgramID":"p3","Payload":${payload('b')}}`),
  ]);

  it('gives the same records, digests and events however the bytes are cut', async () => {
    const whole = await read(bytes, bytes.length);
    expect(whole.rejected).toEqual([expect.stringMatching(/^3: not a valid JSON record/) as unknown as string]);
    expect(whole.calls.filter((c) => c.startsWith('program'))).toEqual(['program p1 ls', 'program p3 ls']);
    for (const step of [1, 2, 3, 5, 13, 4096]) expect(await read(bytes, step)).toEqual(whole);
  });

  it('keeps the digest of the Payload as decoded from the whole line', async () => {
    const { calls } = await read(bytes, 3);
    const lines = bytes
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\n');
    const digest = (line: string): string =>
      createHash('sha256')
        .update(decodePayload((JSON.parse(line) as { Payload: string }).Payload))
        .digest('hex');
    expect(calls.filter((c) => c.startsWith('claim'))).toEqual([
      `claim p1 ${digest(lines[0]!)}`,
      `claim p3 ${digest(lines[3]!)}`,
    ]);
  });
});
