import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createSender } from '../src/main/crypto/hpke-suite';
import type { RawKeyPair } from '../src/main/crypto/x25519-keys';
import { encodeMetadata, encodePacket, frameBlock } from '../src/main/formats/capture/capture-encoder';
import { importSetInChild } from './import-bench';
import type { ImportChildReport } from './import-child';
import { MiB } from './measure';
import { bytesLabel, print, row, seconds, target } from './report';

const LINE = 'drwxr-xr-x 2 root root 4096 Dec  4 19:00 \x1b[01;34msome-directory-name\x1b[0m café ✓\r\n';
const RSS_GOAL = 300 * MiB;

/**
 * The largest shapes the format limits allow (limits.ts): 63 MiB packets sealed in 64 MiB blocks,
 * `packets` of them between short prompts. Written block by block: one block is held here at a time.
 */
async function writeHugeBlocks(path: string, publicKey: Uint8Array, packets: number): Promise<void> {
  const big = Buffer.from(LINE.repeat(Math.floor((63 * MiB) / Buffer.byteLength(LINE))), 'utf8');
  const parts: Uint8Array[] = [];
  for (let i = 0; i < packets; i++) {
    parts.push(encodePacket({ source: 1, elapsedUs: 1000 + 2000 * i, data: Buffer.from('$ ') }));
    parts.push(encodePacket({ source: 1, elapsedUs: 2000 + 2000 * i, data: big }));
  }
  const dataSize = parts.reduce((n, p) => n + p.length, 0);
  const sender = await createSender(publicKey);
  const fd = openSync(path, 'w');
  try {
    const pty = { term: 'xterm-256color', width: 120, height: 40, modes: [] };
    writeSync(
      fd,
      encodeMetadata({ startedAt: 1795281616, encapsulatedKey: sender.enc, pty, exitData: null }, dataSize),
    );
    let block = Buffer.alloc(0);
    const flush = async (): Promise<void> => {
      writeSync(fd, frameBlock(await sender.seal(block)));
      block = Buffer.alloc(0);
    };
    for (const part of parts) {
      for (let at = 0; at < part.length;) {
        const n = Math.min(part.length - at, 64 * MiB - 16 - block.length);
        block = Buffer.concat([block, part.subarray(at, at + n)]);
        at += n;
        if (block.length === 64 * MiB - 16) await flush();
      }
    }
    if (block.length > 0) await flush();
  } finally {
    closeSync(fd);
  }
}

/** An asciicast v2 file with `lines` output lines of about 55 MB each (escapes in them), written in pieces. */
function writeLongLines(path: string, lines: number): void {
  const escaped = JSON.stringify(LINE).slice(1, -1);
  const piece = escaped.repeat(Math.floor(MiB / escaped.length));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '{"version": 2, "width": 80, "height": 24, "timestamp": 1795281616}\n[0.1, "o", "$ "]\n');
    for (let l = 0; l < lines; l++) {
      writeSync(fd, `[${l + 1}.0, "o", "`);
      for (let i = 0; i < 55; i++) writeSync(fd, piece);
      writeSync(fd, '"]\n');
    }
  } finally {
    closeSync(fd);
  }
}

export interface HostileShapesResult {
  load: number;
  hugeBlocks: ImportChildReport;
  longLines: ImportChildReport;
}

/** Issue 13: peak RSS of `sshlens import` for the two largest shapes within the limits, each in a child. */
export async function runHostileShapesBench(
  workDir: string,
  keys: RawKeyPair,
  quick: boolean,
): Promise<HostileShapesResult> {
  const blocksDir = join(workDir, 'huge-blocks');
  mkdirSync(blocksDir, { recursive: true });
  await writeHugeBlocks(join(blocksDir, 'huge-blocks.capture'), keys.publicKey, quick ? 2 : 4);
  const hugeBlocks = await importSetInChild({ dir: blocksDir }, blocksDir, keys);
  const castDir = join(workDir, 'long-lines');
  mkdirSync(castDir, { recursive: true });
  writeLongLines(join(castDir, 'long-lines.cast'), quick ? 1 : 3);
  const longLines = await importSetInChild({ dir: castDir }, castDir, keys);
  return { load: loadavg()[0]!, hugeBlocks, longLines };
}

export function printHostileShapes(r: HostileShapesResult): void {
  print(`hostile shapes within the limits, each imported in a child process, load ${r.load.toFixed(1)}`);
  const line = (label: string, c: ImportChildReport): void => {
    print(
      row(
        label,
        bytesLabel(c.bytes),
        seconds(c.planSeconds + c.importSeconds),
        `peak RSS ${bytesLabel(c.peakRss)}`,
        target('peak RSS < 300 MiB', c.peakRss < RSS_GOAL),
      ),
    );
  };
  line('63 MiB packets in 64 MiB blocks', r.hugeBlocks);
  line('asciicast lines of 55 MB', r.longLines);
}
