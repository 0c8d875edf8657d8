import type { Database, Statement } from 'better-sqlite3';
import {
  boundedEvents,
  SAME_START_US,
  type ProgramFacts,
  type RecordingSink,
  type SessionFacts,
  type TerminalEvent,
} from '../formats/recording';
import { adoptEvents, adoptProgramStats } from './adopt-staged';
import { checkStorableEvents, checkStorableFacts } from './storable-values';
import { readEvents } from './case-queries';
import { compareWindow } from './linking/compare-windows';
import { contributedJson, noteStatedExit, type StatedExit } from './exit-claims';
import { PROGRAM_FACTS, recordConflict, recordFactConflicts, SESSION_FACTS, type Conflict } from './linking/conflicts';
import { nextId } from './next-id';
import {
  ChunkAppender,
  mergeByTime,
  refreshProgramStats,
  replaceProgramEvents,
  writeProgramStats,
} from './program-events';
import { TimeSpans } from './time-spans';
import { statement } from './statement-cache';

/** What a source is to a program (migration 010), strongest last. */
export type SourceRole = 'facts' | 'same' | 'part' | 'events' | 'conflict';
const ROLE_STRENGTH: Record<SourceRole, number> = { facts: 0, same: 1, part: 2, events: 3, conflict: 4 };

/** Events that arrived before what is stored, held until finish() merges them in (bounded). */
const LATE_BYTES_LIMIT = 16 * 1024 * 1024;

/**
 * How many programs keep their state in memory at once. A Logpush file holds up to 100,000
 * programs whose records may come back at any point of the file: past this, the program used
 * least recently is settled (its chunk, spans and provenance written as finish() would) and its
 * state read back from the case if another record of it comes.
 */
export const LIVE_PROGRAMS = 256;

interface ProgramState {
  programId: number;
  sessionId: number;
  /** True when this source created the program: it may still be linked to another by content. */
  created: boolean;
  appender: ChunkAppender;
  spans: TimeSpans;
  /** The absolute time of the program's time 0 (its started_at_us, fixed once it has events). */
  originUs: number | null;
  /** Added to Logpush times (programs.logpush_shift_us): measured when linked to another recording. */
  shiftUs: number;
  /** The program start the last record stated: its piece's times count from there. */
  recordStartUs: number | null;
  /** The last time (program time line) of the piece given last: a piece that continues it starts after it. */
  pieceEndUs: number | null;
  late: TerminalEvent[];
  lateBytes: number;
  hasInput: boolean;
  role: SourceRole;
  /** Events this source wrote to the program (its stored events changed). */
  wrote: boolean;
  first: number | null;
  last: number | null;
  outputBytes: number;
  /** Events came as one stream (events()): it covers [first, last] without gaps. */
  streamed: boolean;
  /** The program holding this source's disagreeing pieces, once there is one. */
  variant: ChunkAppender | null;
  /** What this source states about the program's exit (program_sources.contributed). */
  stated: StatedExit;
}

/** What one source did, for linking, indexing and the audit log. */
export interface WriterSummary {
  sessions: number;
  programs: number;
  /** Programs this source created (candidates for linking by content). */
  created: number[];
  /** Programs whose stored events this source changed (to index again). */
  changed: number[];
  conflicts: Conflict[];
}

/**
 * Writes what a reader finds into the case database, inside the caller's transaction.
 * - A program named by a Cloudflare ProgramID that the case holds already is that program: its
 *   pieces (Logpush records) are compared with what it stores over the same time; what is covered
 *   adds provenance, never events, and a disagreement is kept apart as a conflict.
 * - Anything else becomes a program (and session) of its own, which linking (linking/) may then
 *   join to the same recording found by content.
 * `finish()` flushes buffered events and derives the summary columns.
 */
export class RecordingWriter implements RecordingSink {
  /** Programs with their state in memory, least recently used first (see LIVE_PROGRAMS). */
  private readonly programs = new Map<string, ProgramState>();
  /** Programs settled out of memory: their row, negative when this source created it. */
  private readonly settled = new Map<string, number>();
  /** Rows this source created, in the order it declared them; rows whose events it changed. */
  private readonly createdRows: number[] = [];
  private readonly settledChanged = new Set<number>();
  private readonly sessionsByRef = new Map<string, number>();
  private readonly touchedSessions = new Set<number>();
  private readonly conflicts: Conflict[] = [];
  /** Programs whose command or type this source stated for the first time. */
  private readonly refacted = new Set<number>();
  private readonly stmt: Record<string, Statement>;

  constructor(
    private readonly db: Database,
    private readonly sourceId: number,
    private readonly nowUs: () => number = () => Date.now() * 1000,
    private readonly livePrograms = LIVE_PROGRAMS,
  ) {
    // Cached per connection (statement-cache.ts): the case's writer is made again for every file that joins it.
    this.stmt = {
      sessionByCfId: statement(db, 'SELECT * FROM sessions WHERE cf_session_id = ?'),
      sessionById: statement(db, 'SELECT * FROM sessions WHERE id = ?'),
      insertSession: statement(
        db,
        `INSERT INTO sessions (id, cf_session_id, account_id, user_email, user_id, username, target_id,
        client_address, server_address, started_at_us, finished_at_us, error)
        VALUES (${nextId('session')}, @cfSessionId, @accountId, @userEmail, @userId, @username, @targetId, @clientAddress, @serverAddress,
        @startedAtUs, @finishedAtUs, @error)`,
      ),
      mergeSession: statement(
        db,
        `UPDATE sessions SET
        cf_session_id = COALESCE(cf_session_id, @cfSessionId),
        account_id = COALESCE(account_id, @accountId), user_email = COALESCE(user_email, @userEmail),
        user_id = COALESCE(user_id, @userId), username = COALESCE(username, @username),
        target_id = COALESCE(target_id, @targetId), client_address = COALESCE(client_address, @clientAddress),
        server_address = COALESCE(server_address, @serverAddress),
        started_at_us = CASE WHEN started_at_us IS NULL OR @startedAtUs < started_at_us THEN COALESCE(@startedAtUs, started_at_us) ELSE started_at_us END,
        finished_at_us = CASE WHEN finished_at_us IS NULL OR @finishedAtUs > finished_at_us THEN COALESCE(@finishedAtUs, finished_at_us) ELSE finished_at_us END,
        error = COALESCE(error, @error)
        WHERE id = @id`,
      ),
      programByCfId: statement(db, 'SELECT * FROM programs WHERE cf_program_id = ?'),
      programById: statement(db, 'SELECT * FROM programs WHERE id = ?'),
      insertProgram: statement(
        db,
        `INSERT INTO programs (id, session_id, cf_program_id, type, command, started_at_us, finished_at_us,
        incomplete, term_type, term_cols, term_rows, term_modes, exit_status, exit_signal, core_dumped, exit_error)
        VALUES (${nextId('program')}, @sessionId, @cfProgramId, @type, @command, @startedAtUs, @finishedAtUs, @incomplete, @termType, @termCols,
        @termRows, @termModes, @exitStatus, @exitSignal, @coreDumped, @exitError)`,
      ),
      mergeProgram: statement(
        db,
        `UPDATE programs SET
        type = CASE WHEN type = 'unknown' THEN @type ELSE type END, command = COALESCE(command, @command),
        started_at_us = COALESCE(started_at_us, @startedAtUs),
        finished_at_us = CASE WHEN finished_at_us IS NULL OR @finishedAtUs > finished_at_us THEN COALESCE(@finishedAtUs, finished_at_us) ELSE finished_at_us END,
        incomplete = CASE WHEN @finishedAtUs IS NOT NULL THEN 0 ELSE incomplete END,
        term_type = COALESCE(term_type, @termType), term_cols = COALESCE(term_cols, @termCols),
        term_rows = COALESCE(term_rows, @termRows),
        term_modes = CASE WHEN term_modes IS NULL OR term_modes = '[]' THEN COALESCE(@termModes, term_modes) ELSE term_modes END,
        exit_status = COALESCE(exit_status, @exitStatus), exit_signal = COALESCE(exit_signal, @exitSignal),
        core_dumped = COALESCE(core_dumped, @coreDumped), exit_error = COALESCE(exit_error, @exitError)
        WHERE id = @id`,
      ),
      linkSource: statement(db, 'INSERT OR IGNORE INTO program_sources (program_id, source_id, role) VALUES (?, ?, ?)'),
      claimRecord: statement(db, 'INSERT OR IGNORE INTO logpush_records (program_id, digest) VALUES (?, ?)'),
      spansOf: statement(db, 'SELECT first_us, last_us FROM program_spans WHERE program_id = ?'),
      deleteSpans: statement(db, 'DELETE FROM program_spans WHERE program_id = ?'),
      insertSpan: statement(
        db,
        'INSERT OR REPLACE INTO program_spans (program_id, first_us, last_us) VALUES (?, ?, ?)',
      ),
      sourceSpan: statement(
        db,
        `UPDATE program_sources SET role = @role, first_us = @first, last_us = @last,
        output_bytes = @outputBytes, linked_by = @linkedBy, linked_at_us = @at, contributed = @contributed WHERE program_id = @programId AND source_id = @sourceId`,
      ),
      setHead: statement(db, 'UPDATE programs SET output_head = ? WHERE id = ?'),
      insertVariant: statement(
        db,
        `INSERT INTO programs (id, session_id, type, variant_of, term_type, term_cols, term_rows, term_modes, started_at_us)
         SELECT ${nextId('program')}, session_id, type, id, term_type, term_cols, term_rows, term_modes, started_at_us
         FROM programs WHERE id = ?`,
      ),
      sessionBounds: statement(
        db,
        `UPDATE sessions SET
        started_at_us = COALESCE(started_at_us, (SELECT MIN(started_at_us) FROM programs WHERE session_id = @id)),
        finished_at_us = COALESCE(finished_at_us, (SELECT MAX(COALESCE(finished_at_us, started_at_us + last_event_us)) FROM programs WHERE session_id = @id))
        WHERE id = @id`,
      ),
      markPartial: statement(db, 'UPDATE programs SET partial_reason = ? WHERE id = ?'),
      sourceOf: statement(
        db,
        'SELECT role, first_us, last_us, output_bytes, contributed FROM program_sources WHERE program_id = ? AND source_id = ?',
      ),
      variantOf: statement(
        db,
        `SELECT p.id FROM programs p JOIN program_sources ps ON ps.program_id = p.id
        WHERE p.variant_of = ? AND ps.source_id = ? AND ps.role = 'events' ORDER BY p.id DESC LIMIT 1`,
      ),
    };
  }

  program(ref: string, session: SessionFacts, program: ProgramFacts): void {
    checkStorableFacts(session, program);
    const existing = this.live(ref);
    const params = programParams(program);
    if (existing) existing.recordStartUs = program.startedAtUs;
    if (existing) {
      this.mergeSessionFacts(existing.sessionId, session, existing.programId);
      this.mergeProgramFacts(existing.programId, params);
      noteStatedExit(existing.stated, params);
      return;
    }
    const found = program.cfProgramId
      ? (this.stmt['programByCfId']!.get(program.cfProgramId) as Record<string, unknown> | undefined)
      : undefined;
    let state: ProgramState;
    if (found) {
      const programId = found['id'] as number;
      const sessionId = found['session_id'] as number;
      this.checkSessionId(sessionId, session.cfSessionId ?? null, programId);
      this.mergeSessionFacts(sessionId, session, programId);
      this.mergeProgramFacts(programId, params);
      state = this.initialState(programId, sessionId, false, found['logpush_shift_us'] as number);
      state.originUs = (found['started_at_us'] as number | null) ?? program.startedAtUs;
      state.hasInput = (found['input_bytes'] as number) > 0;
    } else {
      const sessionId = this.resolveSession(ref, session);
      const programId = Number(this.stmt['insertProgram']!.run({ ...params, sessionId }).lastInsertRowid);
      state = this.initialState(programId, sessionId, true, 0);
      state.originUs = program.startedAtUs;
      this.createdRows.push(programId);
    }
    state.recordStartUs = program.startedAtUs;
    noteStatedExit(state.stated, params);
    this.stmt['linkSource']!.run(state.programId, this.sourceId, 'facts');
    this.touchedSessions.add(state.sessionId);
    this.keep(ref, state);
  }

  /** Events of a recording read in order (a capture, a cast, a ZIP): appended as they come. */
  events(ref: string, given: TerminalEvent[]): void {
    const state = this.state(ref);
    checkStorableEvents(given);
    const events = boundedEvents(given);
    if (!state.created) {
      // One stream: each part continues the one before.
      this.piece(ref, events, true);
      return;
    }
    for (const ev of events) this.append(state, ev);
    this.count(state, events);
    if (events.length > 0) this.widen(state, events[0]!.atUs, events.at(-1)!.atUs);
    state.streamed = true;
    this.raise(state, 'events');
  }

  /**
   * One self-contained part of a program's recording (a Logpush record): where the program
   * already stores events for that time, the piece must say the same and adds nothing; where it
   * stores none, the piece's events are added.
   */
  piece(ref: string, events: TerminalEvent[], continues = false): void {
    const state = this.state(ref);
    if (events.length === 0) return;
    this.addPiece(state, boundedEvents(events), continues);
    // A piece is stored as it comes: a Logpush file holds thousands of programs at once, and
    // none of them keeps a chunk in memory until the file ends.
    state.appender.flush();
    state.variant?.flush();
  }

  private addPiece(state: ProgramState, events: TerminalEvent[], continues: boolean): void {
    // Times count from the program start this record states: put them on the program's time line.
    // Exports state one start to the second or to the nanosecond: within a second it is the same
    // start (the same clock), and nothing moves.
    const stated = state.originUs === null || state.recordStartUs === null ? 0 : state.recordStartUs - state.originUs;
    const rebase = Math.abs(stated) < SAME_START_US ? 0 : stated;
    const shift = rebase + state.shiftUs;
    const piece = events
      .map((ev) => (shift === 0 ? ev : { ...ev, atUs: ev.atUs + shift }))
      .sort((a, b) => a.atUs - b.atUs);
    checkStorableEvents(piece);
    const p0 = piece[0]!.atUs;
    const p1 = piece.at(-1)!.atUs;
    // A piece that continues the previous one of its record covers the time since that one: the
    // record holds no event there, and one record is one span. (Pieces cut inside one instant
    // share it, and stay apart.)
    const from = continues && state.pieceEndUs !== null && state.pieceEndUs < p0 ? state.pieceEndUs + 1 : p0;
    state.pieceEndUs = p1;
    this.count(state, piece);
    const covered = state.spans.within(from, p1);
    if (covered.length === 0) {
      this.insert(state, piece);
      state.spans.add(from, p1);
      this.widen(state, p0, p1);
      this.raise(state, 'events');
      return;
    }
    const stored = this.storedBetween(state, from, p1);
    const inCovered = (ev: TerminalEvent): boolean => covered.some(([a, b]) => a <= ev.atUs && ev.atUs <= b);
    let adds: TerminalEvent[] = [];
    for (const [a, b] of covered) {
      const mine = stored.filter((ev) => ev.atUs >= a && ev.atUs <= b);
      const theirs = piece.filter((ev) => ev.atUs >= a && ev.atUs <= b);
      const cmp = compareWindow(mine, theirs);
      if (cmp.outputDiffers || cmp.inputDiffers) {
        this.conflictingPiece(state, piece, cmp.outputDiffers ? 'output' : 'input', cmp.atUs ?? a, cmp);
        return;
      }
      // A stream without keystrokes (an official ZIP) gains them from a piece that has them.
      if (cmp.addsInput && !state.hasInput) adds = adds.concat(theirs.filter((ev) => ev.kind === 'input'));
    }
    const uncovered = piece.filter((ev) => !inCovered(ev));
    const added = mergeSorted(uncovered, adds);
    if (added.length > 0) this.insert(state, added);
    state.spans.add(from, p1);
    this.widen(state, p0, p1);
    this.raise(state, added.length > 0 ? 'events' : 'part');
  }

  /**
   * The events of a program read into a staging case (attached as `schema`), copied as they are
   * stored there: for a program this source creates. A program the case holds already is fed
   * its pieces instead (piece()), to be compared with what it stores.
   */
  adoptStaged(ref: string, schema: string, stagedProgram: number): void {
    const state = this.state(ref);
    if (!state.created) throw new Error(`adoptStaged: ${ref} is a program the case held already`);
    state.appender.flush();
    adoptEvents(this.db, schema, stagedProgram, state.programId);
    const staged = statement(
      this.db,
      `SELECT MIN(first_us) AS first, MAX(last_us) AS last, SUM(output_bytes) AS outputBytes, MAX(input_bytes) AS input FROM (
           SELECT first_us, last_us, 0 AS output_bytes, 0 AS input_bytes FROM ${schema}.program_spans WHERE program_id = @id
           UNION ALL SELECT NULL, NULL, output_bytes, input_bytes FROM ${schema}.programs WHERE id = @id)`,
    ).get({ id: stagedProgram }) as { first: number | null; last: number | null; outputBytes: number; input: number };
    for (const [a, b] of this.stmt['spansOf']!.all(state.programId).map(
      (r) => [(r as { first_us: number }).first_us, (r as { last_us: number }).last_us] as [number, number],
    ))
      state.spans.add(a, b);
    if (staged.first !== null && staged.last !== null) this.widen(state, staged.first, staged.last);
    state.outputBytes += staged.outputBytes ?? 0;
    state.hasInput = state.hasInput || (staged.input ?? 0) > 0;
    // Its summary columns are those the staging case computed from the very chunks just copied
    // (refreshProgramStats there): taken as they are, not read back and counted again (~0.1 ms a program).
    adoptProgramStats(this.db, schema, stagedProgram, state.programId);
    this.settledChanged.add(state.programId);
    state.appender = new ChunkAppender(this.db, state.programId);
    this.raise(state, 'events');
  }

  claimRecord(ref: string, digest: string): boolean {
    const state = this.state(ref);
    const fresh = this.stmt['claimRecord']!.run(state.programId, digest).changes === 1;
    if (!fresh) this.raise(state, 'same');
    return fresh;
  }

  markPartial(reason: string): void {
    for (const id of this.programRows()) this.stmt['markPartial']!.run(reason, id);
  }

  /** Flushes everything and says what this source did. */
  finish(): WriterSummary {
    for (const [ref, state] of this.programs) {
      this.settle(state);
      this.programs.delete(ref);
      this.settled.set(ref, state.created ? -state.programId : state.programId);
    }
    const changed = [...this.settledChanged];
    for (const id of this.touchedSessions) this.stmt['sessionBounds']!.run({ id });
    for (const id of this.refacted) if (!this.settledChanged.has(id)) changed.push(id);
    return {
      sessions: this.touchedSessions.size,
      programs: this.programRows().length,
      created: [...this.createdRows],
      changed,
      conflicts: this.conflicts,
    };
  }

  /**
   * Writes what the program's state holds as finish() does (its last chunk, held events, spans,
   * summary columns and provenance row) and records it for the summary; the state may then go.
   */
  private settle(state: ProgramState): void {
    state.appender.flush();
    state.variant?.flush();
    if (state.late.length > 0) this.mergeLate(state);
    if (state.streamed && state.first !== null && state.last !== null) state.spans.add(state.first, state.last);
    // A source that holds the program's whole span is the same recording, not a part of it.
    if (state.role === 'part' && state.first === state.spans.first && state.last === state.spans.last)
      state.role = 'same';
    if (state.variant) refreshProgramStats(this.db, state.variant.programId);
    if (state.wrote) {
      // A program this source wrote from its first chunk: its summary is known without reading it back.
      const summary = state.appender.summary();
      if (summary) writeProgramStats(this.db, state.programId, summary);
      else refreshProgramStats(this.db, state.programId);
      this.settledChanged.add(state.programId);
      state.wrote = false;
    }
    this.stmt['deleteSpans']!.run(state.programId);
    for (const [a, b] of state.spans.list()) this.stmt['insertSpan']!.run(state.programId, a, b);
    this.stmt['sourceSpan']!.run({
      role: state.role,
      first: state.first,
      last: state.last,
      outputBytes: state.outputBytes,
      linkedBy: state.created ? null : 'cloudflare-id',
      at: state.created ? null : this.nowUs(),
      programId: state.programId,
      sourceId: this.sourceId,
      contributed: contributedJson(state.stated),
    });
  }

  /** Keeps a program's state as the most recently used, settling the least recently used past the limit. */
  private keep(ref: string, state: ProgramState): void {
    this.programs.delete(ref);
    this.programs.set(ref, state);
    while (this.programs.size > this.livePrograms) {
      const [oldRef, old] = this.programs.entries().next().value as [string, ProgramState];
      this.settle(old);
      this.programs.delete(oldRef);
      this.settled.set(oldRef, old.created ? -old.programId : old.programId);
    }
  }

  /** A program's state, read back from the case if it was settled; undefined for a program never declared. */
  private live(ref: string): ProgramState | undefined {
    const state = this.programs.get(ref);
    if (state) {
      // Most recently used last: a Map iterates in insertion order.
      this.programs.delete(ref);
      this.programs.set(ref, state);
      return state;
    }
    const row = this.settled.get(ref);
    if (row === undefined) return undefined;
    this.settled.delete(ref);
    const revived = this.revive(Math.abs(row), row < 0);
    this.keep(ref, revived);
    return revived;
  }

  /** The state of a settled program, as settle() left it in the case. */
  private revive(programId: number, created: boolean): ProgramState {
    const program = this.stmt['programById']!.get(programId) as Record<string, unknown>;
    const source = this.stmt['sourceOf']!.get(programId, this.sourceId) as {
      role: SourceRole;
      first_us: number | null;
      last_us: number | null;
      output_bytes: number | null;
      contributed: string | null;
    };
    const state = this.initialState(
      programId,
      program['session_id'] as number,
      false,
      program['logpush_shift_us'] as number,
    );
    state.created = created;
    state.originUs = program['started_at_us'] as number | null;
    state.hasInput = (program['input_bytes'] as number) > 0;
    state.role = source.role;
    state.first = source.first_us;
    state.last = source.last_us;
    state.outputBytes = source.output_bytes ?? 0;
    state.stated = statedOf(source.contributed);
    const variant = this.stmt['variantOf']!.get(programId, this.sourceId) as { id: number } | undefined;
    if (variant) state.variant = new ChunkAppender(this.db, variant.id);
    return state;
  }

  /** Every program row this source declared. */
  private programRows(): number[] {
    const rows = new Set<number>();
    for (const state of this.programs.values()) rows.add(state.programId);
    for (const row of this.settled.values()) rows.add(Math.abs(row));
    return [...rows];
  }

  /** Whether this source created the program `ref` (false: the case held it already). */
  created(ref: string): boolean {
    return this.rowOf(ref) < 0;
  }

  /** The case's row of program `ref`. */
  programRow(ref: string): number {
    return Math.abs(this.rowOf(ref));
  }

  /** A declared program's row, negative when this source created it; read without bringing a settled state back. */
  private rowOf(ref: string): number {
    const state = this.programs.get(ref);
    if (state) return state.created ? -state.programId : state.programId;
    const row = this.settled.get(ref);
    if (row === undefined) throw new Error(`events for undeclared program ${ref}`);
    return row;
  }

  /** The program rows this source wrote to (new or merged), for indexing their commands. */
  touchedProgramRows(): number[] {
    return this.programRows();
  }

  private state(ref: string): ProgramState {
    const state = this.live(ref);
    if (!state) throw new Error(`events for undeclared program ${ref}`);
    return state;
  }

  private initialState(programId: number, sessionId: number, created: boolean, shiftUs: number): ProgramState {
    const spans = created
      ? new TimeSpans()
      : new TimeSpans(
          (this.stmt['spansOf']!.all(programId) as Array<{ first_us: number; last_us: number }>).map(
            (r) => [r.first_us, r.last_us] as [number, number],
          ),
        );
    return {
      programId,
      sessionId,
      created,
      appender: new ChunkAppender(this.db, programId),
      spans,
      originUs: null,
      shiftUs,
      recordStartUs: null,
      pieceEndUs: null,
      late: [],
      lateBytes: 0,
      hasInput: false,
      role: 'facts',
      wrote: false,
      first: null,
      last: null,
      outputBytes: 0,
      streamed: false,
      stated: {},
      variant: null,
    };
  }

  private append(state: ProgramState, ev: TerminalEvent): void {
    state.appender.add(ev);
    state.wrote = true;
    if (ev.kind === 'input') state.hasInput = true;
  }

  /** Output bytes this source holds for the program, whether or not they were stored again. */
  private count(state: ProgramState, events: readonly TerminalEvent[]): void {
    for (const ev of events) if (ev.kind === 'output') state.outputBytes += ev.data.length;
  }

  /** Adds events in time order: appended when they come after everything stored, else held to merge. */
  private insert(state: ProgramState, events: TerminalEvent[]): void {
    const lastUs = state.appender.lastUs;
    if (state.late.length === 0 && (lastUs === null || events[0]!.atUs >= lastUs)) {
      for (const ev of events) this.append(state, ev);
      return;
    }
    state.late = mergeSorted(state.late, events.map(copyEvent));
    state.lateBytes += events.reduce((n, ev) => n + ev.data.length, 0);
    state.wrote = true;
    if (events.some((ev) => ev.kind === 'input')) state.hasInput = true;
    if (state.lateBytes > LATE_BYTES_LIMIT) this.mergeLate(state);
  }

  /** Merges held events into the stored stream (one rewrite of the program, streaming). */
  private mergeLate(state: ProgramState): void {
    state.appender.flush();
    const late = state.late;
    state.late = [];
    state.lateBytes = 0;
    replaceProgramEvents(this.db, state.programId, mergeByTime(readEvents(this.db, state.programId), late));
    state.appender = new ChunkAppender(this.db, state.programId);
  }

  /** Stored events between two times, including those held to merge. */
  private storedBetween(state: ProgramState, first: number, last: number): TerminalEvent[] {
    state.appender.flush();
    const stored: TerminalEvent[] = [];
    for (const ev of readEvents(this.db, state.programId, first, last)) stored.push(ev);
    return mergeSorted(
      stored,
      state.late.filter((ev) => ev.atUs >= first && ev.atUs <= last),
    );
  }

  /** A piece that disagrees with what the program stores: kept whole in a variant program. */
  private conflictingPiece(
    state: ProgramState,
    piece: TerminalEvent[],
    field: string,
    atUs: number,
    cmp: { stored: string; found: string },
  ): void {
    if (!state.variant) {
      const variantId = Number(this.stmt['insertVariant']!.run(state.programId).lastInsertRowid);
      this.stmt['linkSource']!.run(variantId, this.sourceId, 'events');
      state.variant = new ChunkAppender(this.db, variantId);
    }
    for (const ev of piece) state.variant.add(ev);
    const conflict: Conflict = {
      sessionId: state.sessionId,
      programId: state.programId,
      sourceId: this.sourceId,
      variantId: state.variant.programId,
      field,
      atUs,
      outputOffset: null,
      stored: cmp.stored,
      found: cmp.found,
    };
    if (recordConflict(this.db, conflict, this.nowUs())) this.conflicts.push(conflict);
    this.raise(state, 'conflict');
  }

  private raise(state: ProgramState, role: SourceRole): void {
    if (ROLE_STRENGTH[role] > ROLE_STRENGTH[state.role]) state.role = role;
  }

  /** The span of program time this source covers (the stored spans follow in piece() and finish()). */
  private widen(state: ProgramState, first: number, last: number): void {
    state.first = state.first === null ? first : Math.min(state.first, first);
    state.last = state.last === null ? last : Math.max(state.last, last);
  }

  private checkSessionId(sessionId: number, cfSessionId: string | null, programId: number): void {
    if (!cfSessionId) return;
    const row = this.stmt['sessionById']!.get(sessionId) as Record<string, unknown>;
    this.factConflicts(row, { cfSessionId }, { cf_session_id: 'cfSessionId' }, sessionId, programId);
  }

  private resolveSession(ref: string, facts: SessionFacts): number {
    let id: number | undefined;
    if (facts.cfSessionId) {
      id = (this.stmt['sessionByCfId']!.get(facts.cfSessionId) as { id: number } | undefined)?.id;
    } else {
      id = this.sessionsByRef.get(ref);
    }
    if (id === undefined) {
      id = Number(this.stmt['insertSession']!.run(sessionParams(facts)).lastInsertRowid);
    } else {
      this.mergeSessionFacts(id, facts, null);
    }
    if (!facts.cfSessionId) this.sessionsByRef.set(ref, id);
    return id;
  }

  private mergeSessionFacts(sessionId: number, facts: SessionFacts, programId: number | null): void {
    const params = sessionParams(facts);
    const row = this.stmt['sessionById']!.get(sessionId) as Record<string, unknown>;
    this.factConflicts(row, params, SESSION_FACTS, sessionId, programId);
    this.stmt['mergeSession']!.run({ ...params, id: sessionId });
  }

  private mergeProgramFacts(programId: number, params: Record<string, unknown>): void {
    const row = this.stmt['programById']!.get(programId) as Record<string, unknown>;
    this.factConflicts(row, params, PROGRAM_FACTS, row['session_id'] as number, programId);
    this.stmt['mergeProgram']!.run({ ...params, id: programId });
    // What extraction reads besides the events: an exec program that learns its command must be indexed again.
    const after = this.stmt['programById']!.get(programId) as Record<string, unknown>;
    if (after['command'] !== row['command'] || after['type'] !== row['type']) this.refacted.add(programId);
  }

  private factConflicts(
    stored: Record<string, unknown>,
    found: Record<string, unknown>,
    fields: Readonly<Record<string, string>>,
    sessionId: number,
    programId: number | null,
  ): void {
    const where = { sessionId, programId, sourceId: this.sourceId };
    this.conflicts.push(...recordFactConflicts(this.db, stored, found, fields, where, this.nowUs()));
  }
}

/** What a source stated about a program's exit, read back from its program_sources.contributed. */
function statedOf(contributed: string | null): StatedExit {
  const stated: StatedExit = {};
  if (!contributed) return stated;
  for (const { fact, value } of JSON.parse(contributed) as Array<{ fact: keyof StatedExit; value: unknown }>) {
    if (typeof value === 'string' || typeof value === 'number') stated[fact] = value;
  }
  return stated;
}

/** Two lists in time order merged (the first first on equal times). */
function mergeSorted(a: TerminalEvent[], b: TerminalEvent[]): TerminalEvent[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return [...mergeByTime(a, b)];
}

/** Events read from a chunk view its body: copy what is held past the next write. */
function copyEvent(ev: TerminalEvent): TerminalEvent {
  return { ...ev, data: Uint8Array.from(ev.data) };
}

/** A program and its session as stored, as the facts a reader states (a staged program joining the case). */
export function factsOfRows(
  session: Record<string, unknown>,
  program: Record<string, unknown>,
): { session: SessionFacts; program: ProgramFacts } {
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const cols = num(program['term_cols']);
  const rows = num(program['term_rows']);
  const modes = text(program['term_modes']);
  return {
    session: {
      cfSessionId: text(session['cf_session_id']),
      accountId: text(session['account_id']),
      userEmail: text(session['user_email']),
      userId: text(session['user_id']),
      username: text(session['username']),
      targetId: text(session['target_id']),
      clientAddress: text(session['client_address']),
      serverAddress: text(session['server_address']),
      startedAtUs: num(session['started_at_us']),
      finishedAtUs: num(session['finished_at_us']),
      error: text(session['error']),
    },
    program: {
      cfProgramId: text(program['cf_program_id']),
      type: program['type'] as ProgramFacts['type'],
      command: text(program['command']),
      startedAtUs: num(program['started_at_us']),
      finishedAtUs: num(program['finished_at_us']),
      incomplete: program['incomplete'] === 1,
      terminal:
        cols === null || rows === null
          ? null
          : {
              term: text(program['term_type']),
              cols,
              rows,
              modes: modes ? (JSON.parse(modes) as Array<[string, number]>) : [],
            },
      exit:
        program['exit_status'] === null &&
        program['exit_signal'] === null &&
        program['core_dumped'] === null &&
        program['exit_error'] === null
          ? null
          : {
              status: num(program['exit_status']),
              signal: text(program['exit_signal']),
              coreDumped: program['core_dumped'] === null ? null : program['core_dumped'] === 1,
              error: text(program['exit_error']),
            },
    },
  };
}

export function sessionParams(s: SessionFacts): Record<string, unknown> {
  return {
    cfSessionId: s.cfSessionId ?? null,
    accountId: s.accountId ?? null,
    userEmail: s.userEmail ?? null,
    userId: s.userId ?? null,
    username: s.username ?? null,
    targetId: s.targetId ?? null,
    clientAddress: s.clientAddress ?? null,
    serverAddress: s.serverAddress ?? null,
    startedAtUs: s.startedAtUs ?? null,
    finishedAtUs: s.finishedAtUs ?? null,
    error: s.error ?? null,
  };
}

export function programParams(p: ProgramFacts): Record<string, unknown> {
  return {
    cfProgramId: p.cfProgramId ?? null,
    type: p.type,
    command: p.command ?? null,
    startedAtUs: p.startedAtUs ?? null,
    finishedAtUs: p.finishedAtUs ?? null,
    incomplete: p.incomplete ? 1 : 0,
    termType: p.terminal?.term ?? null,
    termCols: p.terminal?.cols ?? null,
    termRows: p.terminal?.rows ?? null,
    termModes: p.terminal ? JSON.stringify(p.terminal.modes) : null,
    exitStatus: p.exit?.status ?? null,
    exitSignal: p.exit?.signal ?? null,
    coreDumped: p.exit?.coreDumped === null || p.exit?.coreDumped === undefined ? null : p.exit.coreDumped ? 1 : 0,
    exitError: p.exit?.error ?? null,
  };
}
