import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
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

/**
 * An asciicast v2 file with `lines` output lines of about 55 MB each (escapes in them), then a
 * comment, an unknown code and an exit line of as much, written in pieces.
 */
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
    for (const start of ['# ', `[${lines + 1}.0, "z", "`, `[${lines + 2}.0, "x", "`]) {
      writeSync(fd, start);
      for (let i = 0; i < 55; i++) writeSync(fd, piece);
      writeSync(fd, start.startsWith('#') ? '\n' : '"]\n');
    }
  } finally {
    closeSync(fd);
  }
}

/** An asciicast whose header line is 60 MiB (a title): refused once it passes 8 MiB, never held whole. */
function writeLongHeader(path: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '{"version": 2, "width": 80, "height": 24, "title": "');
    for (let i = 0; i < 60; i++) writeSync(fd, 't'.repeat(MiB));
    writeSync(fd, '"}\n[0.1, "o", "$ "]\n');
  } finally {
    closeSync(fd);
  }
}

/**
 * A Logpush file of one record whose Payload is one output event of 33 MB (2-byte characters and
 * escapes: a 46 MB line): the event line inside the Payload is read as it comes, as a file's is.
 */
function writeLongPayloadLine(path: string): void {
  const startNs = 1795281600000000000n;
  const event = JSON.stringify([0.5, 'o', '\u00e9'.repeat(12 * MiB) + '\u001b[0m'.repeat(2 * MiB)]);
  const cast = [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1795281600 }), event, '[1, "o", "end"]'];
  const record = {
    ClientAddress: '198.51.100.1:40000',
    Payload: cast.join('\n') + '\n',
    ProgramID: 'long-payload-line',
    ProgramStartDatetime: Number(startNs),
    ProgramFinishDatetime: Number(startNs) + 9e12,
    ProgramType: 'shell',
    ServerAddress: '203.0.113.80:22',
    SessionID: 'long-payload-line',
    SessionStartDatetime: Number(startNs),
    Username: 'root',
  };
  writeFileSync(path, JSON.stringify(record) + '\n');
}

export interface HostileShapesResult {
  load: number;
  hugeBlocks: ImportChildReport;
  longLines: ImportChildReport;
  longHeader: ImportChildReport;
  longPayloadLine: ImportChildReport;
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
  const headerDir = join(workDir, 'long-header');
  mkdirSync(headerDir, { recursive: true });
  writeLongHeader(join(headerDir, 'long-header.cast'));
  const longHeader = await importSetInChild({ dir: headerDir }, headerDir, keys);
  const payloadDir = join(workDir, 'long-payload-line');
  mkdirSync(payloadDir, { recursive: true });
  writeLongPayloadLine(join(payloadDir, 'ssh_logs.ndjson'));
  const longPayloadLine = await importSetInChild({ dir: payloadDir }, payloadDir, keys);
  return { load: loadavg()[0]!, hugeBlocks, longLines, longHeader, longPayloadLine };
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
  line('asciicast: 6 lines of 55 MB, 4 kinds', r.longLines);
  line('Logpush Payload, one event line of 46 MB', r.longPayloadLine);
  line(`asciicast header of 60 MiB (${r.longHeader.perFile[0]?.status ?? '?'})`, r.longHeader);
}
