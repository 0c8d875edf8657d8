import type { Database } from 'better-sqlite3';
import type { SourceFormat } from '../../../shared/model';
import { programRef } from '../../../shared/ids';
import { SAME_START_US, type TerminalEvent } from '../../formats/recording';
import { readEvents } from '../case-queries';
import { mergeByTime, moveProgramEvents, refreshProgramStats, replaceProgramEvents } from '../program-events';
import { TimeSpans } from '../time-spans';
import type { EventSource } from './align-outputs';
import { recordConflict, type Conflict } from './conflicts';
import { KeptApart } from './kept-apart';
import { matchRecordings, SHORT_OUTPUT, type RecordingMatch, type RecordingShape } from './match-recordings';
import { dropEmptySession, mergePrograms, mergeSessions, programsCompatible, type MergeContext } from './merge-records';
import { spliceEvents } from './splice-events';
import { statement } from '../statement-cache';

/**
 * What joining a recording to the program it records did:
 * same      the program already held all of it (provenance only)
 * part      it holds a part of what the program holds (provenance only)
 * extends   it adds output the program did not hold (before or after)
 * replaces  it is the better recording of the whole program (a capture beside a cast): its events
 *           are now the program's, the others' the same as it
 * keystrokes it adds the keystrokes a recording without them (an official ZIP) lacked
 * conflict  it disagrees with the program: kept whole as a variant, the conflict recorded
 */
export type LinkRelation = 'same' | 'part' | 'extends' | 'replaces' | 'keystrokes' | 'conflict';

export interface LinkResult {
  /** The program that was linked (removed, or a variant when it conflicts). */
  program: number;
  /** The program it joined, and that program's session. */
  into: number;
  session: number;
  relation: LinkRelation;
  /** Sessions removed because their program joined another session (ids as they were). */
  mergedSessions: number[];
  conflicts: Conflict[];
  /** `into` stores other events than before: its commands and snapshots must be rebuilt. */
  changed: boolean;
}

export interface LinkOptions {
  /** The source being imported (null: a reindex or an investigator's join). */
  sourceId: number | null;
  nowUs: number;
  /** The program and its session existed before this operation (leave aliases when they go). */
  existing: boolean;
  /** Only join older programs (a reindex walks programs oldest first: the older one stays). */
  olderOnly?: boolean;
  /** How the link was found: by content (default), or declared by the investigator. */
  linkedBy?: 'content' | 'manual';
  /** Programs split apart by hand, when the caller read them once for many programs. */
  apart?: KeptApart;
}

export interface ProgramInfo {
  id: number;
  session_id: number;
  cf_program_id: string | null;
  term_cols: number | null;
  started_at_us: number | null;
  finished_at_us: number | null;
  last_event_us: number | null;
  output_bytes: number;
  input_bytes: number;
  output_head: string | null;
  variant_of: number | null;
  exit_status: number | null;
  logpush_shift_us: number;
  type: string;
  /** First stored event, µs after the program start (program_spans). */
  first_event_us?: number | null;
}

/** How long two sources of one program may disagree on when it started (datetimes in whole seconds). */
const START_SLACK_US = 5_000_000;
const MAX_CANDIDATES = 16;

/**
 * Finds the program that program `id` is another recording of (by recorded output, never by file
 * name) and joins them: one program, every source kept as provenance, events stored once.
 * Returns null when no program in the case is the same recording.
 */
export function linkProgram(db: Database, id: number, options: LinkOptions): LinkResult | null {
  const s = info(db, id);
  if (!s || s.variant_of !== null || s.output_bytes === 0) return null;
  const sEvents = eventsOf(db, id);
  const shape = shapeOf(s);
  const matches: Array<{ c: ProgramInfo; match: RecordingMatch }> = [];
  let apart = options.apart;
  for (const c of candidates(db, s, options.sourceId)) {
    if (options.olderOnly && c.id > s.id) continue;
    if (!programsCompatible(db, s.id, c.id)) continue;
    apart ??= KeptApart.of(db);
    if (apart.has(s.id, c.id)) continue;
    const match = matchRecordings(sEvents, shape, eventsOf(db, c.id), shapeOf(c));
    if (match) matches.push({ c, match });
  }
  const chosen = choose(matches);
  if (!chosen) return null;
  return join(db, s, chosen.c, chosen.match, options);
}

/**
 * Several programs fully agreeing with a short output ("root\n" from many hosts at once) say
 * nothing about which one it is: no link. Otherwise the closest in time wins; a conflict counts
 * only when nothing agrees.
 */
function choose(
  matches: Array<{ c: ProgramInfo; match: RecordingMatch }>,
): { c: ProgramInfo; match: RecordingMatch } | null {
  const agreeing = matches.filter((m) => m.match.kind === 'match');
  if (agreeing.length > 1) {
    const short = agreeing.some((m) => Math.min(m.match.alignment.sLength, m.match.alignment.cLength) < SHORT_OUTPUT);
    if (short) return null;
  }
  return agreeing[0] ?? matches[0] ?? null;
}

/** Joins recording S (a program) to program C, which it was found (or declared) to record. */
export function join(
  db: Database,
  s: ProgramInfo,
  c: ProgramInfo,
  match: RecordingMatch,
  options: LinkOptions,
): LinkResult {
  const a = match.alignment;
  const sRank = rankOf(db, s.id);
  const cRank = rankOf(db, c.id);
  // A recording without times (an official ZIP of a program without terminal: every event at 0)
  // has no clock to align: the other recording's times stand as they are.
  const timed = Math.min(sRank, cRank) > UNTIMED_RANK;
  const deltaUs = !timed
    ? 0
    : (a.deltaUs ?? (s.started_at_us !== null && c.started_at_us !== null ? s.started_at_us - c.started_at_us : 0));
  const ctx: MergeContext = {
    sourceId: options.sourceId,
    nowUs: options.nowUs,
    reason:
      options.linkedBy === 'manual' ? `joined to ${programRef(c.id)} by hand` : `same recording as ${programRef(c.id)}`,
    alias: options.existing,
    linkedBy: options.linkedBy ?? 'content',
  };
  const conflicts: Conflict[] = [];
  const mergedSessions: number[] = [];
  if (s.session_id !== c.session_id) {
    // The older session stays; the session the linked program came from joins it.
    const [keep, drop] = c.session_id < s.session_id ? [c.session_id, s.session_id] : [s.session_id, c.session_id];
    // A session created by this very import was never shown: it leaves no alias and no mention.
    const shown = options.existing || drop === c.session_id;
    conflicts.push(...mergeSessions(db, keep, drop, { ...ctx, alias: shown }));
    if (shown) mergedSessions.push(drop);
  }
  const session =
    (statement(db, 'SELECT session_id FROM programs WHERE id = ?', true).get(c.id) as number) ?? c.session_id;

  if (match.kind === 'conflict') {
    const m = a.mismatch!;
    const variant = keepAsVariant(db, s, c, session, options, {
      field: 'output',
      atUs: m.cUs,
      outputOffset: m.cAt,
      stored: m.stored,
      found: m.found,
    });
    conflicts.push(...variant);
    return { program: s.id, into: c.id, session, relation: 'conflict', mergedSessions, conflicts, changed: false };
  }

  const sWithin = a.d >= 0 && a.d + a.sLength <= a.cLength;
  const cWithin = a.d <= 0 && a.cLength - a.d <= a.sLength;
  const sRicher = sRank > cRank;
  let relation: LinkRelation;
  let changed = true;
  const spans = spansOf(db, c.id);
  for (const [first, last] of spansOf(db, s.id).list()) spans.add(first + deltaUs, last + deltaUs);
  if (sWithin && cWithin) {
    relation = sRicher ? 'replaces' : 'same';
    if (sRicher) replaceKeepingResizes(db, s, c, deltaUs);
    else changed = false;
  } else if (sWithin) {
    // A part of the program: it adds nothing, unless it brings the keystrokes C lacks.
    if (sRicher && c.input_bytes === 0 && s.input_bytes > 0) {
      relation = 'keystrokes';
      splice(db, s, c, a, deltaUs, 's');
    } else {
      relation = 'part';
      changed = false;
    }
  } else if (cWithin && !(cRank > sRank)) {
    relation = sRicher ? 'replaces' : 'extends';
    replaceKeepingResizes(db, s, c, deltaUs);
  } else {
    relation = 'extends';
    splice(db, s, c, a, deltaUs, sRicher ? 's' : 'c');
  }
  writeSpans(db, c.id, spans);
  if (s.cf_program_id && !c.cf_program_id) {
    // Logpush records of this program that come later count from the program start they state:
    // keep how far that clock is from this program's own time line.
    // Records place their times by the start they state, to the second (recording-writer.ts): only
    // a start a second or more from this program's moves them. (A program that had no start takes
    // S's, and with it S's clock.)
    const stated = c.started_at_us === null || s.started_at_us === null ? 0 : c.started_at_us - s.started_at_us;
    const origins = Math.abs(stated) < SAME_START_US ? 0 : stated;
    statement(db, 'UPDATE programs SET logpush_shift_us = ? WHERE id = ?').run(
      deltaUs + origins + s.logpush_shift_us,
      c.id,
    );
  }
  const roleOfLinked = relation === 'same' || relation === 'part' ? relation : 'events';
  const cSources = relation === 'replaces' ? 'same' : null;
  if (cSources) {
    statement(db, `UPDATE program_sources SET role = 'same' WHERE program_id = ? AND role IN ('events', 'part')`).run(
      c.id,
    );
  }
  const extractionInputs = (): string =>
    JSON.stringify(statement(db, 'SELECT type, command FROM programs WHERE id = ?').get(c.id));
  const inputsBefore = extractionInputs();
  conflicts.push(...mergePrograms(db, c.id, s.id, deltaUs, ctx, (role) => (role === 'conflict' ? role : roleOfLinked)));
  if (changed) refreshProgramStats(db, c.id);
  // An exec program that learns its command (from a cast or Logpush) has a command to index now.
  if (extractionInputs() !== inputsBefore) changed = true;
  dropEmptySession(db, s.session_id);
  return { program: s.id, into: c.id, session, relation, mergedSessions, conflicts, changed };
}

/**
 * S's events become C's. A capture records no window resizes (its packets are bytes only) while a
 * cast or Logpush record of the same session does: resizes C had and S lacks are kept, or the
 * replay would draw later output at the wrong size.
 */
function replaceKeepingResizes(db: Database, s: ProgramInfo, c: ProgramInfo, deltaUs: number): void {
  const resizes = (id: number): TerminalEvent[] =>
    [...readEvents(db, id)]
      .filter((ev) => ev.kind === 'resize')
      .map((ev) => ({ ...ev, data: Uint8Array.from(ev.data) }));
  const kept = resizes(s.id).length === 0 ? resizes(c.id) : [];
  moveProgramEvents(db, s.id, c.id, deltaUs);
  if (kept.length > 0) replaceProgramEvents(db, c.id, mergeByTime(readEvents(db, c.id), kept));
}

/**
 * Keeps recording S whole beside program C as a variant (never merged, never indexed) and records
 * where they disagree; S's sources are listed on C as conflicting.
 */
export function keepAsVariant(
  db: Database,
  s: ProgramInfo,
  c: ProgramInfo,
  session: number,
  options: LinkOptions,
  where: Pick<Conflict, 'field' | 'atUs' | 'outputOffset' | 'stored' | 'found'>,
): Conflict[] {
  statement(db, 'UPDATE programs SET variant_of = ?, cf_program_id = NULL, session_id = ? WHERE id = ?').run(
    c.id,
    session,
    s.id,
  );
  carryCloudflareId(db, s, c);
  const conflict: Conflict = {
    sessionId: session,
    programId: c.id,
    sourceId: options.sourceId ?? firstSource(db, s.id),
    variantId: s.id,
    ...where,
  };
  statement(
    db,
    `INSERT OR REPLACE INTO program_sources (program_id, source_id, role, linked_by, first_us, last_us, output_bytes, linked_at_us)
     SELECT ?, source_id, 'conflict', ?, first_us, last_us, output_bytes, ? FROM program_sources WHERE program_id = ?`,
  ).run(c.id, options.linkedBy ?? 'content', options.nowUs, s.id);
  return recordConflict(db, conflict, options.nowUs) ? [conflict] : [];
}

function splice(
  db: Database,
  s: ProgramInfo,
  c: ProgramInfo,
  a: RecordingMatch['alignment'],
  deltaUs: number,
  prefer: 's' | 'c',
): void {
  replaceProgramEvents(
    db,
    c.id,
    spliceEvents({
      s: () => readEvents(db, s.id),
      c: () => readEvents(db, c.id),
      d: a.d,
      sLength: a.sLength,
      cLength: a.cLength,
      deltaUs,
      prefer,
    }),
  );
}

/** The Cloudflare program id of a conflicting Logpush copy still names the program. */
function carryCloudflareId(db: Database, s: ProgramInfo, c: ProgramInfo): void {
  if (s.cf_program_id && !c.cf_program_id) {
    statement(db, 'UPDATE programs SET cf_program_id = ? WHERE id = ?').run(s.cf_program_id, c.id);
  }
}

/**
 * Programs that may be another recording of `s`: the same kind (terminal or not) and the same
 * start (every format states when the program started, to the second; a Logpush record sent
 * while a program ran states the program's start too), or, for a recording without times (an
 * official ZIP of a program without terminal), the same first KiB of output.
 */
function candidates(db: Database, s: ProgramInfo, sourceId: number | null): ProgramInfo[] {
  return statement(
    db,
    `SELECT p.*, (SELECT MIN(first_us) FROM program_spans sp WHERE sp.program_id = p.id) AS first_event_us
       FROM programs p
       WHERE p.id IN (
           SELECT id FROM programs WHERE output_head = @head
           UNION SELECT id FROM programs WHERE @start IS NOT NULL AND started_at_us BETWEEN @start - @slack AND @start + @slack)
         AND p.id <> @id AND p.variant_of IS NULL AND p.output_bytes > 0
         AND (p.type = @type OR p.type = 'unknown' OR @type = 'unknown' OR (p.type <> 'shell' AND @type <> 'shell'))
         AND NOT EXISTS (SELECT 1 FROM program_sources ps WHERE ps.program_id = p.id AND ps.source_id = @source)
       ORDER BY abs(COALESCE(p.started_at_us, 0) - COALESCE(@start, 0)), p.id
       LIMIT @limit`,
  ).all({
    id: s.id,
    type: s.type,
    source: sourceId ?? -1,
    head: s.output_head,
    start: s.started_at_us,
    slack: START_SLACK_US,
    limit: MAX_CANDIDATES,
  }) as ProgramInfo[];
}

/** What matching needs to know of a program's recording before reading it. */
function shapeOf(p: ProgramInfo): RecordingShape {
  const first = p.first_event_us ?? null;
  return {
    durationUs: p.last_event_us ?? 0,
    firstEventAtUs: p.started_at_us === null || first === null ? null : p.started_at_us + first,
    outputBytes: p.output_bytes,
  };
}

function info(db: Database, id: number): ProgramInfo | undefined {
  return statement(
    db,
    'SELECT p.*, (SELECT MIN(first_us) FROM program_spans sp WHERE sp.program_id = p.id) AS first_event_us FROM programs p WHERE id = ?',
  ).get(id) as ProgramInfo | undefined;
}

function eventsOf(db: Database, id: number): EventSource {
  return () => readEvents(db, id)[Symbol.iterator]() as Iterator<TerminalEvent>;
}

/**
 * How faithful a program's stored events are, by the weakest source that wrote them: a capture
 * keeps exact bytes, µs times, stderr and keystrokes; a cast or Logpush record keeps output as text
 * and keystrokes; an official ZIP keeps output only (and no times for a program without terminal).
 */
export function rankOf(db: Database, programId: number): number {
  const rows = statement(
    db,
    `SELECT s.format, p.term_cols FROM program_sources ps JOIN sources s ON s.id = ps.source_id
       JOIN programs p ON p.id = ps.program_id WHERE ps.program_id = ? AND ps.role = 'events'`,
  ).all(programId) as Array<{ format: SourceFormat; term_cols: number | null }>;
  if (rows.length === 0) return 0;
  return Math.min(...rows.map((r) => formatRank(r.format, r.term_cols !== null)));
}

/** The rank of a recording that holds no times. */
const UNTIMED_RANK = 1;

function formatRank(format: SourceFormat, terminal: boolean): number {
  switch (format) {
    case 'capture':
      return 4;
    case 'asciicast':
    case 'logpush':
      return 3;
    case 'official-zip':
      return terminal ? 2 : UNTIMED_RANK;
  }
}

function spansOf(db: Database, id: number): TimeSpans {
  const rows = statement(db, 'SELECT first_us, last_us FROM program_spans WHERE program_id = ?').all(id) as Array<{
    first_us: number;
    last_us: number;
  }>;
  return new TimeSpans(rows.map((r) => [r.first_us, r.last_us] as [number, number]));
}

function writeSpans(db: Database, id: number, spans: TimeSpans): void {
  statement(db, 'DELETE FROM program_spans WHERE program_id = ?').run(id);
  const insert = statement(db, 'INSERT INTO program_spans (program_id, first_us, last_us) VALUES (?, ?, ?)');
  for (const [a, b] of spans.list()) insert.run(id, a, b);
}

function firstSource(db: Database, programId: number): number | null {
  return (
    (statement(db, 'SELECT source_id FROM program_sources WHERE program_id = ? ORDER BY source_id LIMIT 1', true).get(
      programId,
    ) as number | undefined) ?? null
  );
}

/** What linking the programs of one imported source did. */
export interface SourceLinks {
  links: LinkResult[];
  /** Programs whose stored events changed (to index again), and programs removed or set aside. */
  changed: number[];
  gone: number[];
}

/**
 * Links every program a source created to the recording it repeats, if the case holds one:
 * after this, one program per real program whatever mix of files recorded it.
 */
export function linkSourcePrograms(
  db: Database,
  sourceId: number,
  created: readonly number[],
  nowUs: number,
): SourceLinks {
  const links: LinkResult[] = [];
  const changed = new Set<number>();
  const gone = new Set<number>();
  const apart = KeptApart.of(db);
  for (const id of created) {
    if (gone.has(id)) continue;
    const result = linkProgram(db, id, { sourceId, nowUs, existing: false, apart });
    if (!result) continue;
    links.push(result);
    gone.add(result.program);
    changed.delete(result.program);
    if (result.changed) changed.add(result.into);
  }
  return { links, changed: [...changed], gone: [...gone] };
}
