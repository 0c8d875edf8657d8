import { SerializeAddon } from '@xterm/addon-serialize';
import xtermHeadless from '@xterm/headless';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeekSession, writeAsciicast } from '../../bench/seek-session';
import { sealCapture } from '../../src/main/crypto/seal-capture';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import type { PacketSpec } from '../../src/main/formats/capture/capture-encoder';
import { resizeOf } from '../../src/main/formats/recording';
import { importFile, type ImportOptions } from '../../src/main/ingest/import-file';
import { writeProgramSnapshots } from '../../src/main/replay/snapshot-store';
import { readEvents } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import {
  execStreams,
  findInProgram,
  replayEvents,
  replayFrame,
  replayInfo,
} from '../../src/main/replay/replay-queries';
import { EXEC_STREAM_CHARS, type ReplayEvent, type ReplayFrame } from '../../src/shared/views';
import { sample, SAMPLES, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';

const { Terminal } = xtermHeadless;
type Term = InstanceType<typeof Terminal>;

// The player's terminal, spelled out here rather than imported: a change on the main side must
// show up as a failure, not travel silently into both sides of the comparison.
const SCROLLBACK = 1000;
const newTerminal = (cols: number, rows: number): Term =>
  new Terminal({ cols, rows, scrollback: SCROLLBACK, allowProposedApi: true });

const key = samplePrivateKey();
const withSampleKey: ImportOptions = {
  keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
};
const RECORDINGS = join(SAMPLES, '..', 'recordings');

const dir = tempDir();
afterAll(() => dir.cleanup());

async function importInto(db: CaseDb, path: string): Promise<number> {
  const outcome = await importFile(db, path, withSampleKey);
  expect(outcome.error).toBeUndefined();
  return db.prepare('SELECT MAX(program_id) FROM program_sources').pluck().get() as number;
}

function write(term: Term, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/**
 * What a viewer can tell apart: both buffers line by line (and which continue the line above),
 * the cursor, modes, colours (serialize). Not whether the oldest line continues one that fell
 * out of the scrollback: no output can mark a terminal's first line so.
 */
function screenState(term: Term): unknown {
  const lines = (buffer: Term['buffer']['normal']): string[] =>
    Array.from({ length: buffer.length }, (_, i) => {
      const line = buffer.getLine(i)!;
      return `${line.isWrapped && i > 0 ? '~' : '|'}${line.translateToString(true)}`;
    });
  const serializer = new SerializeAddon();
  term.loadAddon(serializer);
  const active = term.buffer.active;
  return {
    size: [term.cols, term.rows],
    type: active.type,
    cursor: [active.cursorX, active.cursorY, active.baseY],
    normal: lines(term.buffer.normal),
    alternate: active.type === 'alternate' ? lines(term.buffer.alternate) : [],
    modes: { ...term.modes },
    serialized: serializer.serialize({ scrollback: SCROLLBACK }),
  };
}

/**
 * The reference: every stored event from the start, read straight from the store and decoded
 * as one stream, played into a fresh terminal. It advances through increasing times, so the
 * many checks of one recording cost one replay.
 */
class FullReplay {
  readonly term: Term;
  private readonly events;
  private readonly decoder = new TextDecoder();
  private pending: { atUs: number; kind: string; data: Uint8Array } | undefined;

  constructor(db: CaseDb, row: number) {
    const size = db.prepare('SELECT term_cols AS cols, term_rows AS rows FROM programs WHERE id = ?').get(row) as {
      cols: number | null;
      rows: number | null;
    };
    this.term = newTerminal(size.cols ?? 80, size.rows ?? 24);
    this.events = [...readEvents(db, row)];
  }

  async playUntil(atUs: number): Promise<void> {
    let text = '';
    while (this.events.length > 0 && this.events[0]!.atUs <= atUs) {
      const ev = this.events.shift()!;
      if (ev.kind === 'output') text += this.decoder.decode(ev.data, { stream: true });
      const size = ev.kind === 'resize' ? resizeOf(ev) : null;
      if (size) {
        await write(this.term, text);
        text = '';
        this.term.resize(size.cols, size.rows);
      }
    }
    await write(this.term, text);
  }
}

/** What the renderer does with a frame: a terminal of the snapshot's size (or the start's), the snapshot, the events. */
async function restore(frame: ReplayFrame, start: { cols: number; rows: number }): Promise<Term> {
  const term = frame.snapshot
    ? newTerminal(frame.snapshot.cols, frame.snapshot.rows)
    : newTerminal(start.cols, start.rows);
  if (frame.snapshot) await write(term, frame.snapshot.data);
  await playInto(term, frame.events);
  return term;
}

async function playInto(term: Term, events: readonly ReplayEvent[]): Promise<void> {
  for (const ev of events) {
    if (ev.kind === 'output') term.write(ev.text);
    else await write(term, '').then(() => term.resize(ev.cols, ev.rows));
  }
  await write(term, '');
}

function snapshotTimes(db: CaseDb, row: number): number[] {
  return db
    .prepare('SELECT at_us FROM terminal_snapshots WHERE program_id = ? ORDER BY at_us')
    .pluck()
    .all(row) as number[];
}

/** Every snapshot time and the microsecond either side, event times, random times, the end. */
function timesToCheck(db: CaseDb, row: number, randomCount: number, seed: number): number[] {
  const eventTimes = [...new Set([...readEvents(db, row)].map((e) => e.atUs))];
  const last = eventTimes.at(-1) ?? 0;
  let x = seed;
  const random = (): number => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const times = new Set<number>([0, last, last + 1_000_000]);
  for (const t of snapshotTimes(db, row)) [t - 1, t, t + 1].forEach((u) => times.add(u));
  for (let i = 0; i < randomCount; i++) {
    times.add(Math.floor(random() * last));
    times.add(eventTimes[Math.floor(random() * eventTimes.length)]!);
  }
  return [...times].filter((t) => t >= 0).sort((a, b) => a - b);
}

/** Compares replayFrame(t), restored, with the full replay at every time to check. */
async function expectFramesMatchFullReplay(db: CaseDb, row: number, times: number[]): Promise<void> {
  const start = replayInfo(db, row);
  const reference = new FullReplay(db, row);
  for (const t of times) {
    await reference.playUntil(t);
    const restored = await restore(replayFrame(db, row, t), start);
    expect(screenState(restored), `at ${t} µs`).toEqual(screenState(reference.term));
    restored.dispose();
  }
  reference.term.dispose();
}

/**
 * Restores each snapshot and plays everything after it through replayEvents pages: state the
 * snapshot failed to carry (a scroll region, a character set) shows up in what follows.
 */
async function expectSnapshotsCarryOn(db: CaseDb, row: number): Promise<void> {
  const start = replayInfo(db, row);
  const reference = new FullReplay(db, row);
  await reference.playUntil(Number.MAX_SAFE_INTEGER);
  const expected = screenState(reference.term);
  reference.term.dispose();
  for (const t of snapshotTimes(db, row)) {
    const term = await restore(replayFrame(db, row, t), start);
    await playInto(term, allEventsAfter(db, row, t, 4096));
    expect(screenState(term), `from the snapshot at ${t} µs`).toEqual(expected);
    term.dispose();
  }
}

function allEventsAfter(db: CaseDb, row: number, afterUs: number, maxChars: number): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  for (;;) {
    const page = replayEvents(db, { program: `p${row}`, programRow: row, afterUs, maxChars });
    events.push(...page.events);
    if (page.done) return events;
    expect(page.events.length).toBeGreaterThan(0);
    afterUs = page.events.at(-1)!.atUs;
  }
}

const castFiles = readdirSync(RECORDINGS).filter((f) => f.endsWith('.cast'));
const sampleFiles = ['sample-shell.capture', 'sample-editing.capture', 'sample-shell.cast', 'sample-editing.cast'];

describe.each([...castFiles.map((f) => join(RECORDINGS, f)), ...sampleFiles.map(sample)])('replay of %s', (path) => {
  let db: CaseDb;
  let row: number;
  beforeAll(async () => {
    db = openCase(join(dir.path, `${basename(path)}.sqlite`));
    row = await importInto(db, path);
    // These recordings are small: snapshots every 128 bytes instead of 256 KiB give tens of them.
    await writeProgramSnapshots(db, row, 128);
  });
  afterAll(() => db.close());

  it('has snapshots to test', () => {
    expect(snapshotTimes(db, row).length).toBeGreaterThan(2);
  });

  it('restores the same screen from replayFrame as a full replay, at every snapshot and in between', async () => {
    await expectFramesMatchFullReplay(db, row, timesToCheck(db, row, 30, row * 7919));
  });

  it('carries on from every snapshot to the same final screen', async () => {
    await expectSnapshotsCarryOn(db, row);
  });
});

describe('a long session (asciicast: resizes, full-screen programs, scroll regions, line drawing)', () => {
  let db: CaseDb;
  let row: number;
  beforeAll(async () => {
    const session = buildSeekSession({ seed: 0x5eec, durationUs: 20 * 60e6, outputBytes: 4e6, cols: 120, rows: 40 });
    expect(session.resizes).toBeGreaterThan(0);
    const path = join(dir.path, 'long.cast');
    await writeAsciicast(path, session, 1_795_000_000);
    db = openCase(join(dir.path, 'long.sqlite'));
    row = await importInto(db, path);
  });
  afterAll(() => db.close());

  it('stores snapshots at the import, every 256 KiB of output, at time boundaries', () => {
    const rows = db
      .prepare('SELECT at_us, output_offset FROM terminal_snapshots WHERE program_id = ? ORDER BY at_us')
      .all(row) as Array<{ at_us: number; output_offset: number }>;
    const outputBytes = replayInfo(db, row).outputBytes;
    expect(rows.length).toBeGreaterThanOrEqual(Math.floor(outputBytes / (256 * 1024)) - 2);
    const events = [...readEvents(db, row)];
    for (const s of rows) {
      const before = events
        .filter((e) => e.atUs <= s.at_us && e.kind === 'output')
        .reduce((n, e) => n + e.data.length, 0);
      expect(s.output_offset).toBe(before);
    }
  });

  it('restores the same screen as a full replay at snapshot times and 40 random times', async () => {
    await expectFramesMatchFullReplay(db, row, timesToCheck(db, row, 20, 42));
  });

  it('carries on from every snapshot to the same final screen', async () => {
    await expectSnapshotsCarryOn(db, row);
  });

  it('pages through every drawable event exactly once, never splitting a moment', () => {
    const expected = [...readEvents(db, row)].filter((e) => e.kind === 'output' || e.kind === 'resize');
    const pages: ReplayEvent[][] = [];
    let afterUs = -1;
    for (;;) {
      const page = replayEvents(db, { program: `p${row}`, programRow: row, afterUs, maxChars: 50_000 });
      pages.push(page.events);
      if (page.done) break;
      afterUs = page.events.at(-1)!.atUs;
    }
    expect(pages.length).toBeGreaterThan(10);
    for (let i = 1; i < pages.length; i++) expect(pages[i]![0]!.atUs).toBeGreaterThan(pages[i - 1]!.at(-1)!.atUs);
    const got = pages.flat();
    expect(got.map((e) => [e.atUs, e.kind])).toEqual(expected.map((e) => [e.atUs, e.kind]));
    const decoder = new TextDecoder();
    const text = expected.map((e) => (e.kind === 'output' ? decoder.decode(e.data, { stream: true }) : '')).join('');
    expect(got.map((e) => (e.kind === 'output' ? e.text : '')).join('')).toBe(text);
  });
});

describe('output cut inside UTF-8 characters (capture packets)', () => {
  it('decodes a character split across events, also when a snapshot or a page falls between its bytes', async () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const packets: PacketSpec[] = [{ source: 1, elapsedUs: 1000, data: enc('$ ') }];
    let t = 2000;
    for (let i = 0; i < 400; i++) {
      const bytes = enc(`Größe ✔ 東京 ${i} ${'é'.repeat(i % 7)}\r\n`);
      const cut = 1 + (i % (bytes.length - 1));
      packets.push(
        { source: 1, elapsedUs: (t += 1000), data: bytes.subarray(0, cut) },
        { source: 1, elapsedUs: (t += 1000), data: bytes.subarray(cut) },
      );
    }
    const path = join(dir.path, 'split.capture');
    writeFileSync(path, await sealCapture(packets, sealed({ term: 'xterm', width: 80, height: 24, modes: [] })));
    const db = openCase(join(dir.path, 'split.sqlite'));
    try {
      const row = await importInto(db, path);
      await writeProgramSnapshots(db, row, 512);
      expect(snapshotTimes(db, row).length).toBeGreaterThan(20);
      await expectFramesMatchFullReplay(db, row, timesToCheck(db, row, 40, 7));
      await expectSnapshotsCarryOn(db, row);
      const text = allEventsAfter(db, row, -1, 100)
        .map((e) => (e.kind === 'output' ? e.text : ''))
        .join('');
      expect(text).not.toContain('\ufffd');
      expect(text).toContain('Größe ✔ 東京 399 ');
    } finally {
      db.close();
    }
  });
});

describe('snapshots and the import', () => {
  it('gives a small program none, and a frame without a snapshot starts from the recorded size', async () => {
    const db = openCase(join(dir.path, 'small.sqlite'));
    try {
      const row = await importInto(db, sample('sample-editing.capture'));
      expect(snapshotTimes(db, row)).toEqual([]);
      const info = replayInfo(db, row);
      const t = truth('sample-editing');
      expect(info).toMatchObject({
        program: `p${row}`,
        cols: t.pty!.width,
        rows: t.pty!.height,
        scrollback: SCROLLBACK,
        start: new Date(t.started_at * 1000).toISOString(),
      });
      const frame = replayFrame(db, row, info.durationUs);
      expect(frame.snapshot).toBeNull();
      const output = [...readEvents(db, row)].filter((e) => e.kind === 'output');
      expect(frame.events.map((e) => (e.kind === 'output' ? e.text : '')).join('')).toBe(
        new TextDecoder().decode(Buffer.concat(output.map((e) => e.data))),
      );
    } finally {
      db.close();
    }
  });

  it('plays from the start rather than use a snapshot that no longer matches the stored events', async () => {
    const db = openCase(join(dir.path, 'stale.sqlite'));
    try {
      const row = await importInto(db, join(RECORDINGS, 'fullscreen.cast'));
      await writeProgramSnapshots(db, row, 1024);
      const [, second] = snapshotTimes(db, row);
      db.prepare(
        'UPDATE terminal_snapshots SET output_offset = output_offset + 1 WHERE program_id = ? AND at_us = ?',
      ).run(row, second);
      expect(replayFrame(db, row, second!).snapshot).toBeNull();
      await expectFramesMatchFullReplay(db, row, [second!, second! + 1]);
    } finally {
      db.close();
    }
  });

  it('refuses a program that is not in the case', () => {
    const db = openCase(join(dir.path, 'empty.sqlite'));
    try {
      expect(() => replayInfo(db, 99)).toThrow(/no program p99/);
      expect(() => replayFrame(db, 99, 0)).toThrow(/no program p99/);
      expect(() => replayEvents(db, { program: 'p99', programRow: 99, afterUs: -1, maxChars: 10 })).toThrow(
        /no program p99/,
      );
      expect(() => findInProgram(db, { program: 'p99', programRow: 99, text: 'x', limit: 5 })).toThrow(
        /no program p99/,
      );
      expect(() => execStreams(db, 99)).toThrow(/no program p99/);
    } finally {
      db.close();
    }
  });
});

describe('find in a program', () => {
  let db: CaseDb;
  let row: number;
  beforeAll(async () => {
    db = openCase(join(dir.path, 'find.sqlite'));
    row = await importInto(db, sample('sample-shell.capture'));
  });
  afterAll(() => db.close());

  it('finds a command that was run, case-insensitively, and seeks to where it shows', async () => {
    const hits = findInProgram(db, { program: `p${row}`, programRow: row, text: 'TAIL -N', limit: 10 });
    const command = hits.find((h) => h.in === 'command');
    expect(command).toBeDefined();
    expect(command!.snippet.slice(command!.matches[0]!.start, command!.matches[0]!.end)).toBe('tail -n');
    const term = await restore(replayFrame(db, row, command!.atUs), replayInfo(db, row));
    const screen = Array.from({ length: term.buffer.active.length }, (_, i) =>
      term.buffer.active.getLine(i)!.translateToString(true),
    ).join('\n');
    expect(screen).toContain('tail -n 3 dpkg.log');
    term.dispose();
  });

  it('finds text in the output, with a moment at which the frame already shows it', async () => {
    const hits = findInProgram(db, { program: `p${row}`, programRow: row, text: 'größe', limit: 10 });
    const output = hits.find((h) => h.in === 'output');
    expect(output).toBeDefined();
    expect(output!.snippet).toContain('Preis: 12 € — Größe ✔');
    const term = await restore(replayFrame(db, row, output!.atUs), replayInfo(db, row));
    const screen = Array.from({ length: term.buffer.active.length }, (_, i) =>
      term.buffer.active.getLine(i)!.translateToString(true),
    ).join('\n');
    expect(screen).toContain('Größe ✔');
    term.dispose();
  });

  it('returns hits in time order, at most the limit', () => {
    const all = findInProgram(db, { program: `p${row}`, programRow: row, text: 'e', limit: 1000 });
    expect(all.length).toBeGreaterThan(5);
    expect(all.map((h) => h.atUs)).toEqual([...all.map((h) => h.atUs)].sort((a, b) => a - b));
    expect(findInProgram(db, { program: `p${row}`, programRow: row, text: 'e', limit: 3 })).toEqual(all.slice(0, 3));
    expect(
      findInProgram(db, { program: `p${row}`, programRow: row, text: 'no such text anywhere', limit: 10 }),
    ).toEqual([]);
  });
});

describe('exec streams', () => {
  const raw = JSON.parse(readFileSync(sample('raw/sample-exec.exec.json'), 'utf8')) as {
    command: string;
    chunks: Array<{ stream: 'stdout' | 'stderr'; b64: string }>;
  };
  const streamOf = (name: 'stdout' | 'stderr'): Buffer =>
    Buffer.concat(raw.chunks.filter((c) => c.stream === name).map((c) => Buffer.from(c.b64, 'base64')));

  it('gives stdout and stderr of the exec sample apart', async () => {
    const db = openCase(join(dir.path, 'exec.sqlite'));
    try {
      const row = await importInto(db, sample('sample-exec.capture'));
      expect(execStreams(db, row)).toEqual({
        program: `p${row}`,
        command: null, // a capture does not record the command: Logpush and asciicast do
        stdin: '',
        stdout: streamOf('stdout').toString('utf8'),
        stderr: streamOf('stderr').toString('utf8'),
        stdinBytes: 0,
        stdoutBytes: streamOf('stdout').length,
        stderrBytes: streamOf('stderr').length,
        stderrApart: true,
        truncated: false,
      });
    } finally {
      db.close();
    }
  });

  it('gives the command an asciicast recorded', async () => {
    const db = openCase(join(dir.path, 'exec-cast.sqlite'));
    try {
      const streams = execStreams(db, await importInto(db, sample('sample-exec.cast')));
      expect(streams.command).toBe(truth('sample-exec').exec_command);
      expect(streams.stdout + streams.stderr).toBe(
        streamOf('stdout').toString('utf8') + streamOf('stderr').toString('utf8'),
      );
      // An asciicast has one output stream: what went to stderr is in stdout, and the view says so.
      expect(streams.stderrBytes).toBe(0);
      expect(streams.stdout).toContain(streamOf('stderr').toString('utf8'));
      expect(streams.stderrApart).toBe(false);
    } finally {
      db.close();
    }
  });

  it('caps a big stream at EXEC_STREAM_CHARS and still counts every byte', async () => {
    const line = 'x'.repeat(99) + '\n';
    const packets: PacketSpec[] = [{ source: 0, elapsedUs: 10, data: new TextEncoder().encode('secret-input\n') }];
    for (let i = 0; i < 120; i++)
      packets.push({ source: 1, elapsedUs: 100 + i, data: new TextEncoder().encode(line.repeat(100)) });
    packets.push({ source: 1, code: 1, elapsedUs: 500, data: new TextEncoder().encode('oops ✗\n') });
    const path = join(dir.path, 'big-exec.capture');
    writeFileSync(path, await sealCapture(packets, sealed(null)));
    const db = openCase(join(dir.path, 'big-exec.sqlite'));
    try {
      const streams = execStreams(db, await importInto(db, path));
      expect(streams).toMatchObject({
        stdin: 'secret-input\n',
        stdinBytes: 13,
        stderr: 'oops ✗\n',
        stderrBytes: 9,
        stdoutBytes: 1_200_000,
        truncated: true,
      });
      expect(streams.stdout).toBe(line.repeat(EXEC_STREAM_CHARS / line.length));
    } finally {
      db.close();
    }
  });

  it('refuses an interactive shell: its input is keystrokes', async () => {
    const db = openCase(join(dir.path, 'exec-shell.sqlite'));
    try {
      const row = await importInto(db, sample('sample-shell.capture'));
      expect(() => execStreams(db, row)).toThrow(/interactive shell/);
    } finally {
      db.close();
    }
  });
});

function sealed(pty: Parameters<typeof sealCapture>[1]['pty']): Parameters<typeof sealCapture>[1] {
  return {
    publicKey: derivePublicKey(key),
    startedAt: 1_795_281_616,
    pty,
    exitData: { timestamp: 1_795_281_700, status: 0, signal: null, error_msg: null },
    blockSizes: [4096],
  };
}
