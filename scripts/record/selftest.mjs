#!/usr/bin/env node
// Self-test of to-asciicast.mjs on a synthetic recording whose chunks split UTF-8 characters,
// with input and output interleaved (each stream must carry its own incomplete bytes).
//   node scripts/record/selftest.mjs
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScriptLog, toAsciicast, checkCast, parseAsciicast } from './to-asciicast.mjs';
import { parseHistory } from './make-truth.mjs';

const dir = mkdtempSync(join(tmpdir(), 'rec-selftest-'));
try {
  const out = Buffer.from('Grüße 你好 ✔ 😀\r\n', 'utf8');
  const inp = Buffer.from('ü你😀\r', 'utf8');
  // chunks: [stream, bytes] -- cut inside ü (2 bytes), 你 (3 bytes) and 😀 (4 bytes)
  const chunks = [
    ['O', out.subarray(0, 3)], // "Gr" + first byte of ü
    ['I', inp.subarray(0, 1)], // first byte of ü (input)
    ['O', out.subarray(3, 9)], // rest of ü, "ße" ... (ß split too)
    ['I', inp.subarray(1, 3)], // rest of ü + first byte of 你
    ['O', out.subarray(9, 12)],
    ['I', inp.subarray(3, 7)], // rest of 你 + first 2 of 😀
    ['O', out.subarray(12, 20)],
    ['I', inp.subarray(7)],
    ['O', out.subarray(20)],
  ];
  let io = Buffer.from('Script started on 2026-01-01 00:00:00+00:00 [COMMAND="x"]\n');
  let timing =
    'H 0.000000 START_TIME 2026-01-01 00:00:00+00:00\nH 0.000000 COLUMNS 80\nH 0.000000 LINES 24\nH 0.000000 TERM xterm-256color\n';
  for (const [i, [type, bytes]] of chunks.entries()) {
    io = Buffer.concat([io, bytes]);
    timing += `${type} 0.${String(100000 + i).padStart(6, '0')} ${bytes.length}\n`;
    if (i === 4) timing += 'S 0.000500 SIGWINCH ROWS=30 COLS=100\n';
  }
  io = Buffer.concat([io, Buffer.from('\nScript done on 2026-01-01 00:00:01+00:00 [COMMAND_EXIT_CODE="0"]\n')]);
  timing += 'H 0.000000 DURATION 1.0\nH 0.000000 EXIT_CODE 0\n';
  writeFileSync(join(dir, 'io.log'), io);
  writeFileSync(join(dir, 'timing.log'), timing);
  const log = readScriptLog(join(dir, 'io.log'), join(dir, 'timing.log'));
  const { text, invalidUtf8 } = toAsciicast(log);
  if (invalidUtf8) throw new Error('reported invalid UTF-8');
  const cast = checkCast(log, text);
  const o = cast.events.filter((e) => e[1] === 'o').map((e) => e[2]);
  const i = cast.events.filter((e) => e[1] === 'i').map((e) => e[2]);
  if (o.join('') !== out.toString('utf8') || i.join('') !== inp.toString('utf8')) throw new Error('streams differ');
  if (o.some((s) => s.includes('\ufffd')) || i.some((s) => s.includes('\ufffd')))
    throw new Error('replacement character');
  const r = cast.events.find((e) => e[1] === 'r');
  if (!r || r[2] !== '100x30') throw new Error('no resize event');
  if (parseAsciicast(text).header.timestamp !== 1767225600) throw new Error('bad timestamp');
  // history parsing: multi-line entries and an entry ending in a newline (here-doc)
  const h = parseHistory('#1\necho a\n#2\nfor x in 1; do\n  echo $x\ndone\n#3\ncat <<EOF\nhi\nEOF\n\n#4\nexit\n');
  const want = [
    ['echo a', 1],
    ['for x in 1; do\n  echo $x\ndone', 2],
    ['cat <<EOF\nhi\nEOF\n', 3],
    ['exit', 4],
  ];
  if (JSON.stringify(h.map((e) => [e.text, e.ts])) !== JSON.stringify(want))
    throw new Error(`history: ${JSON.stringify(h)}`);
  console.log('selftest ok:', JSON.stringify(o), JSON.stringify(i));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
