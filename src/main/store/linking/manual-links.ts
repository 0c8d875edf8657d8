import type { Database } from 'better-sqlite3';
import type { TerminalEvent } from '../../formats/recording';
import { readEvents } from '../case-queries';
import { nextId } from '../next-id';
import { programRef, sessionRef } from '../../../shared/ids';
import { ChunkAppender, refreshProgramStats, replaceProgramEvents } from '../program-events';
import { TimeSpans } from '../time-spans';
import type { Conflict } from './conflicts';
import { join, keepAsVariant, type LinkResult, type ProgramInfo } from './link-programs';
import { matchRecordings } from './match-recordings';
import { mergeSessions, sessionsCompatible } from './merge-records';
import { statement } from '../statement-cache';

/**
 * What an investigator decides against (or beyond) what content linking found: two sessions are
 * one, a program is another recording of a program, a source was linked to the wrong program.
 * Each is the caller's to audit; none deletes evidence.
 */

export class LinkRefused extends Error {
  override name = 'LinkRefused';
}

/** Session `drop` is the same SSH session as `keep`: its programs, notes and sources move there. */
export function joinSessions(db: Database, keep: number, drop: number, nowUs: number): SessionJoin {
  if (keep === drop) throw new LinkRefused(`${sessionRef(keep)} and ${sessionRef(drop)} are the same session`);
  for (const id of [keep, drop]) {
    if (!statement(db, 'SELECT 1 FROM sessions WHERE id = ?').get(id))
      throw new LinkRefused(`there is no session ${sessionRef(id)}`);
  }
  if (!sessionsCompatible(db, keep, drop)) {
    throw new LinkRefused(
      `${sessionRef(keep)} and ${sessionRef(drop)} have different Cloudflare session ids: Cloudflare recorded two sessions`,
    );
  }
  const kept = programsOf(db, keep);
  const moved = programsOf(db, drop);
  const conflicts = mergeSessions(db, keep, drop, {
    sourceId: null,
    nowUs,
    reason: `joined into ${sessionRef(keep)} by hand`,
    alias: true,
  });
  return { conflicts, programLinks: linkSameRecordings(db, kept, moved, nowUs) };
}

export interface SessionJoin {
  conflicts: Conflict[];
  /** Programs of the joined session found to be recordings of programs already here, joined to them. */
  programLinks: LinkResult[];
}

function programsOf(db: Database, session: number): Array<{ id: number; type: string }> {
  return statement(db, 'SELECT id, type FROM programs WHERE session_id = ? AND variant_of IS NULL ORDER BY id').all(
    session,
  ) as Array<{ id: number; type: string }>;
}

/**
 * Two sessions declared one often hold the same program twice (a capture and its Logpush record):
 * each program that the other session's recording agrees with becomes one program, as an import
 * would have joined it, so no command is doubled. Programs that do not agree stay side by side.
 */
function linkSameRecordings(
  db: Database,
  kept: ReadonlyArray<{ id: number; type: string }>,
  moved: ReadonlyArray<{ id: number; type: string }>,
  nowUs: number,
): LinkResult[] {
  const links: LinkResult[] = [];
  const taken = new Set<number>();
  for (const m of moved) {
    for (const k of kept) {
      if (taken.has(k.id) || k.type !== m.type) continue;
      const [older, newer] = k.id < m.id ? [k.id, m.id] : [m.id, k.id];
      const lastUs = statement(db, 'SELECT last_event_us FROM programs WHERE id = ?', true).get(newer) as number | null;
      const match = matchRecordings(
        () => readEvents(db, newer)[Symbol.iterator](),
        { durationUs: lastUs ?? 0 },
        () => readEvents(db, older)[Symbol.iterator](),
      );
      if (match?.kind !== 'match') continue;
      links.push(joinPrograms(db, older, newer, nowUs));
      taken.add(k.id);
      break;
    }
  }
  return links;
}

/**
 * Program `drop` is another recording of program `keep`: joined as an import would join it when
 * their output agrees; kept beside it as a variant, with a conflict, when it does not.
 */
export function joinPrograms(db: Database, keep: number, drop: number, nowUs: number): LinkResult {
  if (keep === drop) throw new LinkRefused(`${programRef(keep)} and ${programRef(drop)} are the same program`);
  const rows = statement(db, 'SELECT * FROM programs WHERE id IN (?, ?)').all(keep, drop) as Array<
    Record<string, unknown>
  >;
  if (rows.length !== 2)
    throw new LinkRefused(`there is no program ${programRef(rows[0]?.['id'] === keep ? drop : keep)}`);
  const c = rows.find((r) => r['id'] === keep)!;
  const s = rows.find((r) => r['id'] === drop)!;
  if (c['variant_of'] !== null || s['variant_of'] !== null)
    throw new LinkRefused('a variant cannot be joined: split it first');
  if (c['cf_program_id'] && s['cf_program_id'] && c['cf_program_id'] !== s['cf_program_id']) {
    throw new LinkRefused(
      `${programRef(keep)} and ${programRef(drop)} have different Cloudflare program ids: Cloudflare recorded two programs`,
    );
  }
  if (!sessionsCompatible(db, c['session_id'] as number, s['session_id'] as number)) {
    throw new LinkRefused(`their sessions have different Cloudflare session ids`);
  }
  const sEvents = () => readEvents(db, drop)[Symbol.iterator]();
  const cEvents = () => readEvents(db, keep)[Symbol.iterator]();
  const match = matchRecordings(sEvents, { durationUs: (s['last_event_us'] as number) ?? 0 }, cEvents);
  const options = { sourceId: null, nowUs, existing: true, linkedBy: 'manual' as const };
  if (match) return join(db, asInfo(s), asInfo(c), match, options);
  // Declared one program though their output does not line up: kept beside it, and flagged.
  if (s['session_id'] !== c['session_id']) {
    const [k, d] = [c['session_id'] as number, s['session_id'] as number].sort((x, y) => x - y) as [number, number];
    mergeSessions(db, k, d, { sourceId: null, nowUs, reason: `joined to ${programRef(keep)} by hand`, alias: true });
  }
  const session = statement(db, 'SELECT session_id FROM programs WHERE id = ?', true).get(keep) as number;
  const conflicts = keepAsVariant(db, asInfo(s), asInfo(c), session, options, {
    field: 'output',
    atUs: null,
    outputOffset: null,
    stored: null,
    found: 'joined by hand, but the recorded output does not line up',
  });
  return { program: drop, into: keep, session, relation: 'conflict', mergedSessions: [], conflicts, changed: false };
}

/**
 * Source `sourceId` was linked to program `programId` by mistake: it becomes a program (and
 * session) of its own again, holding the events of the span it covers. The program keeps the
 * events its other sources cover. A source that disagreed (its variant) takes the variant along.
 */
export function splitSource(db: Database, programId: number, sourceId: number, nowUs: number): number {
  const link = statement(db, 'SELECT * FROM program_sources WHERE program_id = ? AND source_id = ?').get(
    programId,
    sourceId,
  ) as Record<string, unknown> | undefined;
  if (!link) throw new LinkRefused(`that source is not a source of ${programRef(programId)}`);
  const others = statement(db, 'SELECT * FROM program_sources WHERE program_id = ? AND source_id <> ?').all(
    programId,
    sourceId,
  ) as Array<Record<string, unknown>>;
  if (others.length === 0)
    throw new LinkRefused(`it is the only source of ${programRef(programId)}: there is nothing to split`);
  const program = statement(db, 'SELECT * FROM programs WHERE id = ?').get(programId) as Record<string, unknown>;
  const variant = statement(
    db,
    'SELECT p.id FROM programs p JOIN program_sources ps ON ps.program_id = p.id WHERE p.variant_of = ? AND ps.source_id = ?',
    true,
  ).get(programId, sourceId) as number | undefined;

  const sessionId = Number(
    statement(db, `INSERT INTO sessions (id, started_at_us) VALUES (${nextId('session')}, ?)`).run(
      program['started_at_us'] ?? null,
    ).lastInsertRowid,
  );
  let newProgram: number;
  if (variant !== undefined) {
    // Its own recording was kept whole: it becomes the program again.
    statement(db, 'UPDATE programs SET variant_of = NULL, session_id = ? WHERE id = ?').run(sessionId, variant);
    statement(db, 'DELETE FROM conflicts WHERE variant_id = ?').run(variant);
    newProgram = variant;
  } else {
    newProgram = Number(
      statement(
        db,
        `INSERT INTO programs (id, session_id, type, started_at_us, term_type, term_cols, term_rows, term_modes)
           SELECT ${nextId('program')}, ?, type, started_at_us, term_type, term_cols, term_rows, term_modes FROM programs WHERE id = ?`,
      ).run(sessionId, programId).lastInsertRowid,
    );
    const first = (link['first_us'] as number | null) ?? -Infinity;
    const last = (link['last_us'] as number | null) ?? Infinity;
    const out = new ChunkAppender(db, newProgram);
    for (const ev of readEvents(db, programId, first, last)) out.add(ev);
    out.flush();
    refreshProgramStats(db, newProgram);
    // The program keeps only what its other sources cover.
    const kept = new TimeSpans(
      others.map(
        (o) => [(o['first_us'] as number | null) ?? -1e15, (o['last_us'] as number | null) ?? 1e15] as [number, number],
      ),
    );
    const inKept = (ev: TerminalEvent): boolean => kept.covers(ev.atUs);
    replaceProgramEvents(db, programId, filter(readEvents(db, programId), inKept));
  }
  statement(db, 'DELETE FROM program_sources WHERE program_id = ? AND source_id = ?').run(programId, sourceId);
  // What the source stated against the program (an exit, a fact) is no claim about it any more;
  // against its session only while no other program there keeps the source.
  statement(db, 'DELETE FROM conflicts WHERE program_id = ? AND source_id = ?').run(programId, sourceId);
  statement(
    db,
    `DELETE FROM conflicts WHERE program_id IS NULL AND source_id = @source AND session_id = @session
     AND NOT EXISTS (SELECT 1 FROM program_sources ps JOIN programs p ON p.id = ps.program_id
                     WHERE ps.source_id = @source AND p.session_id = @session)`,
  ).run({ source: sourceId, session: program['session_id'] });
  statement(
    db,
    `INSERT OR REPLACE INTO program_sources (program_id, source_id, role, linked_by, first_us, last_us, output_bytes,
     contributed, linked_at_us) VALUES (?, ?, 'events', NULL, ?, ?, ?, ?, ?)`,
  ).run(newProgram, sourceId, link['first_us'], link['last_us'], link['output_bytes'], link['contributed'], nowUs);
  statement(
    db,
    'UPDATE sessions SET finished_at_us = (SELECT MAX(COALESCE(finished_at_us, started_at_us + last_event_us)) FROM programs WHERE session_id = ?) WHERE id = ?',
  ).run(sessionId, sessionId);
  return newProgram;
}

function* filter(events: Iterable<TerminalEvent>, keep: (ev: TerminalEvent) => boolean): Generator<TerminalEvent> {
  for (const ev of events) if (keep(ev)) yield ev;
}

function asInfo(row: Record<string, unknown>): ProgramInfo {
  return row as unknown as ProgramInfo;
}
