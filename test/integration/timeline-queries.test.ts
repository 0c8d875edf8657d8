import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { importPlan, planImport } from '../../src/main/ingest/import-paths';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { getSession, listSessions, type SessionFilter } from '../../src/main/store/case-queries';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { caseInfo, getSessionDetail, programCommands } from '../../src/main/store/session-detail-query';
import { timelineFacets, timelineHistogram, timelinePage } from '../../src/main/store/timeline-queries';
import { runningAt, timelineLanes } from '../../src/main/store/timeline-lanes';
import { PROGRAM_TYPES, type ProgramType, type SessionSummary } from '../../src/shared/model';
import {
  FACET_LIMIT,
  MAX_LANES,
  MAX_PER_LANE,
  MAX_RUNNING,
  type LaneBy,
  type Histogram,
  type SessionFlags,
  type TimelineFacet,
  type TimelineFilter,
  type TimelineRow,
} from '../../src/shared/views';
import { SAMPLES, sample, samplePrivateKey, tempDir, truth } from '../helpers/fixtures';

// Every expectation here is computed from what the test inserted (or from the fixture files),
// by plain JavaScript over those values, never from the output of the code under test.

// ------------------------------------------------------------------ a synthetic case

interface RefProgram {
  id: number;
  type: ProgramType;
  exitStatus: number | null;
  exitSignal: string | null;
  exitError: string | null;
  incomplete: boolean;
  commands: number;
}

interface RefSession {
  id: number;
  email: string | null;
  username: string | null;
  userId: string | null;
  target: string | null;
  client: string | null;
  server: string | null;
  startUs: number | null;
  finishUs: number | null;
  error: string | null;
  programs: RefProgram[];
}

/** xorshift32, so the case is the same on every run. */
function prng(seed: number): {
  int: (lo: number, hi: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(xs: readonly T[]) => T;
} {
  let x = seed;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return { int, chance: (p) => next() < p, pick: (xs) => xs[int(0, xs.length - 1)]! };
}

const SESSIONS = 3000;
const BASE_US = Date.UTC(2026, 9, 1) * 1000;
const DAY_US = 86_400_000_000;
const TYPES_WEIGHTED: ProgramType[] = [
  'shell',
  'shell',
  'shell',
  'exec',
  'exec',
  'direct-tcpip',
  'x11',
  'forwarded-tcpip',
  'unknown',
];
// Odd addresses on purpose: LIKE wildcards that must match only themselves, IPv6 with and without a port.
const ODD_ADDRESSES = [
  'h_st:22',
  'hxst:22',
  'ho%t:22',
  'hoxt:22',
  '[2001:db8::7]:2222',
  '2001:db8::9',
  'jump.example:22',
];

function syntheticSessions(): RefSession[] {
  const r = prng(0x5eed);
  const clientHosts = Array.from({ length: 300 }, (_, i) =>
    i % 10 === 0 ? `[2001:db8::${i.toString(16)}]` : `10.${i % 7}.${Math.floor(i / 7)}.${(i * 37) % 250}`,
  );
  const serverHosts = Array.from({ length: 25 }, (_, i) => `203.0.113.${i + 1}`);
  let programId = 0;
  const sessions: RefSession[] = [];
  // Row ids out of time order, so the page order cannot lean on them.
  const ids = Array.from({ length: SESSIONS }, (_, i) => i + 1).sort(
    (a, b) => ((a * 7919) % 3001) - ((b * 7919) % 3001),
  );
  for (const id of ids) {
    const u = r.int(0, 39);
    const startUs = r.chance(0.03) ? null : BASE_US + r.int(0, 30 * 24 * 3600) * 1_000_000 + r.int(0, 999_999);
    const finishUs = r.chance(0.06) ? null : (startUs ?? BASE_US + r.int(0, 30) * DAY_US) + r.int(0, 7_200_000_000);
    const noUser = r.chance(0.03);
    sessions.push({
      id,
      email: noUser || r.chance(0.1) ? null : r.chance(0.3) ? `User${u}@Example.ORG` : `user${u}@example.org`,
      username: noUser ? null : r.pick(['root', 'ubuntu', 'deploy', `user${u}`]),
      userId: noUser ? null : `uid-${u}`,
      target: r.chance(0.05) ? null : `target-${r.int(0, 29)}`,
      client: r.chance(0.05)
        ? null
        : r.chance(0.03)
          ? r.pick(ODD_ADDRESSES)
          : `${r.pick(clientHosts)}:${r.int(30000, 65000)}`,
      server: r.chance(0.05) ? null : `${r.pick(serverHosts)}:22`,
      startUs,
      finishUs,
      error: r.chance(0.03) ? 'connection reset by peer' : null,
      programs: Array.from({ length: r.int(0, 3) }, () => ({
        id: ++programId,
        type: r.pick(TYPES_WEIGHTED),
        exitStatus: r.chance(0.5) ? null : r.chance(0.8) ? 0 : r.int(1, 255),
        exitSignal: r.chance(0.02) ? 'KILL' : null,
        exitError: r.chance(0.02) ? 'lost connection' : null,
        incomplete: r.chance(0.02),
        commands: r.int(0, 3),
      })),
    });
  }
  return sessions;
}

/** Inserts the sessions with plain SQL, each program read from 1 or 2 of 20 sources. */
function insertSessions(db: CaseDb, sessions: readonly RefSession[]): void {
  const r = prng(0xfeed);
  const insertSource = db.prepare(
    "INSERT INTO sources (id, path, size, sha256, format, imported_at_us, status) VALUES (?, ?, ?, ?, 'logpush', ?, 'imported')",
  );
  const insertSession =
    db.prepare(`INSERT INTO sessions (id, cf_session_id, user_email, username, user_id, target_id, client_address, server_address, started_at_us, finished_at_us, error)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertProgram =
    db.prepare(`INSERT INTO programs (id, session_id, type, started_at_us, finished_at_us, incomplete, exit_status, exit_signal, exit_error)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertProgramSource = db.prepare('INSERT INTO program_sources (program_id, source_id) VALUES (?, ?)');
  const insertCommand =
    db.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, text, output_start_us, output_end_us, output_start_offset, output_end_offset)
    VALUES (?, ?, ?, 'shell', 'screen', ?, ?, ?, 0, 0)`);
  db.transaction(() => {
    for (let i = 1; i <= 20; i++) insertSource.run(i, `/evidence/export-${i}.ndjson`, 1000 + i, `sha-${i}`, BASE_US);
    for (const s of sessions) {
      insertSession.run(
        s.id,
        `cf-${s.id}`,
        s.email,
        s.username,
        s.userId,
        s.target,
        s.client,
        s.server,
        s.startUs,
        s.finishUs,
        s.error,
      );
      for (const p of s.programs) {
        insertProgram.run(
          p.id,
          s.id,
          p.type,
          s.startUs,
          s.finishUs,
          p.incomplete ? 1 : 0,
          p.exitStatus,
          p.exitSignal,
          p.exitError,
        );
        const first = r.int(1, 20);
        insertProgramSource.run(p.id, first);
        if (r.chance(0.3)) insertProgramSource.run(p.id, ((first + r.int(1, 18)) % 20) + 1);
        for (let c = 0; c < p.commands; c++)
          insertCommand.run(p.id, c, c * 1_000_000, `echo ${c}`, c * 1_000_000 + 10, c * 1_000_000 + 20);
      }
    }
  })();
}

// ------------------------------------------------------------ the reference, in plain JS

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const msOf = (us: number): number => Math.floor(us / 1000);
const iso = (us: number | null): string | null => (us === null ? null : new Date(msOf(us)).toISOString());
const endUsOf = (s: RefSession): number | null => s.finishUs ?? s.startUs;

/** A program not killed that stated a non-zero status: its own answer, not a problem (issue 14 item 7). */
function hasNonZeroExit(s: RefSession): boolean {
  return s.programs.some((p) => p.exitSignal === null && p.exitStatus !== null && p.exitStatus !== 0);
}

/** The session's record states an error, or a program was killed, ended with an error and no status, or is cut. */
function hasProblem(s: RefSession): boolean {
  return (
    s.error !== null ||
    s.programs.some((p) => p.exitSignal !== null || (p.exitStatus === null && p.exitError !== null) || p.incomplete)
  );
}

function matches(s: RefSession, f: TimelineFilter): boolean {
  if (
    f.user !== undefined &&
    !((s.email !== null && asciiLower(s.email) === asciiLower(f.user)) || s.username === f.user || s.userId === f.user)
  )
    return false;
  if (f.target !== undefined && s.target !== f.target) return false;
  if (f.address !== undefined && !(s.client?.startsWith(f.address) || s.server?.startsWith(f.address))) return false;
  if (f.type !== undefined && !s.programs.some((p) => p.type === f.type)) return false;
  if (f.nonZeroExit === true && !hasNonZeroExit(s)) return false;
  if (f.problemsOnly === true && !hasProblem(s)) return false;
  if (f.fromMs !== undefined || f.toMs !== undefined) {
    if (s.startUs === null) return false;
    if (f.toMs !== undefined && msOf(s.startUs) > f.toMs) return false;
    if (f.fromMs !== undefined && msOf(endUsOf(s)!) < f.fromMs) return false;
  }
  return true;
}

/** Start ascending, unknown starts last, then id. */
function pageOrder(a: { id: number; startUs: number | null }, b: { id: number; startUs: number | null }): number {
  if (a.startUs === null || b.startUs === null)
    return (a.startUs === null ? 1 : 0) - (b.startUs === null ? 1 : 0) || a.id - b.id;
  return a.startUs - b.startUs || a.id - b.id;
}

function refRow(s: RefSession): TimelineRow {
  return {
    id: `s${s.id}`,
    userEmail: s.email,
    username: s.username,
    targetId: s.target,
    clientAddress: s.client,
    serverAddress: s.server,
    start: iso(s.startUs),
    end: iso(s.finishUs),
    types: PROGRAM_TYPES.filter((t) => s.programs.some((p) => p.type === t)),
    programs: s.programs.length,
    commands: s.programs.reduce((n, p) => n + p.commands, 0),
    nonZeroExit: hasNonZeroExit(s),
    problem: hasProblem(s),
    flags: hasNonZeroExit(s) || hasProblem(s) ? refFlags(s) : null,
  };
}

/** As a program's exit badge reads: a signal first, then a status, then an exit error. */
function refFlags(s: RefSession): SessionFlags {
  const notKilled = s.programs.filter((p) => p.exitSignal === null);
  const statuses = new Set(
    notKilled.flatMap((p) => (p.exitStatus !== null && p.exitStatus !== 0 ? [p.exitStatus] : [])),
  );
  return {
    sessionError: s.error !== null,
    killed: s.programs.length - notKilled.length,
    exitStatuses: [...statuses].sort((a, b) => a - b),
    exitErrors: notKilled.filter((p) => p.exitStatus === null && p.exitError !== null).length,
    incomplete: s.programs.filter((p) => p.incomplete).length,
  };
}

function refHistogram(
  all: readonly RefSession[],
  filter: TimelineFilter,
  buckets: number,
  axis: { fromMs?: number; toMs?: number } = {},
): Histogram {
  const placed = all.filter((s) => matches(s, filter) && s.startUs !== null);
  const fromMs = axis.fromMs ?? (placed.length ? Math.min(...placed.map((s) => msOf(s.startUs!))) : (axis.toMs ?? 0));
  const toMs =
    axis.toMs ?? Math.max(fromMs, placed.length ? Math.max(...placed.map((s) => msOf(endUsOf(s)!))) : fromMs);
  const bucketMs = Math.max(1, Math.ceil((toMs - fromMs + 1) / buckets));
  const counts = new Array<number>(buckets).fill(0);
  const nonZeroExit = new Array<number>(buckets).fill(0);
  const problems = new Array<number>(buckets).fill(0);
  for (const s of placed) {
    const ms = msOf(s.startUs!);
    if (ms < fromMs || ms > toMs) continue;
    const i = Math.floor((ms - fromMs) / bucketMs);
    counts[i]! += 1;
    if (hasNonZeroExit(s)) nonZeroExit[i]! += 1;
    if (hasProblem(s)) problems[i]! += 1;
  }
  return { fromMs, toMs, bucketMs, counts, nonZeroExit, problems };
}

/** The address without its port, as the facet shows it. */
function hostOf(a: string): string {
  if (a.startsWith('[') && a.includes(']')) return a.slice(0, a.indexOf(']') + 1);
  const colons = a.split(':').length - 1;
  return colons === 1 ? a.slice(0, a.indexOf(':')) : a;
}

function topFacet(values: Array<string | null>): TimelineFacet[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, sessions]) => ({ value, sessions }))
    .sort((a, b) => b.sessions - a.sessions || (a.value < b.value ? -1 : 1))
    .slice(0, FACET_LIMIT);
}

/** A view of the case that records the query plan of every statement run through it, with its parameters bound. */
function watchPlans(db: CaseDb): { watched: CaseDb; plans: string[] } {
  const plans: string[] = [];
  type Statement = ReturnType<CaseDb['prepare']>;
  const explained = (sql: string, st: Statement): Statement =>
    new Proxy(st, {
      get: (target, key) => {
        if (key === 'pluck') return (on = true) => explained(sql, target.pluck(on));
        if (key === 'get' || key === 'all')
          return (...args: unknown[]) => {
            const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>;
            plans.push(...rows.map((r) => r.detail));
            return (target[key] as (...a: unknown[]) => unknown)(...args);
          };
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const watched = new Proxy(db, {
    get: (target, key) => {
      if (key === 'prepare') return (sql: string) => explained(sql, target.prepare(sql));
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { watched, plans };
}

/** listSessions as it was before the batching: one getSession per row, in the list's order. */
function listViaGetSession(db: CaseDb, keep: (s: SessionSummary) => boolean = () => true): SessionSummary[] {
  const rows = db.prepare('SELECT id, started_at_us AS startUs FROM sessions').all() as Array<{
    id: number;
    startUs: number | null;
  }>;
  return rows
    .sort(pageOrder)
    .map((x) => getSession(db, x.id)!)
    .filter(keep);
}

// ------------------------------------------------------------------------------ tests

describe('timeline queries over a synthetic case', () => {
  const dir = tempDir();
  const sessions = syntheticSessions();
  const placed = sessions.filter((s) => s.startUs !== null);
  let db: CaseDb;

  beforeAll(() => {
    db = openCase(join(dir.path, 'synthetic.sqlite'));
    insertSessions(db, sessions);
  });
  afterAll(() => {
    db.close();
    dir.cleanup();
  });

  // Filter values drawn from the data, in other letter cases, absent, and with LIKE wildcards.
  const someStart = msOf(placed[100]!.startUs!);
  const someEnd = msOf(endUsOf(placed[200]!)!);
  const windows: TimelineFilter[] = [
    { fromMs: someStart, toMs: someStart + 3 * 86_400_000 },
    { fromMs: someEnd, toMs: someEnd }, // one millisecond, at a session's very end
    { toMs: someStart }, // up to a session's very start
    { fromMs: someEnd },
    { fromMs: msOf(BASE_US) - 86_400_000, toMs: msOf(BASE_US) - 1 }, // before everything
  ];
  const singles: TimelineFilter[] = [
    {},
    { user: 'user3@example.org' },
    { user: 'USER3@EXAMPLE.ORG' },
    { user: 'root' },
    { user: 'Root' },
    { user: 'uid-7' },
    { user: 'nobody@example.org' },
    { target: 'target-4' },
    { target: 'TARGET-4' },
    { address: '10.3.' },
    { address: '10.3.1' },
    { address: '203.0.113.1' },
    { address: '[2001:db8::' },
    { address: '2001:db8' },
    { address: 'h_' },
    { address: 'ho%' },
    { address: '%' },
    { address: '10.3.14.' },
    ...PROGRAM_TYPES.map((type) => ({ type })),
    { nonZeroExit: true },
    { nonZeroExit: false },
    { problemsOnly: true },
    { problemsOnly: false },
    { nonZeroExit: true, problemsOnly: true },
    ...windows,
  ];
  const r = prng(0xc0b1);
  const combos: TimelineFilter[] = Array.from({ length: 60 }, () => ({
    ...(r.chance(0.4) ? { user: r.pick(['user5@example.org', 'ubuntu', 'uid-12', 'User9@Example.ORG']) } : {}),
    ...(r.chance(0.3) ? { target: `target-${r.int(0, 29)}` } : {}),
    ...(r.chance(0.3) ? { address: r.pick(['10.', '10.2.', '203.0.113.', '[', 'h']) } : {}),
    ...(r.chance(0.4) ? { type: r.pick(PROGRAM_TYPES) } : {}),
    ...(r.chance(0.3) ? { nonZeroExit: true } : {}),
    ...(r.chance(0.3) ? { problemsOnly: true } : {}),
    ...(r.chance(0.5) ? r.pick(windows) : {}),
  }));
  const filters = [...singles, ...combos];

  it('the filters used here select neither nothing nor everything', () => {
    // The reference must have something to disagree with: most single filters keep some sessions but not all.
    const kept = singles.map((f) => sessions.filter((s) => matches(s, f)).length);
    expect(kept.filter((n) => n > 0 && n < SESSIONS).length).toBeGreaterThan(singles.length * 0.7);
    expect(sessions.filter((s) => matches(s, { address: 'h_' })).map((s) => s.client)).not.toContain('hxst:22');
  });

  it('pages: total, order (start, unknown starts last, then id) and every field of every row', () => {
    for (const filter of filters) {
      const expected = sessions.filter((s) => matches(s, filter)).sort(pageOrder);
      for (const offset of [0, 37, Math.max(0, expected.length - 20), expected.length + 5]) {
        const page = timelinePage(db, { filter, offset, limit: 50 });
        expect({ filter, offset, total: page.total, offsetBack: page.offset }).toEqual({
          filter,
          offset,
          total: expected.length,
          offsetBack: offset,
        });
        expect(page.rows).toEqual(expected.slice(offset, offset + 50).map(refRow));
      }
    }
  });

  it('pages through the whole list in MAX_PAGE_ROWS steps, every session once', () => {
    const seen: string[] = [];
    for (let offset = 0; offset < SESSIONS; offset += 500)
      seen.push(...timelinePage(db, { filter: {}, offset, limit: 500 }).rows.map((row) => row.id));
    expect(seen).toEqual([...sessions].sort(pageOrder).map((s) => `s${s.id}`));
  });

  it('histograms: starts and problems per bucket, on the filtered span or a given axis', () => {
    for (const filter of filters) {
      for (const buckets of [1, 7, 200]) {
        expect({ filter, buckets, h: timelineHistogram(db, { filter, buckets }) }).toEqual({
          filter,
          buckets,
          h: refHistogram(sessions, filter, buckets),
        });
      }
      const axis = { fromMs: someStart - 86_400_000, toMs: someStart + 86_400_000 };
      expect(timelineHistogram(db, { filter, buckets: 48, ...axis })).toEqual(refHistogram(sessions, filter, 48, axis));
      expect(timelineHistogram(db, { filter, buckets: 10, fromMs: someStart })).toEqual(
        refHistogram(sessions, filter, 10, { fromMs: someStart }),
      );
    }
  });

  it('histogram counts add up to the sessions starting on the axis', () => {
    const h = timelineHistogram(db, { filter: {}, buckets: 200 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(placed.length);
    expect(h.nonZeroExit.reduce((a, b) => a + b, 0)).toBe(placed.filter(hasNonZeroExit).length);
    expect(h.problems.reduce((a, b) => a + b, 0)).toBe(placed.filter(hasProblem).length);
  });

  it('refuses an axis that ends before it starts', () => {
    expect(() => timelineHistogram(db, { filter: {}, buckets: 10, fromMs: 2000, toMs: 1000 })).toThrow(RangeError);
  });

  it('facets: users, targets, hosts and types with their session counts, most frequent first, capped', () => {
    const facets = timelineFacets(db);
    expect(facets.users).toEqual(topFacet(sessions.map((s) => s.email ?? s.username)));
    expect(facets.targets).toEqual(topFacet(sessions.map((s) => s.target)));
    const hosts = sessions.flatMap((s) => [s.client, s.server].filter((a): a is string => a !== null).map(hostOf));
    expect(facets.addresses).toEqual(topFacet(hosts));
    expect(facets.addresses).toHaveLength(FACET_LIMIT); // there are more hosts than that
    expect(facets.types).toEqual(topFacet(sessions.flatMap((s) => [...new Set(s.programs.map((p) => p.type))])));
    expect(facets.fromMs).toBe(Math.min(...placed.map((s) => msOf(s.startUs!))));
    expect(facets.toMs).toBe(Math.max(...placed.map((s) => msOf(endUsOf(s)!))));
  });

  it('facets read the counts kept on write (migration 017), never a walk of the sessions', () => {
    const { watched, plans } = watchPlans(db);
    timelineFacets(watched);
    expect(plans.join('\n')).toMatch(/USING (COVERING )?INDEX session_facets_top\b/);
    expect(plans.join('\n')).toMatch(/USING (COVERING )?INDEX sessions_end\b/);
    expect(plans.filter((p) => /^SCAN (?!CONSTANT ROW)/.test(p))).toEqual([]);
  });

  it('a page of a type filter and its count read the sessions_page index alone (migration 015), never the session rows', () => {
    const { watched, plans } = watchPlans(db);
    const last = timelinePage(db, { filter: { type: 'shell' }, offset: 0, limit: 1 }).total - 1;
    expect(timelinePage(watched, { filter: { type: 'shell' }, offset: last, limit: 10 }).rows).toHaveLength(1);
    // The count, then the page's ids; the page's rows are then looked up by id, not found by a walk of every session.
    const walks = plans.filter((p) => /^SCAN s\b/.test(p));
    expect(walks).toEqual(['SCAN s USING COVERING INDEX sessions_page', 'SCAN s USING COVERING INDEX sessions_page']);
    expect(plans).toContain('SEARCH s USING INTEGER PRIMARY KEY (rowid=?)');
  });

  it('every filter kind: its count, page, histogram and lanes walk an index, never every row of sessions or programs', () => {
    const kinds: TimelineFilter[] = [
      {},
      { user: 'user3@example.org' },
      { target: 'target-4' },
      { address: '10.3.' },
      ...PROGRAM_TYPES.map((type) => ({ type })),
      { nonZeroExit: true },
      { problemsOnly: true },
      ...windows,
      { user: 'ubuntu', type: 'shell', problemsOnly: true, ...windows[0] },
    ];
    for (const filter of kinds) {
      const { watched, plans } = watchPlans(db);
      const { total } = timelinePage(watched, { filter, offset: 0, limit: 1 });
      timelinePage(watched, { filter, offset: Math.max(0, total - 10), limit: 10 });
      timelineHistogram(watched, { filter, buckets: 50 });
      timelineLanes(watched, {
        filter,
        laneBy: 'user',
        fromMs: someStart,
        toMs: someStart + 86_400_000,
        maxLanes: 5,
        maxPerLane: 5,
      });
      // A table scan reads as "SCAN s" (or programs, commands) with no index after it.
      expect({ filter, scans: plans.filter((p) => /^SCAN (s|p|c|sessions|programs|commands)$/.test(p)) }).toEqual({
        filter,
        scans: [],
      });
    }
  });

  it('a host from the facets finds its sessions through the address filter', () => {
    for (const { value } of timelineFacets(db).addresses.slice(0, 20)) {
      const expected = sessions.filter((s) => [s.client, s.server].some((a) => a !== null && hostOf(a) === value));
      const found = new Set<string>();
      const { total } = timelinePage(db, { filter: { address: value }, offset: 0, limit: 1 });
      for (let offset = 0; offset < total; offset += 500)
        timelinePage(db, { filter: { address: value }, offset, limit: 500 }).rows.forEach((row) => found.add(row.id));
      for (const s of expected) expect(found).toContain(`s${s.id}`);
    }
  });

  it('caseInfo: counts and span of the case, its name from the file', () => {
    const info = caseInfo(db, '/cases/Night of 21 Nov.sqlite');
    expect(info).toEqual({
      path: '/cases/Night of 21 Nov.sqlite',
      name: 'Night of 21 Nov',
      sessions: SESSIONS,
      programs: sessions.reduce((n, s) => n + s.programs.length, 0),
      commands: sessions.reduce((n, s) => n + s.programs.reduce((m, p) => m + p.commands, 0), 0),
      programInputs: 0, // every synthetic command is typed at a shell (insertCommand)
      sources: 20,
      firstStart: iso(Math.min(...placed.map((s) => s.startUs!))),
      lastEnd: iso(Math.max(...placed.map((s) => endUsOf(s)!))),
    });
  });

  it('listSessions gives what one getSession per row gives, with and without filters', () => {
    expect(listSessions(db)).toEqual(listViaGetSession(db));
    const filters: Array<[SessionFilter, (s: SessionSummary) => boolean]> = [
      [{ type: 'exec' }, (s) => s.programs.some((p) => p.type === 'exec')],
      [{ target: 'target-4' }, (s) => s.targetId === 'target-4'],
      [{ user: 'deploy' }, (s) => s.username === 'deploy'],
    ];
    for (const [filter, keep] of filters) {
      const listed = listSessions(db, filter);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed).toEqual(listViaGetSession(db, keep));
    }
    // Programs with two sources keep them in source order.
    expect(listSessions(db).some((s) => s.programs.some((p) => p.sources.length === 2))).toBe(true);
  });

  describe('swim lanes and the instant cursor', () => {
    const laneOf = (s: RefSession, by: LaneBy): string | null =>
      by === 'user'
        ? (s.email ?? s.username)
        : by === 'target'
          ? s.target
          : s.client === null
            ? null
            : hostOf(s.client);
    const span = (): { fromMs: number; toMs: number } => ({
      fromMs: Math.min(...placed.map((s) => msOf(s.startUs!))),
      toMs: Math.max(...placed.map((s) => msOf(endUsOf(s)!))),
    });

    it.each(['user', 'target', 'address'] as const)(
      'puts every session overlapping the window in its %s lane, with the lane counts and flags of the reference',
      (laneBy) => {
        const whole = span();
        const third = Math.floor((whole.toMs - whole.fromMs) / 3);
        const window = { fromMs: whole.fromMs + third, toMs: whole.fromMs + 2 * third };
        const filter: TimelineFilter = { type: 'shell' };
        const inWindow = sessions.filter((s) => matches(s, { ...filter, ...window }));
        expect(inWindow.length).toBeGreaterThan(20);
        const view = timelineLanes(db, { filter, laneBy, ...window, maxLanes: MAX_LANES, maxPerLane: MAX_PER_LANE });
        const byLane = new Map<string | null, RefSession[]>();
        for (const s of inWindow) byLane.set(laneOf(s, laneBy), [...(byLane.get(laneOf(s, laneBy)) ?? []), s]);
        expect(view.sessionsTotal).toBe(inWindow.length);
        expect(view.lanesTotal).toBe(byLane.size);
        const lanes = new Map(view.lanes.map((l) => [l.key, l]));
        for (const [key, list] of byLane) {
          const lane = lanes.get(key);
          if (lane === undefined) continue; // past MAX_LANES
          expect(lane.sessions).toBe(list.length);
          expect(lane.shown.map((x) => x.id).sort()).toEqual(list.map((x) => `s${x.id}`).sort());
          for (const x of lane.shown) {
            const ref = list.find((r) => `s${r.id}` === x.id)!;
            expect(x).toMatchObject({
              startMs: msOf(ref.startUs!),
              endMs: msOf(endUsOf(ref)!),
              endKnown: ref.finishUs !== null,
              nonZeroExit: hasNonZeroExit(ref),
              problem: hasProblem(ref),
            });
          }
        }
        // Busiest lanes first.
        const sizes = view.lanes.map((l) => l.sessions);
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      },
    );

    it.each(['user', 'target', 'address'] as const)(
      'over the whole case without a filter, counts every placed session in its %s lane (user and target from the kept counts), none without a start',
      (laneBy) => {
        const byLane = new Map<string | null, number>();
        for (const s of placed) byLane.set(laneOf(s, laneBy), (byLane.get(laneOf(s, laneBy)) ?? 0) + 1);
        expect(placed.length).toBeLessThan(sessions.length);
        expect([...byLane.keys()]).toContain(null);
        const view = timelineLanes(db, { filter: {}, laneBy, ...span(), maxLanes: MAX_LANES, maxPerLane: 2 });
        expect(view.sessionsTotal).toBe(placed.length);
        expect(view.lanesTotal).toBe(byLane.size);
        // Busiest first, a lane without a key after the others of its size, then by key.
        const expected = [...byLane]
          .sort(
            ([ka, a], [kb, b]) =>
              b - a || (ka === null ? 1 : 0) - (kb === null ? 1 : 0) || (ka! < kb! ? -1 : ka! > kb! ? 1 : 0),
          )
          .slice(0, MAX_LANES);
        expect(view.lanes.map((l) => [l.key, l.sessions])).toEqual(expected);
      },
    );

    it('caps lanes and sessions per lane, keeping the earliest sessions of the busiest lanes', () => {
      const window = span();
      const view = timelineLanes(db, { filter: {}, laneBy: 'target', ...window, maxLanes: 3, maxPerLane: 4 });
      const counts = new Map<string | null, RefSession[]>();
      for (const s of placed) counts.set(s.target, [...(counts.get(s.target) ?? []), s]);
      const top = [...counts.values()].map((l) => l.length).sort((a, b) => b - a);
      expect(view.lanes.map((l) => l.sessions)).toEqual(top.slice(0, 3));
      expect(view.lanesTotal).toBe(counts.size);
      for (const lane of view.lanes) {
        const earliest = counts
          .get(lane.key)!
          .slice()
          .sort(pageOrder)
          .slice(0, 4)
          .map((s) => `s${s.id}`);
        expect(lane.shown.map((x) => x.id)).toEqual(earliest);
      }
    });

    it('lists the sessions open at an instant, with the programs running then', () => {
      // The instant in the middle of the longest session: others overlap it.
      const longest = placed.reduce((a, b) => (endUsOf(b)! - b.startUs! > endUsOf(a)! - a.startUs! ? b : a));
      const atMs = msOf(longest.startUs! + Math.floor((endUsOf(longest)! - longest.startUs!) / 2));
      const open = sessions.filter((s) => matches(s, { fromMs: atMs, toMs: atMs })).sort(pageOrder);
      expect(open.length).toBeGreaterThan(1);
      const got = runningAt(db, { filter: {}, atMs, limit: MAX_RUNNING });
      expect(got.total).toBe(open.length);
      expect(got.sessions.map((s) => s.id)).toEqual(open.slice(0, MAX_RUNNING).map((s) => `s${s.id}`));
      const one = got.sessions.find((s) => s.id === `s${longest.id}`)!;
      expect(one).toMatchObject(refRow(longest));
      // Each program spans its session here: all of them run at that instant.
      expect(one.running.map((p) => p.id)).toEqual(longest.programs.map((p) => `p${p.id}`));
      const withPrograms = got.sessions.filter((x) => x.programs > 0);
      expect(withPrograms.length).toBeGreaterThan(0);
      for (const x of withPrograms) expect(x.running.length).toBe(x.programs);
      const target = longest.target;
      if (target !== null) {
        const onTarget = runningAt(db, { filter: { target }, atMs, limit: MAX_RUNNING });
        expect(onTarget.sessions.map((s) => s.id)).toEqual(
          open.filter((s) => s.target === target).map((s) => `s${s.id}`),
        );
      }
    });
  });
});

describe('an empty case', () => {
  it('has no facets, an empty histogram and no pages', () => {
    const dir = tempDir();
    const db = openCase(join(dir.path, 'empty.sqlite'));
    try {
      expect(timelineFacets(db)).toEqual({
        users: [],
        targets: [],
        addresses: [],
        types: [],
        fromMs: null,
        toMs: null,
      });
      expect(timelineHistogram(db, { filter: {}, buckets: 3 })).toEqual({
        fromMs: 0,
        toMs: 0,
        bucketMs: 1,
        counts: [0, 0, 0],
        nonZeroExit: [0, 0, 0],
        problems: [0, 0, 0],
      });
      expect(timelinePage(db, { filter: { user: 'x' }, offset: 0, limit: 10 })).toEqual({
        total: 0,
        offset: 0,
        rows: [],
      });
      expect(caseInfo(db, join(dir.path, 'empty.sqlite'))).toMatchObject({
        name: 'empty',
        sessions: 0,
        firstStart: null,
        lastEnd: null,
      });
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});

describe('migration 005 (timeline indexes)', () => {
  it('keeps the rows of a version 4 case and adds the indexes the queries rely on', () => {
    const dir = tempDir();
    const db = new Database(join(dir.path, 'v4.sqlite'));
    try {
      migrate(db, MIGRATIONS, 4);
      db.prepare("INSERT INTO sessions (id, user_email, client_address) VALUES (1, 'A@b.c', '10.0.0.1:5000')").run();
      db.prepare("INSERT INTO programs (id, session_id, type, exit_status) VALUES (1, 1, 'exec', 2)").run();
      expect(migrate(db)).toBeGreaterThanOrEqual(5);
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
      expect(indexes).toEqual(
        expect.arrayContaining(['programs_problem', 'sessions_email', 'sessions_client_host', 'sessions_length']),
      );
      expect(indexes).not.toContain('sessions_user');
      expect(
        timelinePage(db, {
          filter: { user: 'a@B.c', nonZeroExit: true, address: '10.0.' },
          offset: 0,
          limit: 5,
        }).rows.map((row) => row.id),
      ).toEqual(['s1']);
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});

/** Every facet value with its count, as session_facets should hold them, from the reference alone. */
function refFacetCounts(sessions: readonly RefSession[]): string[] {
  const counts = new Map<string, number>();
  const add = (kind: string, v: string | null): void => {
    if (v !== null) counts.set(`${kind}|${v}`, (counts.get(`${kind}|${v}`) ?? 0) + 1);
  };
  for (const s of sessions) {
    add('user', s.email ?? s.username);
    add('target', s.target);
    add('address', s.client === null ? null : hostOf(s.client));
    add('address', s.server === null ? null : hostOf(s.server));
    for (const t of new Set(s.programs.map((p) => p.type))) add('type', t);
  }
  return [...counts].map(([k, n]) => `${k}|${n}`).sort();
}

function storedFacetCounts(db: Database.Database): string[] {
  return (
    db.prepare('SELECT kind, value, sessions FROM session_facets WHERE sessions > 0').all() as Array<{
      kind: string;
      value: string;
      sessions: number;
    }>
  )
    .map((r) => `${r.kind}|${r.value}|${r.sessions}`)
    .sort();
}

/** session_hours (migration 019) as kept, and as its definition over the sessions' rows (the hour computed here, in JavaScript). */
function storedHours(db: Database.Database): string[] {
  return (db.prepare('SELECT hour, program_types, flags, sessions FROM session_hours').raw().all() as number[][])
    .map((r) => r.join('|'))
    .sort();
}

function hoursOfSessions(db: Database.Database): string[] {
  const counts = new Map<string, number>();
  for (const [start, types, flags] of db
    .prepare('SELECT started_at_us, program_types, flags FROM sessions WHERE started_at_us IS NOT NULL')
    .raw()
    .all() as number[][]) {
    const key = `${Math.floor(start! / 3_600_000_000)}|${types}|${flags}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}|${n}`).sort();
}

function storedFlags(db: Database.Database): string[] {
  return (db.prepare('SELECT id, flags FROM sessions').all() as Array<{ id: number; flags: number }>)
    .map((r) => `${r.id}:${r.flags}`)
    .sort();
}

const refFlagBits = (sessions: readonly RefSession[]): string[] =>
  sessions.map((s) => `${s.id}:${(hasNonZeroExit(s) ? 1 : 0) | (hasProblem(s) ? 2 : 0)}`).sort();

describe('session flags and facet counts (migration 017), kept by triggers', () => {
  it('stay equal to their definitions through every kind of change to sessions and programs', () => {
    const dir = tempDir();
    const db = openCase(join(dir.path, 'changes.sqlite'));
    try {
      const sessions = syntheticSessions();
      insertSessions(db, sessions);
      expect(storedFlags(db)).toEqual(refFlagBits(sessions));
      expect(storedFacetCounts(db)).toEqual(refFacetCounts(sessions));
      expect(storedHours(db)).toEqual(hoursOfSessions(db));
      const r = prng(0xf1a9);
      const programs = (): Array<{ s: RefSession; p: RefProgram }> =>
        sessions.flatMap((s) => s.programs.map((p) => ({ s, p })));
      const dropProgram = (id: number): void => {
        db.prepare('DELETE FROM commands WHERE program_id = ?').run(id);
        db.prepare('DELETE FROM program_sources WHERE program_id = ?').run(id);
        db.prepare('DELETE FROM programs WHERE id = ?').run(id);
      };
      db.transaction(() => {
        for (let i = 0; i < 300; i++) {
          const all = programs();
          const { s, p } = r.pick(all);
          switch (r.int(0, 3)) {
            case 0: // its exit changes (a later record, a claim taken)
              p.exitStatus = r.pick([null, 0, 1, 130]);
              p.exitSignal = r.chance(0.2) ? 'TERM' : null;
              p.exitError = r.chance(0.2) ? 'lost' : null;
              p.incomplete = r.chance(0.2);
              db.prepare(
                'UPDATE programs SET exit_status = ?, exit_signal = ?, exit_error = ?, incomplete = ? WHERE id = ?',
              ).run(p.exitStatus, p.exitSignal, p.exitError, p.incomplete ? 1 : 0, p.id);
              break;
            case 1: {
              // it moves to another session (a join or a split)
              const to = r.pick(sessions);
              s.programs.splice(s.programs.indexOf(p), 1);
              to.programs.push(p);
              db.prepare('UPDATE programs SET session_id = ? WHERE id = ?').run(to.id, p.id);
              break;
            }
            case 2: // its type is corrected
              p.type = r.pick(PROGRAM_TYPES);
              db.prepare('UPDATE programs SET type = ? WHERE id = ?').run(p.type, p.id);
              break;
            default: // it is removed
              s.programs.splice(s.programs.indexOf(p), 1);
              dropProgram(p.id);
          }
        }
        for (let i = 0; i < 200; i++) {
          const s = r.pick(sessions);
          if (r.chance(0.5)) {
            s.error = r.chance(0.5) ? 'reset' : null;
            db.prepare('UPDATE sessions SET error = ? WHERE id = ?').run(s.error, s.id);
          } else {
            s.email = r.chance(0.3) ? null : `moved${r.int(0, 5)}@example.org`;
            s.target = r.chance(0.3) ? null : `target-${r.int(0, 40)}`;
            s.client = r.chance(0.3) ? null : `192.0.2.${r.int(0, 9)}:${r.int(1000, 2000)}`;
            db.prepare('UPDATE sessions SET user_email = ?, target_id = ?, client_address = ? WHERE id = ?').run(
              s.email,
              s.target,
              s.client,
              s.id,
            );
          }
        }
        for (let i = 0; i < 50; i++) {
          const s = sessions.splice(r.int(0, sessions.length - 1), 1)[0]!;
          for (const p of s.programs) dropProgram(p.id);
          db.prepare('DELETE FROM sessions WHERE id = ?').run(s.id);
        }
      })();
      expect(storedFlags(db)).toEqual(refFlagBits(sessions));
      expect(storedFacetCounts(db)).toEqual(refFacetCounts(sessions));
      expect(storedHours(db)).toEqual(hoursOfSessions(db));
      for (const filter of [{}, { nonZeroExit: true }, { problemsOnly: true }, { type: 'exec' as const }]) {
        expect(timelineHistogram(db, { filter, buckets: 30 })).toEqual(refHistogram(sessions, filter, 30));
      }
    } finally {
      db.close();
      dir.cleanup();
    }
  });

  it('are computed for a case written before them', () => {
    const dir = tempDir();
    const db = new Database(join(dir.path, 'v15.sqlite'));
    try {
      migrate(db, MIGRATIONS, 15);
      const sessions = syntheticSessions();
      insertSessions(db as CaseDb, sessions);
      migrate(db);
      expect(storedFlags(db)).toEqual(refFlagBits(sessions));
      expect(storedFacetCounts(db)).toEqual(refFacetCounts(sessions));
      expect(storedHours(db)).toEqual(hoursOfSessions(db));
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});

// --------------------------------------------------------------- the shipped samples

describe('session details over the imported samples', () => {
  const dir = tempDir();
  const casePath = join(dir.path, 'case.sqlite');
  const key = samplePrivateKey();
  const keyFingerprint = fingerprint(derivePublicKey(key));
  let db: CaseDb;

  beforeAll(async () => {
    db = openCase(casePath);
    const plan = await planImport([SAMPLES]);
    await importPlan(db, plan.files, { keys: async () => [{ fingerprint: keyFingerprint, privateKey: key }] });
  });
  afterAll(() => {
    db.close();
    dir.cleanup();
  });

  const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
  const detailsOf = () => listSessions(db).map((s) => getSessionDetail(db, Number(s.id.slice(1)))!);
  const sessionOf = (scenario: string) => detailsOf().find((d) => d.cfSessionId === truth(scenario).logpush.SessionID)!;

  it('has the flags and facet counts of its sessions and programs as imported and linked (migration 017)', () => {
    const programs = db
      .prepare('SELECT id, session_id, type, exit_status, exit_signal, exit_error, incomplete FROM programs')
      .all() as Array<{
      id: number;
      session_id: number;
      type: ProgramType;
      exit_status: number | null;
      exit_signal: string | null;
      exit_error: string | null;
      incomplete: number;
    }>;
    const sessions: RefSession[] = (
      db
        .prepare('SELECT id, user_email, username, target_id, client_address, server_address, error FROM sessions')
        .all() as Array<Record<string, string | null> & { id: number }>
    ).map((row) => ({
      id: row.id,
      email: row['user_email']!,
      username: row['username']!,
      userId: null,
      target: row['target_id']!,
      client: row['client_address']!,
      server: row['server_address']!,
      startUs: null,
      finishUs: null,
      error: row['error']!,
      programs: programs
        .filter((p) => p.session_id === row.id)
        .map((p) => ({
          id: p.id,
          type: p.type,
          exitStatus: p.exit_status,
          exitSignal: p.exit_signal,
          exitError: p.exit_error,
          incomplete: p.incomplete === 1,
          commands: 0,
        })),
    }));
    expect(sessions.some((s) => hasNonZeroExit(s) || hasProblem(s))).toBe(true);
    expect(storedFlags(db)).toEqual(refFlagBits(sessions));
    expect(storedFacetCounts(db)).toEqual(refFacetCounts(sessions));
    expect(storedHours(db)).toEqual(hoursOfSessions(db));
  });

  it('names every file a session came from, with its hash, size, format, key and what it gave', () => {
    const detail = sessionOf('sample-shell');
    const files = ['sample-shell.capture', 'sample-shell.cast', 'sample-shell.decrypted.zip', 'logpush.ndjson.gz'];
    for (const file of files) {
      const source = detail.sourceFiles.find((f) => f.path === sample(file));
      expect(source, file).toMatchObject({
        sha256: sha256(sample(file)),
        size: statSync(sample(file)).size,
        importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        status: 'imported',
      });
      expect(source!.contributions.map((c) => c.program)).toEqual([detail.programs[0]!.id]);
    }
    const capture = detail.sourceFiles.find((f) => f.path === sample('sample-shell.capture'))!;
    expect(capture).toMatchObject({ format: 'capture', keyFingerprint });
    // The Logpush files came first (folder order); the capture, the fuller recording, replaced their events.
    expect(capture.contributions[0]).toMatchObject({ role: 'events', linkedBy: 'content' });
    for (const f of detail.sourceFiles.filter((x) => x !== capture)) {
      expect(['same', 'part'], f.path).toContain(f.contributions[0]!.role);
    }
    const t = truth('sample-shell');
    expect(detail.programDetails).toHaveLength(1);
    expect(detail.programDetails[0]).toMatchObject({
      id: detail.programs[0]!.id,
      session: detail.id,
      type: 'shell',
      exitStatus: t.exit_status,
      terminal: { term: t.pty!.term, cols: t.pty!.width, rows: t.pty!.height },
      eventCount: t.stats.packets,
    });
    expect(detail.conflicts).toEqual([]);
  });

  it('lists each file a session was read from once, though every program repeats them', () => {
    const exec = truth('sample-exec');
    const detail = sessionOf('sample-exec');
    const files = [
      'logpush.ndjson.gz',
      'logpush-unixnano.ndjson',
      'bad/logpush-one-bad-line.ndjson.gz',
      'sample-exec.capture',
      'sample-exec.cast',
      'sample-exec.decrypted.zip',
    ].map(sample);
    expect(detail.sourceFiles.map((f) => f.path).sort()).toEqual([...files].sort());
    expect(detail).toMatchObject({ userEmail: 'alex.dev@example.org', username: 'root', userId: expect.any(String) });
    expect(detail.programDetails[0]).toMatchObject({ type: 'exec', command: exec.exec_command, exitStatus: 4 });
  });

  it("gives a shell program's commands as bash ran them, at their times, and its marks in time order", () => {
    const t = truth('sample-shell');
    const program = sessionOf('sample-shell').programs[0]!;
    const { program: id, commands, marks } = programCommands(db, Number(program.id.slice(1)));
    expect(id).toBe(program.id);
    expect(commands.filter((c) => c.kind !== 'program-input').map((c) => c.text)).toEqual(
      t.commands.map((c) => c.text),
    );
    commands
      .filter((c) => c.kind !== 'program-input')
      .forEach((c, i) => expect(Math.abs(Date.parse(c.time!) / 1000 - t.commands[i]!.ts)).toBeLessThanOrEqual(2));
    for (const c of commands) {
      expect(c.id).toMatch(/^c\d+$/);
      expect(
        db
          .prepare('SELECT text FROM commands WHERE id = ?')
          .pluck()
          .get(Number(c.id.slice(1))),
      ).toBe(c.text);
      expect(Date.parse(c.time!)).toBe(Math.floor((Date.parse(program.start!) * 1000 + c.atUs) / 1000));
    }
    expect(commands.map((c) => c.atUs)).toEqual([...commands.map((c) => c.atUs)].sort((a, b) => a - b));
    expect(marks.filter((m) => m.kind === 'abandoned-input').map((m) => m.detail)).toEqual(['reboot']);
    expect(marks.map((m) => m.atUs)).toEqual([...marks.map((m) => m.atUs)].sort((a, b) => a - b));
  });

  it("gives an exec program's one command (Logpush carries it; a capture does not)", () => {
    const t = truth('sample-exec');
    const program = detailsOf().find((d) => d.cfSessionId === t.logpush.SessionID)!.programs[0]!;
    const { commands } = programCommands(db, Number(program.id.slice(1)));
    expect(commands.map((c) => [c.kind, c.text, c.atUs])).toEqual([['exec', t.exec_command, 0]]);
  });

  it('has no session for a row that does not exist', () => {
    expect(getSessionDetail(db, 999_999)).toBeNull();
    expect(programCommands(db, 999_999)).toEqual({ program: 'p999999', commands: [], marks: [] });
  });

  it('caseInfo counts what was imported and spans the sessions', () => {
    const listed = listSessions(db);
    const starts = listed.filter((s) => s.start !== null);
    const info = caseInfo(db, casePath);
    expect(info).toMatchObject({
      path: casePath,
      name: 'case',
      sessions: listed.length,
      programs: listed.reduce((n, s) => n + s.programs.length, 0),
      sources: new Set(listed.flatMap((s) => s.programs.flatMap((p) => p.sources.map((x) => x.sha256)))).size,
      firstStart: starts.map((s) => s.start!).sort()[0],
      lastEnd: starts
        .map((s) => s.end ?? s.start!)
        .sort()
        .at(-1),
    });
    expect(info.commands).toBeGreaterThanOrEqual(
      truth('sample-shell').commands.length + truth('sample-editing').commands.length,
    );
  });

  it('listSessions gives what one getSession per row gives', () => {
    expect(listSessions(db)).toEqual(listViaGetSession(db));
  });
});
