import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealCapture } from '../../src/main/crypto/seal-capture';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import type { PacketSpec } from '../../src/main/formats/capture/capture-encoder';
import { importFile } from '../../src/main/ingest/import-file';
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
