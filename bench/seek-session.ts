import { createWriteStream } from 'node:fs';
import { Prng } from './measure';

/**
 * A long interactive session for the seek bench (and the replay tests), as asciicast v2 lines:
 * a coloured prompt, commands typed key by key and echoed, and what servers print: short
 * listings, log tails, big dumps cut into pty-sized reads, minified JSON that wraps for pages,
 * progress bars redrawn with CR, apt's progress line kept under a scroll region with ESC 7 /
 * ESC 8, top on the alternate screen with a hidden cursor, vim scrolling inside a scroll region,
 * a dialog box in the line-drawing character set, and now and then a window resize. UTF-8
 * (accents, CJK wide characters) throughout. The think time between commands is stretched so the
 * whole spans `durationUs`. Same seed, same session.
 */

export interface SeekSessionSpec {
  seed: number;
  durationUs: number;
  /** Output to reach (the last command may overshoot it). */
  outputBytes: number;
  cols: number;
  rows: number;
}

export interface SessionEvent {
  atUs: number;
  code: 'o' | 'i' | 'r';
  data: string;
}

export interface SeekSession {
  spec: SeekSessionSpec;
  events: SessionEvent[];
  commands: string[];
  outputBytes: number;
  resizes: number;
}

/** One step of a command before times are known: `gapUs` after the previous step. */
interface Step {
  gapUs: number;
  code: SessionEvent['code'];
  data: string;
}

const PROMPT = '\x1b[?2004h\x1b[01;32mops@db-07\x1b[00m:\x1b[01;34m/srv/app\x1b[00m$ ';
const READ_BYTES = 4096; // what one pty read hands the recorder, at most
const SIZES: ReadonlyArray<[number, number]> = [
  [160, 48],
  [100, 30],
  [132, 43],
];

export function buildSeekSession(spec: SeekSessionSpec): SeekSession {
  const rng = new Prng(spec.seed);
  const size = { cols: spec.cols, rows: spec.rows };
  const commands: Array<{ text: string; steps: Step[] }> = [];
  let outputBytes = 0;
  let resizes = 0;
  while (outputBytes < spec.outputBytes) {
    const steps: Step[] = [];
    if (commands.length > 0 && rng.chance(0.02)) {
      const [cols, rows] = SIZES[resizes++ % SIZES.length]!;
      Object.assign(size, { cols, rows });
      steps.push(
        { gapUs: rng.int(200_000, 2_000_000), code: 'r', data: `${cols}x${rows}` },
        { gapUs: 20_000, code: 'o', data: `\r\x1b[K${PROMPT}` },
      );
    }
    const { text, output } = command(rng, size, spec.outputBytes - outputBytes);
    typeLine(rng, text, steps);
    steps.push(...output);
    steps.push({ gapUs: rng.int(300, 3_000), code: 'o', data: PROMPT });
    for (const s of steps) if (s.code === 'o') outputBytes += Buffer.byteLength(s.data);
    commands.push({ text, steps });
  }
  // Think time fills what typing and output leave of the duration, unevenly (a pause of minutes now and then).
  const busyUs = commands.reduce((n, c) => n + c.steps.reduce((m, s) => m + s.gapUs, 0), 0);
  const weights = commands.map(() => (rng.chance(0.05) ? 20 : 1) * (0.5 + rng.next() / 0x1_0000_0000));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const thinkUs = Math.max(0, spec.durationUs - busyUs);
  const events: SessionEvent[] = [{ atUs: 0, code: 'o', data: PROMPT }];
  let atUs = 0;
  commands.forEach((c, i) => {
    atUs += Math.round((thinkUs * weights[i]!) / weightSum);
    for (const s of c.steps) {
      atUs += s.gapUs;
      events.push({ atUs, code: s.code, data: s.data });
    }
  });
  return { spec, events, commands: commands.map((c) => c.text), outputBytes, resizes };
}

/** Writes the session as an asciicast v2 file (times in seconds, 6 decimals). */
export async function writeAsciicast(path: string, session: SeekSession, startedAt: number): Promise<void> {
  const out = createWriteStream(path);
  const header = {
    version: 2,
    width: session.spec.cols,
    height: session.spec.rows,
    timestamp: startedAt,
    env: { SHELL: '/bin/bash', TERM: 'xterm-256color' },
  };
  let batch = JSON.stringify(header) + '\n';
  for (const ev of session.events) {
    batch += JSON.stringify([Number((ev.atUs / 1e6).toFixed(6)), ev.code, ev.data]) + '\n';
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', resolve));
      batch = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(batch, resolve);
  });
}

/** Keystrokes 60..250 ms apart, each echoed; Enter ends bracketed paste as bash does. */
function typeLine(rng: Prng, text: string, steps: Step[]): void {
  for (const ch of text) {
    steps.push(
      { gapUs: rng.int(60_000, 250_000), code: 'i', data: ch },
      { gapUs: rng.int(300, 3_000), code: 'o', data: ch },
    );
  }
  steps.push(
    { gapUs: rng.int(100_000, 600_000), code: 'i', data: '\r' },
    { gapUs: rng.int(300, 3_000), code: 'o', data: '\r\n\x1b[?2004l\r' },
  );
}

/** Cuts text into pty-sized reads at character boundaries, `gapUs` apart. */
function reads(rng: Prng, text: string, gap: () => number): Step[] {
  const steps: Step[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + rng.int(READ_BYTES / 4, READ_BYTES));
    if (isLowSurrogate(text.charCodeAt(end))) end -= 1;
    steps.push({ gapUs: gap(), code: 'o', data: text.slice(at, end) });
    at = end;
  }
  return steps;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function command(rng: Prng, size: { cols: number; rows: number }, room: number): { text: string; output: Step[] } {
  const fast = (): number => rng.int(200, 2_000);
  const roll = rng.int(0, 99);
  if (roll < 40)
    return {
      text: pick(rng, [
        'ls -la --color',
        'df -h',
        'ps aux | head',
        'systemctl status nginx',
        'free -m',
        'id',
        'uptime',
      ]),
      output: reads(rng, logLines(rng, rng.int(3, 40)), fast),
    };
  if (roll < 62)
    return {
      text: `tail -n 500 /var/log/app/worker-${rng.int(1, 9)}.log`,
      output: reads(rng, logLines(rng, rng.int(100, 600)), fast),
    };
  if (roll < 70) {
    const lines = Math.min(Math.max(200, Math.floor(room / 110)), rng.int(8_000, 30_000));
    return {
      text: `zcat /var/log/nginx/access.log.${rng.int(2, 14)}.gz`,
      output: reads(rng, logLines(rng, lines), () => rng.int(50, 400)),
    };
  }
  if (roll < 76)
    return {
      text: 'curl -s localhost:9200/_cluster/state',
      output: reads(rng, minifiedJson(rng, rng.int(20_000, 200_000)), fast),
    };
  if (roll < 81) return { text: `scp backup-${rng.int(1, 99)}.tar.gz bk@10.0.0.9:`, output: progressBar(rng) };
  if (roll < 86) return { text: 'sudo apt-get upgrade -y', output: aptUpgrade(rng, size) };
  if (roll < 92) return { text: 'top', output: top(rng, size) };
  if (roll < 97) return { text: `vim /etc/app/config-${rng.int(1, 9)}.yaml`, output: vim(rng, size) };
  return { text: 'sudo dpkg-reconfigure tzdata', output: dialogBox(rng, size) };
}

function pick<T>(rng: Prng, list: readonly T[]): T {
  return list[rng.int(0, list.length - 1)]!;
}

const WORDS = [
  'GET',
  'POST',
  'worker',
  'queue',
  'café',
  'déjà-vu',
  'naïve',
  '東京',
  'データ',
  'ошибка',
  'retry',
  'upstream',
  'timeout',
  'ok',
];

function logLines(rng: Prng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const level = pick(rng, ['\x1b[32mINFO\x1b[0m', '\x1b[33mWARN\x1b[0m', '\x1b[1;31mERROR\x1b[0m', 'DEBUG']);
    const words = Array.from({ length: rng.int(3, 14) }, () => pick(rng, WORDS)).join(' ');
    out += `2026-03-0${rng.int(1, 9)}T${rng.int(10, 23)}:${rng.int(10, 59)}:${rng.int(10, 59)}Z ${level} 203.0.113.${rng.int(1, 254)} ${words} id=${rng.next().toString(16)}\r\n`;
  }
  return out;
}

/** One long line: it wraps over many rows and scrolls the screen inside a single line. */
function minifiedJson(rng: Prng, chars: number): string {
  let out = '{"cluster":"prod-eu","nodes":[';
  while (out.length < chars)
    out += `{"id":"${rng.next().toString(36)}","name":"${pick(rng, WORDS)}","heap":${rng.int(1, 99)}},`;
  return out + '{}]}\r\n';
}

function progressBar(rng: Prng): Step[] {
  const steps: Step[] = [];
  for (let p = 0; p <= 100; p += rng.int(1, 4)) {
    steps.push({
      gapUs: rng.int(100_000, 600_000),
      code: 'o',
      data: `\rbackup.tar.gz   ${String(p).padStart(3)}%  ${'#'.repeat(p >> 2).padEnd(25)} ${rng.int(10, 99)}.${rng.int(0, 9)}MB/s`,
    });
  }
  return [...steps, { gapUs: 1000, code: 'o', data: '\r\n' }];
}

/** apt keeps its progress bar on the last row: a scroll region above it, ESC 7 / ESC 8 around each redraw. */
function aptUpgrade(rng: Prng, size: { cols: number; rows: number }): Step[] {
  const steps: Step[] = [{ gapUs: 2_000, code: 'o', data: `\x1b7\x1b[0;${size.rows - 1}r\x1b8\x1b[1A\x1b[J` }];
  const packages = rng.int(30, 120);
  for (let i = 1; i <= packages; i++) {
    const name = `lib${pick(rng, ['ssl', 'curl', 'xml2', 'pq', 'systemd', 'gnutls'])}${rng.int(1, 9)}`;
    const text = `Preparing to unpack .../${name}_${rng.int(1, 9)}.${rng.int(0, 20)}_amd64.deb ...\r\nUnpacking ${name} (${rng.int(1, 9)}.${rng.int(0, 20)}) over (${rng.int(1, 9)}.0) ...\r\nSetting up ${name} ...\r\n`;
    const percent = Math.floor((100 * i) / packages);
    const bar = `\x1b7\x1b[${size.rows};0f\x1b[42m\x1b[30mProgress: [${String(percent).padStart(3)}%]\x1b[49m\x1b[39m [${'#'.repeat(percent >> 2).padEnd(25, '.')}] \x1b8`;
    steps.push({ gapUs: rng.int(20_000, 400_000), code: 'o', data: text + bar });
  }
  return [...steps, { gapUs: 2_000, code: 'o', data: `\x1b7\x1b[0;${size.rows}r\x1b8\x1b[1A\x1b[J` }];
}

/** top: alternate screen, hidden cursor, a full redraw every 3 s. */
function top(rng: Prng, size: { cols: number; rows: number }): Step[] {
  const steps: Step[] = [
    {
      gapUs: 5_000,
      code: 'o',
      data: '\x1b[?1049h\x1b[22;0;0t\x1b[1;' + size.rows + 'r\x1b(B\x1b[m\x1b[4l\x1b[?7h\x1b[?25l\x1b[H\x1b[2J',
    },
  ];
  const frames = rng.int(5, 40);
  for (let f = 0; f < frames; f++) {
    let screen = `\x1b[H\x1b[mtop - ${rng.int(10, 23)}:${rng.int(10, 59)}:${rng.int(10, 59)} up 41 days, load average: 0.${rng.int(10, 99)}\x1b[K\r\n`;
    screen += `\x1b[7m    PID USER      PR  NI    VIRT    RES  %CPU  %MEM COMMAND\x1b[m\x1b[K\r\n`;
    for (let r = 2; r < size.rows - 1; r++) {
      screen += `${String(rng.int(1, 99999)).padStart(7)} ${pick(rng, ['root', 'www-data', 'postgres'])}  20   0 ${rng.int(1000, 999999)} ${rng.int(100, 99999)} ${rng.int(0, 99)}.${rng.int(0, 9)} ${rng.int(0, 9)}.${rng.int(0, 9)} ${pick(rng, WORDS)}\x1b[K\r\n`;
    }
    steps.push({ gapUs: f === 0 ? 50_000 : 3_000_000, code: 'o', data: screen + '\x1b[J' });
  }
  return [
    ...steps,
    {
      gapUs: rng.int(200_000, 900_000),
      code: 'o',
      data: `\x1b[${size.rows};1H\x1b[?25h\x1b[?1049l\x1b[23;0;0t\r\x1b[?1l\x1b>`,
    },
  ];
}

/** vim: alternate screen, a scroll region above the status line, scrolling with CSI S / reverse index. */
function vim(rng: Prng, size: { cols: number; rows: number }): Step[] {
  const body = size.rows - 1;
  const line = (n: number): string =>
    `\x1b[33m${String(n).padStart(4)} \x1b[m${pick(rng, ['key', 'host', 'port', 'user'])}: ${Array.from({ length: rng.int(1, 8) }, () => pick(rng, WORDS)).join(' ')}`;
  let first = `\x1b[?1049h\x1b[22;0;0t\x1b[?1h\x1b=\x1b[H\x1b[2J\x1b[?25l`;
  for (let r = 1; r <= body; r++) first += `\x1b[${r};1H${line(r)}`;
  const steps: Step[] = [
    { gapUs: 30_000, code: 'o', data: first + `\x1b[${size.rows};1H"config.yaml" 812L, 20113B\x1b[1;6H\x1b[?25h` },
  ];
  let topLine = 1;
  for (let k = 0, n = rng.int(20, 150); k < n; k++) {
    const down = rng.chance(0.7);
    topLine = Math.max(1, topLine + (down ? 1 : -1));
    const scroll = down
      ? `\x1b[1;${body}r\x1b[${body};1H\n\x1b[r\x1b[${body};1H${line(topLine + body - 1)}`
      : `\x1b[1;${body}r\x1b[1;1H\x1bM\x1b[r\x1b[1;1H${line(topLine)}`;
    steps.push({
      gapUs: rng.int(40_000, 300_000),
      code: 'o',
      data: `\x1b[?25l${scroll}\x1b[${size.rows};${size.cols - 18}H${topLine},1\x1b[K\x1b[1;6H\x1b[?25h`,
    });
  }
  return [
    ...steps,
    {
      gapUs: rng.int(500_000, 3_000_000),
      code: 'o',
      data: `\x1b[?25l\x1b[${size.rows};1H:wq\r\x1b[?25h\x1b[?1l\x1b>\x1b[?1049l\x1b[23;0;0t"config.yaml" 812L written\r\n`,
    },
  ];
}

/** A dialog box drawn with the DEC line-drawing set, left open across a pause. */
function dialogBox(rng: Prng, size: { cols: number; rows: number }): Step[] {
  const w = Math.min(60, size.cols - 4);
  let box = '\x1b[?1049h\x1b[1;1H\x1b[44m\x1b[2J\x1b[5;3H\x1b(0l' + 'q'.repeat(w) + 'k';
  for (let r = 6; r < 14; r++) box += `\x1b[${r};3Hx\x1b(B${' '.repeat(w)}\x1b(0x`;
  box += `\x1b[14;3Hm${'q'.repeat(w)}j`;
  const steps: Step[] = [{ gapUs: 40_000, code: 'o', data: box }];
  for (let k = 0; k < rng.int(3, 12); k++) {
    steps.push({
      gapUs: rng.int(300_000, 2_000_000),
      code: 'o',
      data: `\x1b[${rng.int(6, 13)};5H\x1b(B\x1b[47m\x1b[30m ${pick(rng, ['Europe', 'Asia', 'America'])}/${pick(rng, WORDS)} \x1b[44m\x1b(0`,
    });
  }
  return [
    ...steps,
    {
      gapUs: rng.int(500_000, 2_000_000),
      code: 'o',
      data: "\x1b(B\x1b[m\x1b[2J\x1b[?1049l\r\nCurrent default time zone: 'Europe/Berlin'\r\n",
    },
  ];
}
