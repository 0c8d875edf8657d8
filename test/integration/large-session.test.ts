import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealCapture } from '../../src/main/crypto/seal-capture';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import type { PacketSpec } from '../../src/main/formats/capture/capture-encoder';
import { importFile } from '../../src/main/ingest/import-file';
import { MAX_STORED_EVENT_BYTES } from '../../src/main/formats/recording';
import { readEvents } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { samplePrivateKey, tempDir } from '../helpers/fixtures';
import { outputText, withOutputText } from '../helpers/output-text';

const dir = tempDir();
afterAll(() => dir.cleanup());

const PROMPT = '\x1b[?2004h[root@big-box ~]# ';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A bash session whose commands print far more than the extractor buffers before its probes run. */
function bigSession(commands: number, linesEach: number): PacketSpec[] {
  const packets: PacketSpec[] = [{ source: 1, elapsedUs: 1000, data: enc(PROMPT) }];
  let t = 2000;
  for (let c = 0; c < commands; c++) {
    const cmd = `cat /var/log/big-${c}.log`;
    for (const ch of cmd) {
      packets.push(
        { source: 0, elapsedUs: (t += 50_000), data: enc(ch) },
        { source: 1, elapsedUs: (t += 100), data: enc(ch) },
      );
    }
    packets.push(
      { source: 0, elapsedUs: (t += 50_000), data: enc('\r') },
      { source: 1, elapsedUs: (t += 100), data: enc('\r\n\x1b[?2004l\r') },
    );
    for (let l = 0; l < linesEach; l += 100) {
      const block = Array.from(
        { length: 100 },
        (_, i) =>
          `\x1b[32m${c}:${l + i}\x1b[0m 203.0.113.${(l + i) % 255} GET /api/v1/items?page=${l + i} 200 ${'x'.repeat(40)}\r\n`,
      ).join('');
      packets.push({ source: 1, elapsedUs: (t += 10), data: enc(block) });
    }
    packets.push({ source: 1, elapsedUs: (t += 100), data: enc(PROMPT) });
  }
  return packets;
}

describe('a session larger than the extractor buffers', () => {
  it('imports and indexes every command while reading the events it writes beside', async () => {
    const key = samplePrivateKey();
    const packets = bigSession(6, 12_000); // ~9 MB of output
    const bytes = await sealCapture(packets, {
      publicKey: derivePublicKey(key),
      startedAt: 1795281616,
      pty: { term: 'xterm-256color', width: 120, height: 40, modes: [] },
      exitData: { timestamp: 1795281700, status: 0, signal: null, error_msg: null },
      blockSizes: [65536],
    });
    const path = join(dir.path, 'big.capture');
    writeFileSync(path, bytes);
    const db = openCase(join(dir.path, 'case.sqlite'));
    try {
      const outcome = await importFile(db, path, {
        keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
      });
      expect(outcome.warnings ?? []).toEqual([]);
      expect(outcome.status).toBe('imported');
      const texts = db.prepare('SELECT text FROM commands ORDER BY seq').pluck().all();
      expect(texts).toEqual(Array.from({ length: 6 }, (_, c) => `cat /var/log/big-${c}.log`));
      const last = withOutputText(db)
        .prepare(
          `SELECT ${outputText('o')} AS text, c.output_end_offset - c.output_start_offset AS bytes FROM outputs o JOIN commands c ON c.id = o.command_id WHERE c.seq = 5`,
        )
        .get() as { text: string; bytes: number };
      // The text kept for reading and search stops at 1 MiB a command; the offsets span all of it.
      expect(last.text).toContain('5:9999 203.0.113.54 GET /api/v1/items?page=9999 200');
      expect(last.text).not.toContain('5:11999 ');
      expect(last.bytes).toBeGreaterThan(1_200_000);
    } finally {
      db.close();
    }
  });
});

describe('a recording with packets of megabytes', () => {
  it('stores each as consecutive events of at most 64 KiB at its time, every byte in order', async () => {
    const key = samplePrivateKey();
    // One read of 3 MiB and one of 200 KiB: a recorder may hand over up to 64 MiB at once, and
    // every copy of such an event downstream was that size (770 MB to import 63 MiB packets).
    const lines = (n: number, tag: string): Uint8Array =>
      enc(Array.from({ length: n }, (_, i) => `${tag} line ${i} ${'y'.repeat(50)}\r\n`).join(''));
    const packets: PacketSpec[] = [
      { source: 1, elapsedUs: 1000, data: enc(PROMPT) },
      ...[...'cat big'].flatMap((ch, i): PacketSpec[] => [
        { source: 0, elapsedUs: 2000 + i * 100, data: enc(ch) },
        { source: 1, elapsedUs: 2050 + i * 100, data: enc(ch) },
      ]),
      { source: 0, elapsedUs: 3000, data: enc('\r') },
      { source: 1, elapsedUs: 3100, data: enc('\r\n\x1b[?2004l\r') },
      { source: 1, elapsedUs: 4000, data: lines(48_000, 'first') },
      { source: 1, elapsedUs: 5000, data: lines(3_000, 'second') },
      { source: 1, elapsedUs: 6000, data: enc(PROMPT) },
    ];
    expect(packets[packets.length - 3]!.data.length).toBeGreaterThan(3 * 1024 * 1024);
    const bytes = await sealCapture(packets, {
      publicKey: derivePublicKey(key),
      startedAt: 1795281616,
      pty: { term: 'xterm-256color', width: 120, height: 40, modes: [] },
      exitData: { timestamp: 1795281700, status: 0, signal: null, error_msg: null },
      blockSizes: [1 << 20],
    });
    const path = join(dir.path, 'megabyte-packets.capture');
    writeFileSync(path, bytes);
    const db = openCase(join(dir.path, 'megabyte-packets.sqlite'));
    try {
      const outcome = await importFile(db, path, {
        keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
      });
      expect(outcome.status).toBe('imported');
      const programRow = db.prepare('SELECT id FROM programs').pluck().get() as number;
      const stored = [...readEvents(db, programRow)];
      expect(Math.max(...stored.map((e) => e.data.length))).toBeLessThanOrEqual(MAX_STORED_EVENT_BYTES);
      for (const packet of packets) {
        const kind = packet.source === 0 ? 'input' : 'output';
        const at = stored.filter((e) => e.atUs === packet.elapsedUs && e.kind === kind);
        expect(Buffer.concat(at.map((e) => e.data)).equals(Buffer.from(packet.data))).toBe(true);
      }
      expect(stored.reduce((n, e) => n + e.data.length, 0)).toBe(packets.reduce((n, p) => n + p.data.length, 0));
      expect(db.prepare('SELECT text FROM commands').pluck().all()).toEqual(['cat big']);
    } finally {
      db.close();
    }
  });
});
