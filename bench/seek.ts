import { inTempDir, progress } from './bench-io';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayEvent, ReplayFrame } from '../src/shared/views';
import { importFile } from '../src/main/ingest/import-file';
import { createReplayTerminal } from '../src/main/terminal/headless-terminal';
import { SNAPSHOT_INTERVAL_BYTES } from '../src/main/replay/snapshot-producer';
import { writeProgramSnapshots } from '../src/main/replay/snapshot-store';
import { openCase, type CaseDb } from '../src/main/store/open-case';
import { replayEvents, replayFrame, replayInfo } from '../src/main/replay/replay-queries';
import type { HeadlessTerminal } from '../src/main/terminal/headless-terminal';
import { collectGarbage, KiB, MiB, now, percentiles, Prng, type Percentiles } from './measure';
import { bytesLabel, mb, print, row, seconds, target } from './report';
import { buildSeekSession, writeAsciicast } from './seek-session';

/**
 * `bench.js --only seek [--quick]`: seeking in a two-hour interactive session (tens of MB of
 * output, full-screen programs, resizes) imported through the real importer. Each seek is timed
 * as main answers it (replayFrame) and as the renderer applies it (a fresh terminal: the
 * snapshot, then the events, until xterm's write callback), next to the baseline measured in
 * the same run: re-feeding every event from the start. Then what the snapshots cost: storage
 * per MB of output and import time, and the same figures for other snapshot intervals.
 */

const P99_TARGET_MS = 200;
const HOUR_US = 3_600_000_000;
const INTERVALS = [64 * KiB, SNAPSHOT_INTERVAL_BYTES, 1024 * KiB];

interface SeekTimes {
  main: Percentiles;
  apply: Percentiles;
  total: Percentiles;
  /** Characters the renderer is handed (snapshot + event text), p50/p99. */
  chars: Percentiles;
}

export async function runSeekBench(options: { quick: boolean }): Promise<void> {
  await inTempDir('sshlens-bench-seek-', async (dir) => {
    const spec = {
      seed: 0x5eec,
      durationUs: (options.quick ? 0.5 : 2) * HOUR_US,
      outputBytes: (options.quick ? 10 : 40) * 1e6,
      cols: 120,
      rows: 40,
    };
    progress('seek: generating the session...');
    const t0 = now();
    const session = buildSeekSession(spec);
    const castPath = join(dir, 'session.cast');
    await writeAsciicast(castPath, session, 1_709_467_200);
    const generated = now() - t0;

    progress('seek: importing...');
    const db = openCase(join(dir, 'seek.sqlite'));
    try {
      const t1 = now();
      const outcome = await importFile(db, castPath, { keys: async () => [] });
      const importSeconds = now() - t1;
      if (outcome.status !== 'imported')
        throw new Error(`the seek session did not import: ${outcome.error ?? outcome.status}`);
      const program = db.prepare('SELECT MAX(id) FROM programs').pluck().get() as number;
      const info = replayInfo(db, program);
      const events = db.prepare('SELECT event_count FROM programs WHERE id = ?').pluck().get(program) as number;
      print(
        `seek     a ${seconds(info.durationUs / 1e6)} interactive session (${session.commands.length} commands, ${session.resizes} resizes, ${events.toLocaleString('en-US')} events, ` +
          `${mb(info.outputBytes)} of output), asciicast ${mb(statSync(castPath).size)} imported into a new case; generated in ${seconds(generated)} (excluded)`,
      );

      const rng = new Prng(0x5eec);
      const positions = Array.from({ length: options.quick ? 60 : 200 }, () =>
        Math.floor((rng.next() / 0x1_0000_0000) * info.durationUs),
      );
      const baselinePositions = positions.slice(0, options.quick ? 6 : 20);
      print(
        `    milliseconds per seek to ${positions.length} random positions (baseline: the first ${baselinePositions.length}), case file in the OS page cache:`,
      );
      progress('seek: baseline, re-feeding from the start...');
      const baseline = await timeSeeks(baselinePositions, (t) => refeedFrame(db, program, t), info);
      const snapshots = await timeSeeks(positions, (t) => replayFrame(db, program, t), info);
      progress('');
      printSeeks('re-feed every event from the start', baseline, 'baseline');
      printSeeks(
        `nearest snapshot + events (every ${bytesLabel(SNAPSHOT_INTERVAL_BYTES)})`,
        snapshots,
        target(`total p99 < ${P99_TARGET_MS} ms`, snapshots.total.p99 < P99_TARGET_MS),
      );

      const stored = storage(db, program);
      const snapshotSeconds = await timeSnapshotPass(db, program, SNAPSHOT_INTERVAL_BYTES);
      print(
        row(
          'snapshots stored',
          `${stored.count} snapshots, ${bytesLabel(stored.bytes)} deflated (${bytesLabel(stored.bytes / stored.count)} each)`,
          `${bytesLabel(stored.bytes / (info.outputBytes / 1e6))} per MB of output`,
        ),
      );
      print(
        row(
          'import with snapshots',
          seconds(importSeconds),
          `the snapshot pass alone ${seconds(snapshotSeconds)}: +${Math.round((100 * snapshotSeconds) / Math.max(importSeconds - snapshotSeconds, 1e-9))}% over the import without it`,
        ),
      );

      print(`    other snapshot intervals (${Math.min(100, positions.length)} seeks each):`);
      for (const interval of INTERVALS) {
        progress(`seek: snapshots every ${bytesLabel(interval)}...`);
        const pass = await timeSnapshotPass(db, program, interval);
        const s = storage(db, program);
        const t = await timeSeeks(positions.slice(0, 100), (at) => replayFrame(db, program, at), info);
        progress('');
        print(
          row(
            `  every ${bytesLabel(interval)}`,
            `total ${pp(t.total)}`,
            `${bytesLabel(s.bytes / (info.outputBytes / 1e6)).padStart(8)}/MB`,
            `snapshot pass ${seconds(pass)}`,
          ),
        );
      }
    } finally {
      db.close();
    }
  });
}

/** Times each seek: main's answer, then applying it in a fresh terminal as the renderer does. */
async function timeSeeks(
  positions: readonly number[],
  frameAt: (atUs: number) => ReplayFrame,
  start: { cols: number; rows: number },
): Promise<SeekTimes> {
  for (const t of positions.slice(0, 3)) (await applyFrame(frameAt(t), start)).dispose(); // warm-up
  collectGarbage();
  const main: number[] = [];
  const apply: number[] = [];
  const total: number[] = [];
  const chars: number[] = [];
  for (const t of positions) {
    const t0 = now();
    const frame = frameAt(t);
    const t1 = now();
    const term = await applyFrame(frame, start);
    const t2 = now();
    term.dispose();
    main.push((t1 - t0) * 1000);
    apply.push((t2 - t1) * 1000);
    total.push((t2 - t0) * 1000);
    chars.push(
      (frame.snapshot?.data.length ?? 0) +
        frame.events.reduce((n, e) => n + (e.kind === 'output' ? e.text.length : 0), 0),
    );
  }
  return { main: percentiles(main), apply: percentiles(apply), total: percentiles(total), chars: percentiles(chars) };
}

/** What the renderer does with a frame; resolves once xterm has parsed all of it. */
async function applyFrame(frame: ReplayFrame, start: { cols: number; rows: number }): Promise<HeadlessTerminal> {
  const size = frame.snapshot ?? start;
  const term = createReplayTerminal(size.cols, size.rows);
  if (frame.snapshot) term.write(frame.snapshot.data);
  for (const ev of frame.events) {
    if (ev.kind === 'output') term.write(ev.text);
    else term.write('', () => term.resize(ev.cols, ev.rows));
  }
  await new Promise<void>((resolve) => term.write('', resolve));
  return term;
}

/** The baseline: every event from the start up to `atUs`, paged as the player would fetch them. */
function refeedFrame(db: CaseDb, program: number, atUs: number): ReplayFrame {
  const events: ReplayEvent[] = [];
  for (let afterUs = -1; ;) {
    const page = replayEvents(db, { program: `p${program}`, programRow: program, afterUs, maxChars: 4 * MiB });
    for (const ev of page.events) if (ev.atUs <= atUs) events.push(ev);
    if (page.done || page.events.length === 0 || page.events.at(-1)!.atUs > atUs) break;
    afterUs = page.events.at(-1)!.atUs;
  }
  return { atUs, snapshot: null, events };
}

/** Seconds to rewrite the program's snapshots at this interval, in a transaction of its own. */
async function timeSnapshotPass(db: CaseDb, program: number, interval: number): Promise<number> {
  collectGarbage();
  const t0 = now();
  db.exec('BEGIN IMMEDIATE');
  try {
    await writeProgramSnapshots(db, program, interval);
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
  return now() - t0;
}

function storage(db: CaseDb, program: number): { count: number; bytes: number } {
  return db
    .prepare(
      'SELECT COUNT(*) AS count, COALESCE(SUM(length(data)), 0) AS bytes FROM terminal_snapshots WHERE program_id = ?',
    )
    .get(program) as { count: number; bytes: number };
}

function printSeeks(label: string, t: SeekTimes, verdict: string): void {
  print(row(label, `main ${pp(t.main)}`, `apply ${pp(t.apply)}`));
  print(
    row(
      '',
      `total ${pp(t.total)}`,
      `(${Math.round(t.chars.p50 / 1000)}k..${Math.round(t.chars.p99 / 1000)}k chars p50..p99)`,
      verdict,
    ),
  );
}

const ms = (x: number): string => `${x.toFixed(x >= 100 ? 0 : 1)} ms`;
const pp = (p: Percentiles): string => `p50 ${ms(p.p50).padStart(8)}  p99 ${ms(p.p99).padStart(8)}`;
