import { inTempDir, progress } from './bench-io';
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { ProgramType } from '../src/shared/model';
import type { TimelineFilter } from '../src/shared/views';
import { getSession, listSessions } from '../src/main/store/case-queries';
import { openCase, type CaseDb } from '../src/main/store/open-case';
import { timelineFacets, timelineHistogram, timelinePage } from '../src/main/store/timeline-queries';
import { runningAt, timelineLanes } from '../src/main/store/timeline-lanes';
import { now, percentiles, Prng, type Percentiles } from './measure';
import { mb, print, row, seconds, target } from './report';

/**
 * `bench.js --only timeline [--quick]`: the timeline's queries (facets, histogram, pages) over
 * a synthetic case of 100,000 sessions, each timed many times, as p50/p99 in milliseconds next
 * to baselines timed in the same run: one pass over the sessions table, and loading every session
 * with listSessions (what the UI would do without these queries).
 */

const SESSIONS = 100_000;
const P99_TARGET_MS = 50;
const DAY_US = 86_400_000_000;
const END_US = Date.UTC(2026, 10, 21) * 1000;
const DAYS = 180;

interface BuiltCase {
  sessions: number;
  programs: number;
  commands: number;
  users: string[];
  targets: string[];
  clientHosts: string[];
  seconds: number;
}

const FIRST = [
  'kai',
  'alex',
  'sam',
  'rio',
  'noor',
  'lena',
  'tomas',
  'ines',
  'yuki',
  'omar',
  'mara',
  'jonas',
  'priya',
  'chen',
  'ada',
];
const LOGINS = ['root', 'ubuntu', 'deploy', 'admin', 'ops'];
const COMMANDS = [
  'ls -la',
  'cd /var/log',
  'tail -n 50 syslog',
  'sudo systemctl restart nginx',
  'df -h',
  'cat /etc/os-release',
  'ps aux',
  'exit',
];

/**
 * 100,000 sessions over 180 days: 300 users (a tenth known by login name only), 800 targets and
 * 2,000 client hosts, each chosen with a skew (a few are everywhere); 1 to 5 programs per
 * session (shells of 3 to 40 commands, one-command execs, a few tunnels and X11), some failed,
 * killed or partial; 1% of sessions without a known start. Rows go in with prepared statements
 * in big transactions; the full-text triggers are dropped first (the timeline never reads them).
 */
export function buildTimelineCase(db: CaseDb, progress: (text: string) => void): BuiltCase {
  const rng = new Prng(0x71e11e);
  const skew = (n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(rng.next() / 0x1_0000_0000, 2)));
  const pick = <T>(list: readonly T[]): T => list[skew(list.length)]!;
  const users = Array.from({ length: 300 }, (_, i) => `${FIRST[i % FIRST.length]}.user${i}@corp.example`);
  const targets = Array.from(
    { length: 800 },
    (_, i) => `target-${String(i).padStart(4, '0')}-${rng.next().toString(16)}`,
  );
  const targetHosts = targets.map(() => `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  const clientHosts = Array.from(
    { length: 2000 },
    () => `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  );
  db.exec('DROP TRIGGER IF EXISTS commands_ai; DROP TRIGGER IF EXISTS outputs_ai;');
  const insert = {
    source: db.prepare(
      "INSERT INTO sources (path, size, sha256, format, imported_at_us, status) VALUES (?, ?, ?, 'logpush', ?, 'imported')",
    ),
    session:
      db.prepare(`INSERT INTO sessions (cf_session_id, user_email, user_id, username, target_id, client_address, server_address, started_at_us, finished_at_us, error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    program:
      db.prepare(`INSERT INTO programs (session_id, type, started_at_us, finished_at_us, incomplete, exit_status, exit_signal, event_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    programSource: db.prepare('INSERT INTO program_sources (program_id, source_id) VALUES (?, ?)'),
    command:
      db.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, text, output_start_us, output_end_us, output_start_offset, output_end_offset)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`),
  };
  const built: BuiltCase = { sessions: 0, programs: 0, commands: 0, users, targets, clientHosts, seconds: 0 };
  // One Logpush file per 50 sessions, as a day's export brings many at once.
  let source = 0;
  const addProgram = (sessionRow: number, startUs: number | null, endUs: number | null): void => {
    const roll = rng.int(0, 99);
    const type: ProgramType =
      roll < 60 ? 'shell' : roll < 95 ? 'exec' : roll < 98 ? 'direct-tcpip' : roll < 99 ? 'x11' : 'forwarded-tcpip';
    const exitStatus =
      type === 'exec'
        ? rng.chance(0.1)
          ? rng.int(1, 127)
          : 0
        : type === 'shell'
          ? rng.chance(0.5)
            ? 0
            : null
          : null;
    const programRow = Number(
      insert.program.run(
        sessionRow,
        type,
        startUs,
        endUs,
        rng.chance(0.01) ? 1 : 0,
        exitStatus,
        rng.chance(0.005) ? 'KILL' : null,
        rng.int(10, 5000),
      ).lastInsertRowid,
    );
    insert.programSource.run(programRow, source);
    const commands = type === 'shell' ? rng.int(3, 40) : type === 'exec' ? 1 : 0;
    let atUs = 0;
    for (let seq = 0; seq < commands; seq++) {
      atUs += rng.int(1_000_000, 30_000_000);
      insert.command.run(
        programRow,
        seq,
        atUs,
        type === 'exec' ? 'exec' : 'shell',
        type === 'exec' ? 'exec' : 'screen',
        pick(COMMANDS),
        atUs + 1000,
        atUs + 900_000,
      );
    }
    built.programs += 1;
    built.commands += commands;
  };
  const addSession = (): void => {
    if (built.sessions % 50 === 0) {
      source = Number(
        insert.source.run(
          `/cases/export-${built.sessions}.ndjson.gz`,
          rng.int(1e5, 1e7),
          `${rng.next().toString(16)}-${built.sessions}`,
          END_US,
        ).lastInsertRowid,
      );
    }
    const user = skew(users.length);
    const target = skew(targets.length);
    const startUs = rng.chance(0.01)
      ? null
      : END_US - DAYS * DAY_US + Math.floor((built.sessions / SESSIONS) * DAYS * DAY_US) + rng.int(0, 600_000_000);
    const endUs = startUs === null ? null : startUs + rng.int(1_000_000, 3_600_000_000);
    const sessionRow = Number(
      insert.session.run(
        `cf-${built.sessions}`,
        rng.chance(0.1) ? null : users[user],
        `uid-${user}`,
        pick(LOGINS),
        targets[target],
        `${pick(clientHosts)}:${rng.int(30000, 65000)}`,
        `${targetHosts[target]}:22`,
        startUs,
        endUs,
        rng.chance(0.02) ? 'connection reset by peer' : null,
      ).lastInsertRowid,
    );
    built.sessions += 1;
    const programs = rng.chance(0.7) ? 1 : rng.chance(0.66) ? 2 : rng.int(3, 5);
    for (let i = 0; i < programs; i++) addProgram(sessionRow, startUs, endUs);
  };
  const batch = db.transaction((limit: number) => {
    while (built.sessions < limit) addSession();
  });
  const t0 = now();
  while (built.sessions < SESSIONS) {
    batch(Math.min(SESSIONS, built.sessions + 10_000));
    progress(`timeline: inserting sessions ${built.sessions}/${SESSIONS}...`);
  }
  built.seconds = now() - t0;
  return built;
}

/** Milliseconds per call: `samples` timed calls after one untimed warm-up. */
function time(samples: number, call: () => unknown): Percentiles {
  call();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = now();
    call();
    ms.push((now() - t0) * 1000);
  }
  return percentiles(ms);
}

const ms = (x: number): string => `${x.toFixed(x >= 100 ? 0 : 1)} ms`;
const pp = (p: Percentiles): string => `p50 ${ms(p.p50).padStart(8)}  p99 ${ms(p.p99).padStart(8)}`;
const thousands = (n: number): string => n.toLocaleString('en-US');

export async function runTimelineBench(options: { quick: boolean }): Promise<void> {
  const cpu = cpus();
  print(
    `sshlens bench (node ${process.version}, ${cpu.length} cores ${cpu[0]?.model.trim() ?? ''}, load ${loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}) --only timeline${options.quick ? ' --quick' : ''}`,
  );
  await inTempDir('sshlens-bench-timeline-', async (dir) => {
    const casePath = join(dir, 'timeline.sqlite');
    const building = openCase(casePath);
    let built: BuiltCase;
    try {
      built = buildTimelineCase(building, progress);
      building.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      building.close();
    }
    progress('');
    // A fresh connection with sshlens's own settings, as the app opens a case.
    // As the app's connection (services/case-connection.ts).
    const db = openCase(casePath, { browsing: true });
    try {
      const samples = options.quick ? 20 : 100;
      print(
        `timeline ${thousands(built.sessions)} synthetic sessions, ${thousands(built.programs)} programs, ${thousands(built.commands)} commands ` +
          `(${built.users.length} users, ${built.targets.length} targets, ${DAYS} days), case ${mb(statSync(casePath).size)}; built in ${seconds(built.seconds)} (excluded)`,
      );
      print(
        `    milliseconds per call, ${samples} calls each after a warm-up (fewer for the slow baselines), case file in the OS page cache:`,
      );
      printBaselines(db, samples, progress);
      printQueries(db, built, samples, progress);
      const missed = goals.filter((g) => !g.met);
      print(
        row(
          `timeline p99 < ${P99_TARGET_MS} ms, every query above`,
          missed.length === 0
            ? 'met'
            : `NOT met (${missed.length} of ${goals.length}: ${missed.map((g) => g.label.trim()).join('; ')})`,
          `load ${loadavg()[0]!.toFixed(1)} at the end`,
        ),
      );
    } finally {
      db.close();
    }
  });
}

/** Milliseconds per call of `call`, printed on one row with the target or the word baseline. */
/** The goal rows timed so far (facets, histograms, lanes, pages), for the summary line. */
const goals: Array<{ label: string; met: boolean }> = [];

function timeRow(
  label: string,
  samples: number,
  call: () => unknown,
  progress: (text: string) => void,
  isBaseline = false,
): void {
  progress(`timeline: ${label}...`);
  const p = time(samples, call);
  progress('');
  if (!isBaseline) goals.push({ label, met: p.p99 < P99_TARGET_MS });
  print(
    row(
      label,
      pp(p),
      isBaseline ? `baseline (${samples} calls)` : target(`p99 < ${P99_TARGET_MS} ms`, p.p99 < P99_TARGET_MS),
    ),
  );
}

function printBaselines(db: CaseDb, samples: number, progress: (text: string) => void): void {
  timeRow(
    'a pass over every session row (no index)',
    samples,
    () => db.prepare('SELECT count(*) FROM sessions NOT INDEXED WHERE finished_at_us > 0').pluck().get(),
    progress,
    true,
  );
  timeRow('listSessions: every session with its programs', 3, () => listSessions(db), progress, true);
  timeRow(
    '  the same, one getSession per row (N+1)',
    1,
    () =>
      db
        .prepare('SELECT id FROM sessions')
        .pluck()
        .all()
        .forEach((id) => getSession(db, id as number)),
    progress,
    true,
  );
}

function printQueries(db: CaseDb, built: BuiltCase, samples: number, progress: (text: string) => void): void {
  const line = (label: string, call: () => unknown): void => timeRow(label, samples, call, progress);
  line('facets (users, targets, addresses, types)', () => timelineFacets(db));

  const span = timelineFacets(db);
  const weekFrom = span.fromMs! + 60 * 86_400_000;
  const week: TimelineFilter = { fromMs: weekFrom, toMs: weekFrom + 7 * 86_400_000 };
  const filters: Array<[string, TimelineFilter]> = [
    ['no filter', {}],
    ['user (a frequent one)', { user: built.users[0]! }],
    ['user (a rare one)', { user: built.users[299]! }],
    ['target', { target: built.targets[3]! }],
    ['address prefix', { address: built.clientHosts[0]!.split('.').slice(0, 2).join('.') + '.' }],
    ['type exec, problems only', { type: 'exec', problemsOnly: true }],
    ['type x11', { type: 'x11' }],
    ['type shell', { type: 'shell' }],
    ['one week brushed', week],
    ['one week, user and shell', { ...week, user: built.users[1]!, type: 'shell' }],
  ];
  for (const [name, filter] of filters)
    line(`histogram, 200 buckets, ${name}`, () => timelineHistogram(db, { filter, buckets: 200 }));
  // The axis the timeline draws: the case's span (no first pass for the filtered span) or a zoomed week.
  const caseAxis = { fromMs: span.fromMs!, toMs: span.toMs! };
  line('histogram, 200 buckets over the case, type shell', () =>
    timelineHistogram(db, { filter: { type: 'shell' }, buckets: 200, ...caseAxis }),
  );
  line('histogram, 200 buckets over one week, no filter', () =>
    timelineHistogram(db, { filter: {}, buckets: 200, fromMs: week.fromMs!, toMs: week.toMs! }),
  );

  // The swim lanes read only the visible window, capped: 60 lanes of at most 100 sessions.
  for (const laneBy of ['user', 'target', 'address'] as const) {
    line(`lanes by ${laneBy}, one week, 60 × 100`, () =>
      timelineLanes(db, { filter: {}, laneBy, fromMs: week.fromMs!, toMs: week.toMs!, maxLanes: 60, maxPerLane: 100 }),
    );
  }
  line('lanes by user, the whole case, 60 × 100', () =>
    timelineLanes(db, { filter: {}, laneBy: 'user', ...caseAxis, maxLanes: 60, maxPerLane: 100 }),
  );
  line('lanes by target, one week, type shell', () =>
    timelineLanes(db, {
      filter: { type: 'shell' },
      laneBy: 'target',
      fromMs: week.fromMs!,
      toMs: week.toMs!,
      maxLanes: 60,
      maxPerLane: 100,
    }),
  );
  line('running at an instant (the cursor)', () =>
    runningAt(db, { filter: {}, atMs: week.fromMs! + 3_600_000, limit: 200 }),
  );

  for (const offset of [0, 50_000, 99_900])
    line(`page of 100 at ${thousands(offset)}, no filter`, () => timelinePage(db, { filter: {}, offset, limit: 100 }));
  for (const [name, filter] of filters.slice(1)) {
    const total = timelinePage(db, { filter, offset: 0, limit: 1 }).total;
    const last = Math.max(0, total - 100);
    line(`page of 100 at 0, ${name} (${thousands(total)})`, () => timelinePage(db, { filter, offset: 0, limit: 100 }));
    line(`  last page (at ${thousands(last)})`, () => timelinePage(db, { filter, offset: last, limit: 100 }));
  }
}
