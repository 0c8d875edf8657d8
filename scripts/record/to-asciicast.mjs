#!/usr/bin/env node
// Convert a util-linux `script --log-io IO --log-timing TIMING` recording (advanced timing format)
// into an asciicast v2 file with "o" (output), "i" (input) and "r" (resize) events.
//
//   node scripts/record/to-asciicast.mjs io.log timing.log out.cast
//
// io.log:     "Script started on ... [COMMAND=...]\n", then the O and I bytes interleaved in the
//             order of the timing log, then "\nScript done on ... [COMMAND_EXIT_CODE=...]\n".
// timing.log: "H <delta> NAME VALUE" header lines (START_TIME, COLUMNS, LINES, ..., DURATION,
//             EXIT_CODE), "O <delta> <nbytes>", "I <delta> <nbytes>", "S <delta> SIGWINCH ROWS=r COLS=c".
//
// Event time = sum of all deltas so far (kept in integer microseconds, printed with 6 decimals).
// Event data = the chunk's bytes decoded as UTF-8. A chunk that ends inside a UTF-8 character
// keeps the incomplete bytes for the next chunk of the SAME stream (o or i), so the concatenated
// data of each stream is byte-for-byte the recorded stream. No dependencies (Node 20).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';

/** Parse "12.003456" into integer microseconds. */
function parseDelta(s) {
  const m = /^(\d+)\.(\d{1,6})$/.exec(s);
  if (!m) throw new Error(`bad timing delta ${JSON.stringify(s)}`);
  return Number(m[1]) * 1_000_000 + Number(m[2].padEnd(6, '0'));
}

export function formatTime(us) {
  return `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

/**
 * Read a script recording.
 * @returns {{startLine: string, header: Record<string,string>, events: Array<{type:'O'|'I'|'S', us:number, bytes?:Buffer, signal?:string, args?:string}>, trailer: Buffer}}
 */
export function readScriptLog(ioPath, timingPath) {
  const io = readFileSync(ioPath);
  const timing = readFileSync(timingPath, 'utf8');
  const nl = io.indexOf(0x0a);
  if (nl < 0) throw new Error(`${ioPath}: no header line`);
  const startLine = io.subarray(0, nl).toString('utf8');
  if (!startLine.startsWith('Script started on '))
    throw new Error(`${ioPath}: does not start with "Script started on"`);
  let pos = nl + 1;
  let us = 0;
  const header = {};
  const events = [];
  for (const [i, line] of timing.split('\n').entries()) {
    if (line === '') continue;
    const m = /^([OISH]) (\S+) (.*)$/.exec(line);
    if (!m) throw new Error(`${timingPath}:${i + 1}: unexpected line ${JSON.stringify(line)}`);
    const [, type, delta, rest] = m;
    us += parseDelta(delta);
    if (type === 'H') {
      const sp = rest.indexOf(' ');
      header[sp < 0 ? rest : rest.slice(0, sp)] = sp < 0 ? '' : rest.slice(sp + 1);
    } else if (type === 'S') {
      const sp = rest.indexOf(' ');
      events.push({ type, us, signal: sp < 0 ? rest : rest.slice(0, sp), args: sp < 0 ? '' : rest.slice(sp + 1) });
    } else {
      const n = Number(rest);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${timingPath}:${i + 1}: bad byte count`);
      if (pos + n > io.length) throw new Error(`${timingPath}:${i + 1}: io.log is too short`);
      events.push({ type, us, bytes: io.subarray(pos, pos + n) });
      pos += n;
    }
  }
  return { startLine, header, events, trailer: io.subarray(pos) };
}

/** Index where an incomplete UTF-8 sequence at the end of buf starts (buf.length if none). */
function completeUpTo(buf) {
  for (let k = 1; k <= Math.min(3, buf.length); k++) {
    const b = buf[buf.length - k];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    const need = b >= 0xf0 && b <= 0xf7 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > k ? buf.length - k : buf.length;
  }
  return buf.length;
}

/** Decodes one stream's chunks as UTF-8, carrying an incomplete trailing character to the next chunk. */
class StreamDecoder {
  constructor(name) {
    this.name = name;
    this.carry = Buffer.alloc(0);
    this.fatal = new TextDecoder('utf-8', { fatal: true });
    this.lossy = new TextDecoder('utf-8');
    this.invalid = 0;
  }
  push(bytes) {
    const buf = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    const cut = completeUpTo(buf);
    this.carry = Buffer.from(buf.subarray(cut));
    const part = buf.subarray(0, cut);
    try {
      return this.fatal.decode(part);
    } catch {
      this.invalid++;
      return this.lossy.decode(part); // not byte-exact: verify.mjs reports it
    }
  }
  end() {
    if (!this.carry.length) return '';
    this.invalid++;
    const s = this.lossy.decode(this.carry);
    this.carry = Buffer.alloc(0);
    return s;
  }
}

const STREAM = { O: 'o', I: 'i' };

/** Build the asciicast v2 text (header line + one JSON array per event). */
export function toAsciicast(log) {
  const h = log.header;
  const width = Number(h.COLUMNS);
  const height = Number(h.LINES);
  const start = Date.parse(h.START_TIME.replace(' ', 'T'));
  if (!width || !height || Number.isNaN(start)) throw new Error('timing log lacks COLUMNS/LINES/START_TIME');
  const head = {
    version: 2,
    width,
    height,
    timestamp: Math.floor(start / 1000),
    env: { SHELL: h.SHELL || '/bin/bash', TERM: h.TERM || 'xterm-256color' },
  };
  const lines = [JSON.stringify(head)];
  const dec = { o: new StreamDecoder('o'), i: new StreamDecoder('i') };
  let lastUs = 0;
  for (const ev of log.events) {
    lastUs = ev.us;
    if (ev.type === 'S') {
      if (ev.signal !== 'SIGWINCH') continue;
      const rows = /ROWS=(\d+)/.exec(ev.args);
      const cols = /COLS=(\d+)/.exec(ev.args);
      if (rows && cols) lines.push(`[${formatTime(ev.us)}, "r", ${JSON.stringify(`${cols[1]}x${rows[1]}`)}]`);
      continue;
    }
    const code = STREAM[ev.type];
    const text = dec[code].push(ev.bytes);
    if (text !== '') lines.push(`[${formatTime(ev.us)}, "${code}", ${JSON.stringify(text)}]`);
  }
  for (const code of ['o', 'i']) {
    const rest = dec[code].end();
    if (rest !== '') lines.push(`[${formatTime(lastUs)}, "${code}", ${JSON.stringify(rest)}]`);
  }
  return { text: lines.join('\n') + '\n', invalidUtf8: dec.o.invalid + dec.i.invalid };
}

/** Concatenate the raw bytes of one stream ('O' or 'I'). */
export function streamBytes(log, type) {
  return Buffer.concat(log.events.filter((e) => e.type === type).map((e) => e.bytes));
}

/** Parse an asciicast v2 text: { header, events: [[t, code, data], ...] }. */
export function parseAsciicast(text) {
  const lines = text.split('\n').filter((l) => l !== '');
  return { header: JSON.parse(lines[0]), events: lines.slice(1).map((l) => JSON.parse(l)) };
}

/** Throw unless the cast's "o"/"i" data equal the recording's O/I bytes. */
export function checkCast(log, castText) {
  const cast = parseAsciicast(castText);
  for (const [code, type] of [
    ['o', 'O'],
    ['i', 'I'],
  ]) {
    const got = Buffer.from(
      cast.events
        .filter((e) => e[1] === code)
        .map((e) => e[2])
        .join(''),
      'utf8',
    );
    const want = streamBytes(log, type);
    if (!got.equals(want)) {
      let at = 0;
      while (at < got.length && at < want.length && got[at] === want[at]) at++;
      throw new Error(
        `"${code}" data differ from the ${type} bytes at byte ${at} (cast ${got.length} bytes, log ${want.length})`,
      );
    }
  }
  let prev = -1;
  for (const e of cast.events) {
    if (typeof e[0] !== 'number' || e[0] < prev) throw new Error(`event times go backwards at ${JSON.stringify(e)}`);
    prev = e[0];
  }
  return cast;
}

function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: to-asciicast.mjs io.log timing.log out.cast');
    process.exit(2);
  }
  const [ioPath, timingPath, outPath] = argv;
  const log = readScriptLog(ioPath, timingPath);
  const { text, invalidUtf8 } = toAsciicast(log);
  if (invalidUtf8) console.error(`warning: ${invalidUtf8} chunk(s) are not valid UTF-8; the cast is not byte-exact`);
  writeFileSync(outPath, text);
  checkCast(log, readFileSync(outPath, 'utf8'));
  const n = { o: 0, i: 0, r: 0 };
  for (const line of text.split('\n').slice(1)) if (line) n[JSON.parse(line)[1]]++;
  console.log(`${outPath}: ${n.o} o, ${n.i} i, ${n.r} r events; o/i data match io.log byte for byte`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
