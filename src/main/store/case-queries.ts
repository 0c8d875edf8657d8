import type {
  ExitClaim,
  ProgramDetail,
  ProgramSummary,
  ProgramType,
  SessionSummary,
  SourceRef,
} from '../../shared/model';
import type { TerminalEvent } from '../formats/recording';
import { chunkEvents, type StoredChunk } from './event-chunk-codec';
import { programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from './stored-time';
import { sessionWhoWhen, type SessionWhoWhenRow } from './session-who-when';
import type { CaseDb } from './open-case';
import { exitClaimsOfProgram } from './exit-claims';
import { timelineFilterSql } from './timeline-filter-sql';
import { describeUnreadable, parseModes, programRowProblems, sessionRowProblems } from './unreadable-values';
import { integerProblem, isStoredEpochUs, isTerminalSize, MAX_EXIT_STATUS, MIN_EXIT_STATUS } from '../formats/limits';
import { statement } from './statement-cache';

export interface SessionFilter {
  user?: string;
  target?: string;
  sinceUs?: number;
  untilUs?: number;
  type?: ProgramType;
}

interface SessionRow extends SessionWhoWhenRow {
  id: number;
  cf_session_id: string | null;
  error: string | null;
}

interface ProgramRow {
  id: number;
  session_id: number;
  cf_program_id: string | null;
  type: ProgramType;
  command: string | null;
  started_at_us: number | null;
  finished_at_us: number | null;
  incomplete: number;
  partial_reason: string | null;
  term_type: string | null;
  term_cols: number | null;
  term_rows: number | null;
  term_modes: string | null;
  exit_status: number | null;
  exit_signal: string | null;
  core_dumped: number | null;
  exit_error: string | null;
  event_count: number;
  input_bytes: number;
  output_bytes: number;
  last_event_us: number | null;
}

export function listSessions(db: CaseDb, filter: SessionFilter = {}): SessionSummary[] {
  // Who, where and what as the timeline filters them (one definition); the CLI's own time bounds.
  const shared = timelineFilterSql({ user: filter.user, target: filter.target, type: filter.type });
  const where: string[] = [shared.where];
  const params: Record<string, unknown> = { ...shared.params };
  if (filter.sinceUs !== undefined) {
    where.push('COALESCE(s.finished_at_us, s.started_at_us) >= @since');
    params['since'] = filter.sinceUs;
  }
  if (filter.untilUs !== undefined) {
    where.push('s.started_at_us <= @until');
    params['until'] = filter.untilUs;
  }
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const sql = `SELECT s.* FROM sessions s ${whereSql}
    ORDER BY s.started_at_us IS NULL, s.started_at_us, s.id`;
  const rows = statement(db, sql).all(params) as SessionRow[];
  const listed = `SELECT s.id FROM sessions s ${whereSql}`;
  // Three queries in all, not one per session and one per program: the programs of every listed
  // session, then the sources of all those programs.
  const programs = statement(
    db,
    `SELECT * FROM programs WHERE session_id IN (${listed}) AND variant_of IS NULL
       ORDER BY session_id, started_at_us IS NULL, started_at_us, id`,
  ).all(params) as ProgramRow[];
  const sources = statement(
    db,
    `SELECT ps.program_id, src.path, src.sha256 FROM program_sources ps JOIN sources src ON src.id = ps.source_id
       WHERE ps.program_id IN (SELECT id FROM programs WHERE session_id IN (${listed}) AND variant_of IS NULL)
       ORDER BY ps.program_id, src.id`,
  ).all(params) as Array<SourceRef & { program_id: number }>;
  const programsOf = groupBy(programs, (p) => p.session_id);
  const sourcesOf = groupBy(sources, (x) => x.program_id);
  return rows.map((r) =>
    toSessionSummary(
      r,
      (programsOf.get(r.id) ?? []).map((p) =>
        toProgramSummary(
          p,
          (sourcesOf.get(p.id) ?? []).map(({ path, sha256 }) => ({ path, sha256 })),
        ),
      ),
    ),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function getSession(db: CaseDb, row: number): SessionSummary | null {
  const r = statement(db, 'SELECT * FROM sessions WHERE id = ?').get(row) as SessionRow | undefined;
  if (!r) return null;
  const programs = statement(
    db,
    'SELECT * FROM programs WHERE session_id = ? AND variant_of IS NULL ORDER BY started_at_us IS NULL, started_at_us, id',
  ).all(row) as ProgramRow[];
  return toSessionSummary(
    r,
    programs.map((p) => toProgramSummary(p, sourcesOfProgram(db, p.id))),
  );
}

export function getProgram(db: CaseDb, row: number): ProgramDetail | null {
  const p = statement(db, 'SELECT * FROM programs WHERE id = ?').get(row) as ProgramRow | undefined;
  if (!p) return null;
  const summary = toProgramSummary(p, sourcesOfProgram(db, p.id));
  // An unreadable size (from an older sshlens) is unknown: the program replays at 80x24, as one without a size.
  const terminal =
    p.term_cols !== null && p.term_rows !== null && isTerminalSize(p.term_cols, p.term_rows)
      ? { term: p.term_type, cols: p.term_cols, rows: p.term_rows, modes: parseModes(p.term_modes) ?? [] }
      : null;
  return {
    ...summary,
    session: sessionRef(p.session_id),
    command: p.command,
    incomplete: p.incomplete === 1,
    partialReason: p.partial_reason,
    terminal,
    exitSignal: p.exit_signal,
    coreDumped: p.core_dumped === null ? null : p.core_dumped === 1,
    exitError: p.exit_error,
    eventCount: p.event_count,
    inputBytes: p.input_bytes,
    outputBytes: p.output_bytes,
    durationMs: durationMs(p),
    ...exitClaimsField(db, p),
  };
}

/** Every source's exit, when they disagree on it (absent when they agree). */
function exitClaimsField(db: CaseDb, p: ProgramRow): { exitClaims?: ExitClaim[] } {
  const kept = { exit_status: p.exit_status, exit_signal: p.exit_signal, exit_error: p.exit_error };
  const claims = exitClaimsOfProgram(db, p.id, kept);
  return claims ? { exitClaims: claims } : {};
}

const EVENT_PAGE_CHUNKS = 16; // ~1 MiB of events per query

/** The spans of program time whose events the program stores in full (program_spans), in order. */
export function programSpans(db: CaseDb, programRow: number): Array<[number, number]> {
  const rows = statement(db, 'SELECT first_us, last_us FROM program_spans WHERE program_id = ? ORDER BY first_us')
    .raw()
    .all(programRow) as Array<[number, number]>;
  return rows;
}

/**
 * The program's events in time order, optionally limited to [fromUs, toUs] since its start.
 * Chunks are read a page at a time, with no statement left open between pages: callers may
 * write to the case while they consume events (better-sqlite3 refuses writes on a connection
 * with an iterator open).
 */
export function* readEvents(
  db: CaseDb,
  programRow: number,
  fromUs = -Infinity,
  toUs = Infinity,
): Generator<TerminalEvent> {
  const page = statement(
    db,
    `SELECT seq, first_us, body, encoding FROM event_chunks
    WHERE program_id = ? AND seq > ? AND first_us <= ? AND last_us >= ? ORDER BY seq LIMIT ?`,
  );
  const to = Number.isFinite(toUs) ? toUs : Number.MAX_SAFE_INTEGER;
  const from = Number.isFinite(fromUs) ? fromUs : -Number.MAX_SAFE_INTEGER;
  let after = -1;
  for (;;) {
    const rows = page.all(programRow, after, to, from, EVENT_PAGE_CHUNKS) as Array<StoredChunk & { seq: number }>;
    for (const row of rows) {
      for (const ev of chunkEvents(row)) {
        if (ev.atUs >= fromUs && ev.atUs <= toUs) yield ev;
      }
    }
    if (rows.length < EVENT_PAGE_CHUNKS) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** A piece of a program's server output and the offset of its first byte in that output. */
export interface OutputPiece {
  atUs: number;
  offset: number;
  data: Uint8Array;
}

/**
 * The program's server output from the chunk that holds byte `fromOffset` on, in order, a page
 * of chunks at a time (no statement open between pages). Callers stop when they have read enough.
 */
export function* readOutputFrom(db: CaseDb, programRow: number, fromOffset: number): Generator<OutputPiece> {
  // One seek in event_chunks_output (migration 015), not a visit of every chunk of the program.
  const first = statement(
    db,
    'SELECT seq FROM event_chunks WHERE program_id = ? AND output_offset <= ? ORDER BY output_offset DESC, seq DESC LIMIT 1',
    true,
  ).get(programRow, fromOffset) as number | undefined;
  const page = statement(
    db,
    `SELECT seq, first_us, output_offset, body, encoding FROM event_chunks
    WHERE program_id = ? AND seq >= ? ORDER BY seq LIMIT ?`,
  );
  let from = first ?? 0;
  // Most readers stop in the first chunk or two (search places a hit there): pages grow from 2.
  for (let size = 2; ; size = Math.min(size * 2, EVENT_PAGE_CHUNKS)) {
    const rows = page.all(programRow, from, size) as Array<StoredChunk & { seq: number; output_offset: number }>;
    for (const row of rows) {
      let offset = row.output_offset;
      for (const ev of chunkEvents(row)) {
        if (ev.kind !== 'output') continue;
        if (offset + ev.data.length > fromOffset) yield { atUs: ev.atUs, offset, data: ev.data };
        offset += ev.data.length;
      }
    }
    if (rows.length < size) return;
    from = rows[rows.length - 1]!.seq + 1;
  }
}

/** Whether one of the program's sources is of this format. */
export function hasSourceOfFormat(db: CaseDb, programRow: number, format: string): boolean {
  return (
    statement(
      db,
      'SELECT EXISTS (SELECT 1 FROM program_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.program_id = ? AND s.format = ?)',
      true,
    ).get(programRow, format) === 1
  );
}

export function sourcesOfProgram(db: CaseDb, programRow: number): SourceRef[] {
  return statement(
    db,
    'SELECT s.path, s.sha256 FROM program_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.program_id = ? ORDER BY s.id',
  ).all(programRow) as SourceRef[];
}

function toSessionSummary(r: SessionRow, programs: ProgramSummary[]): SessionSummary {
  const problems = sessionRowProblems(r as unknown as Record<string, unknown>).map(describeUnreadable);
  return {
    id: sessionRef(r.id),
    cfSessionId: r.cf_session_id,
    ...sessionWhoWhen(r),
    error: r.error,
    programs,
    ...(problems.length > 0 && { problems }),
  };
}

function toProgramSummary(p: ProgramRow, sources: SourceRef[]): ProgramSummary {
  const problems = programRowProblems(p as unknown as Record<string, unknown>).map(describeUnreadable);
  return {
    id: programRef(p.id),
    cfProgramId: p.cf_program_id,
    type: p.type,
    start: isoFromUs(p.started_at_us),
    end: isoFromUs(
      p.finished_at_us ??
        (p.started_at_us !== null && p.last_event_us !== null ? p.started_at_us + p.last_event_us : null),
    ),
    exitStatus: integerProblem(p.exit_status, MIN_EXIT_STATUS, MAX_EXIT_STATUS) === null ? p.exit_status : null,
    sources,
    ...(problems.length > 0 && { problems }),
  };
}

function durationMs(p: ProgramRow): number | null {
  if (isStoredEpochUs(p.started_at_us) && isStoredEpochUs(p.finished_at_us))
    return Math.round((p.finished_at_us - p.started_at_us) / 1000);
  if (p.last_event_us !== null && Number.isSafeInteger(p.last_event_us)) return Math.round(p.last_event_us / 1000);
  return null;
}
