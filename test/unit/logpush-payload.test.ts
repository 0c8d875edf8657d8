import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePayload, decodePayloadText } from '../../src/main/formats/logpush/logpush-record';
import { PAYLOAD_PIECE_EVENTS } from '../../src/main/formats/limits';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { forEachPayloadPiece, scanPayload } from '../../src/main/ingest/readers/logpush-payload';

const header = '{"version":2,"width":80,"height":24,"timestamp":1795281616,"command":"ls"}';

describe('a Logpush Payload read in two passes', () => {
  it('keeps the digest records were stored under (SHA-256 of the decoded text), UTF-8 or not', () => {
    const cast = `${header}\n[0.1,"o","h\u00e9"]\n`;
    const broken = Buffer.concat([
      Buffer.from(`${header}\n[0.1,"o","`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"]\n'),
    ]);
    for (const form of [cast, Buffer.from(cast).toString('base64'), broken.toString('base64')]) {
      const old = createHash('sha256').update(decodePayload(form)).digest('hex');
      expect(scanPayload(decodePayloadText(form), 1).digest).toBe(old);
    }
  });

  it('gives every event once, in pieces that never share an instant', () => {
    // Runs of 5 events per instant, so that a count-only cut would split one.
    const n = 3 * PAYLOAD_PIECE_EVENTS + 7;
    const lines = [header];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify([Math.floor(i / 5) / 100, 'o', `${i}`]));
    const text = decodePayloadText(lines.join('\n'));
    const scan = scanPayload(text, 4);
    expect(scan).toMatchObject({ events: n, firstUs: 0, lastUs: Math.floor((n - 1) / 5) * 10_000, inOrder: true });
    expect(scan.command).toBe('ls');
    const pieces: TerminalEvent[][] = [];
    forEachPayloadPiece(text, 4, 1_000_000, scan.inOrder, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(1);
    const all = pieces.flat();
    expect(all.map((e) => new TextDecoder().decode(e.data))).toEqual(Array.from({ length: n }, (_, i) => `${i}`));
    expect(all[0]!.atUs).toBe(1_000_000);
    for (let k = 1; k < pieces.length; k++) expect(pieces[k]![0]!.atUs).toBeGreaterThan(pieces[k - 1]!.at(-1)!.atUs);
  });

  it('names the Payload line and the record line of a bad event', () => {
    expect(() => scanPayload(`${header}\n[0.1,"o","a"]\n[0.2,"o"]\n`, 7)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('Payload line 3: an event must be [time, code, data]') as unknown,
        place: { line: 7 },
      }),
    );
  });
});
