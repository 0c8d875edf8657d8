import type { Database, Statement } from 'better-sqlite3';
import type { ProgramFacts, RecordingSink, SessionFacts, TerminalEvent } from '../formats/recording';
import { ChunkBuilder, decodeChunk } from './event-chunk-codec';
import { checkStorableEvents, checkStorableFacts } from './storable-values';

interface ProgramState {
  programId: number;
  sessionId: number;
  builder: ChunkBuilder;
  nextSeq: number;
  lastUs: number | null;
  inputOffset: number;
  outputOffset: number;
  outOfOrder: boolean;
}

/**
 * Writes what a reader finds into the case database. Runs inside the caller's transaction;
 * `finish()` flushes buffered events and derives the summary columns.
 */
export class RecordingWriter implements RecordingSink {
  private readonly programs = new Map<string, ProgramState>();
  private readonly sessionsByRef = new Map<string, number>();
  private readonly touchedSessions = new Set<number>();
  private readonly stmt: Record<string, Statement>;

  constructor(
    db: Database,
    private readonly sourceId: number,
  ) {
    this.stmt = {
      sessionByCfId: db.prepare('SELECT id FROM sessions WHERE cf_session_id = ?'),
      insertSession:
        db.prepare(`INSERT INTO sessions (cf_session_id, account_id, user_email, user_id, username, target_id,
        client_address, server_address, started_at_us, finished_at_us, error)
        VALUES (@cfSessionId, @accountId, @userEmail, @userId, @username, @targetId, @clientAddress, @serverAddress,
        @startedAtUs, @finishedAtUs, @error)`),
      mergeSession: db.prepare(`UPDATE sessions SET
        account_id = COALESCE(account_id, @accountId), user_email = COALESCE(user_email, @userEmail),
        user_id = COALESCE(user_id, @userId), username = COALESCE(username, @username),
        target_id = COALESCE(target_id, @targetId), client_address = COALESCE(client_address, @clientAddress),
        server_address = COALESCE(server_address, @serverAddress),
        started_at_us = CASE WHEN started_at_us IS NULL OR @startedAtUs < started_at_us THEN COALESCE(@startedAtUs, started_at_us) ELSE started_at_us END,
        finished_at_us = CASE WHEN finished_at_us IS NULL OR @finishedAtUs > finished_at_us THEN COALESCE(@finishedAtUs, finished_at_us) ELSE finished_at_us END,
        error = COALESCE(error, @error)
        WHERE id = @id`),
      programByCfId: db.prepare('SELECT id, session_id FROM programs WHERE cf_program_id = ?'),
      insertProgram:
        db.prepare(`INSERT INTO programs (session_id, cf_program_id, type, command, started_at_us, finished_at_us,
        incomplete, term_type, term_cols, term_rows, term_modes, exit_status, exit_signal, core_dumped, exit_error)
        VALUES (@sessionId, @cfProgramId, @type, @command, @startedAtUs, @finishedAtUs, @incomplete, @termType, @termCols,
        @termRows, @termModes, @exitStatus, @exitSignal, @coreDumped, @exitError)`),
      mergeProgram: db.prepare(`UPDATE programs SET
        type = CASE WHEN type = 'unknown' THEN @type ELSE type END, command = COALESCE(command, @command),
        started_at_us = CASE WHEN started_at_us IS NULL OR @startedAtUs < started_at_us THEN COALESCE(@startedAtUs, started_at_us) ELSE started_at_us END,
        finished_at_us = CASE WHEN finished_at_us IS NULL OR @finishedAtUs > finished_at_us THEN COALESCE(@finishedAtUs, finished_at_us) ELSE finished_at_us END,
        incomplete = CASE WHEN @finishedAtUs IS NOT NULL THEN 0 ELSE incomplete END,
        term_type = COALESCE(term_type, @termType), term_cols = COALESCE(term_cols, @termCols),
        term_rows = COALESCE(term_rows, @termRows), term_modes = COALESCE(term_modes, @termModes),
        exit_status = COALESCE(exit_status, @exitStatus), exit_signal = COALESCE(exit_signal, @exitSignal),
        core_dumped = COALESCE(core_dumped, @coreDumped), exit_error = COALESCE(exit_error, @exitError)
        WHERE id = @id`),
      linkSource: db.prepare('INSERT OR IGNORE INTO program_sources (program_id, source_id) VALUES (?, ?)'),
      chunkTail: db.prepare(`SELECT seq, last_us, input_offset, output_offset, body, first_us FROM event_chunks
        WHERE program_id = ? ORDER BY seq DESC LIMIT 1`),
      insertChunk:
        db.prepare(`INSERT INTO event_chunks (program_id, seq, first_us, last_us, event_count, output_offset, input_offset, body)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      claimRecord: db.prepare('INSERT OR IGNORE INTO logpush_records (program_id, digest) VALUES (?, ?)'),
      allChunks: db.prepare('SELECT first_us, body FROM event_chunks WHERE program_id = ? ORDER BY seq'),
      deleteChunks: db.prepare('DELETE FROM event_chunks WHERE program_id = ?'),
      programStats: db.prepare(`UPDATE programs SET
        event_count = (SELECT COALESCE(SUM(event_count), 0) FROM event_chunks WHERE program_id = @id),
        last_event_us = (SELECT MAX(last_us) FROM event_chunks WHERE program_id = @id),
        input_bytes = @inputBytes, output_bytes = @outputBytes WHERE id = @id`),
      sessionBounds: db.prepare(`UPDATE sessions SET
        started_at_us = COALESCE(started_at_us, (SELECT MIN(started_at_us) FROM programs WHERE session_id = @id)),
        finished_at_us = COALESCE(finished_at_us, (SELECT MAX(COALESCE(finished_at_us, started_at_us + last_event_us)) FROM programs WHERE session_id = @id))
        WHERE id = @id`),
      markPartial: db.prepare('UPDATE programs SET partial_reason = ? WHERE id = ?'),
    };
  }

  program(ref: string, session: SessionFacts, program: ProgramFacts): void {
    checkStorableFacts(session, program);
    const existing = this.programs.get(ref);
    const sessionId = existing?.sessionId ?? this.resolveSession(ref, session);
    if (existing) this.stmt['mergeSession']!.run({ ...sessionParams(session), id: sessionId });
    const params = { ...programParams(program), sessionId };
    let programId = existing?.programId;
    if (programId === undefined && program.cfProgramId) {
      const row = this.stmt['programByCfId']!.get(program.cfProgramId) as
        { id: number; session_id: number } | undefined;
      programId = row?.id;
    }
    if (programId === undefined) {
      programId = Number(this.stmt['insertProgram']!.run(params).lastInsertRowid);
    } else {
      this.stmt['mergeProgram']!.run({ ...params, id: programId });
    }
    this.stmt['linkSource']!.run(programId, this.sourceId);
    this.touchedSessions.add(sessionId);
    if (!existing) this.programs.set(ref, this.initialState(programId, sessionId));
  }

  events(ref: string, events: TerminalEvent[]): void {
    const state = this.programs.get(ref);
    if (!state) throw new Error(`events for undeclared program ${ref}`);
    checkStorableEvents(events);
    for (const ev of events) {
      if (state.lastUs !== null && ev.atUs < state.lastUs) state.outOfOrder = true;
      state.lastUs = ev.atUs;
      state.builder.add(ev);
      if (state.builder.full) this.flush(state);
    }
  }

  claimRecord(ref: string, digest: string): boolean {
    const state = this.programs.get(ref);
    if (!state) throw new Error(`record for undeclared program ${ref}`);
    return this.stmt['claimRecord']!.run(state.programId, digest).changes === 1;
  }

  markPartial(reason: string): void {
    for (const state of this.programs.values()) this.stmt['markPartial']!.run(reason, state.programId);
  }

  /** Flushes everything and returns how many sessions and programs this source touched. */
  finish(): { sessions: number; programs: number } {
    for (const state of this.programs.values()) {
      this.flush(state);
      if (state.outOfOrder) this.resort(state);
      this.stmt['programStats']!.run({
        id: state.programId,
        inputBytes: state.inputOffset,
        outputBytes: state.outputOffset,
      });
    }
    for (const id of this.touchedSessions) this.stmt['sessionBounds']!.run({ id });
    return { sessions: this.touchedSessions.size, programs: this.programs.size };
  }

  /** The program rows this source wrote to (new or merged), for indexing their commands. */
  touchedProgramRows(): number[] {
    return [...new Set([...this.programs.values()].map((state) => state.programId))];
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
      this.stmt['mergeSession']!.run({ ...sessionParams(facts), id });
    }
    if (!facts.cfSessionId) this.sessionsByRef.set(ref, id);
    return id;
  }

  private initialState(programId: number, sessionId: number): ProgramState {
    const tail = this.stmt['chunkTail']!.get(programId) as
      | { seq: number; last_us: number; input_offset: number; output_offset: number; body: Buffer; first_us: number }
      | undefined;
    let inputOffset = 0;
    let outputOffset = 0;
    if (tail) {
      inputOffset = tail.input_offset;
      outputOffset = tail.output_offset;
      for (const ev of decodeChunk(tail.body, tail.first_us)) {
        if (ev.kind === 'input') inputOffset += ev.data.length;
        if (ev.kind === 'output') outputOffset += ev.data.length;
      }
    }
    return {
      programId,
      sessionId,
      builder: new ChunkBuilder(),
      nextSeq: tail ? tail.seq + 1 : 0,
      lastUs: tail ? tail.last_us : null,
      inputOffset,
      outputOffset,
      outOfOrder: false,
    };
  }

  private flush(state: ProgramState): void {
    if (state.builder.events === 0) return;
    const c = state.builder.take();
    this.stmt['insertChunk']!.run(
      state.programId,
      state.nextSeq++,
      c.firstUs,
      c.lastUs,
      c.count,
      state.outputOffset,
      state.inputOffset,
      c.body,
    );
    state.inputOffset += c.inputBytes;
    state.outputOffset += c.outputBytes;
  }

  /** Records merged from several Logpush records or files arrived out of time order: rewrite in order. */
  private resort(state: ProgramState): void {
    const all: TerminalEvent[] = [];
    for (const row of this.stmt['allChunks']!.iterate(state.programId) as Iterable<{
      first_us: number;
      body: Buffer;
    }>) {
      for (const ev of decodeChunk(row.body, row.first_us)) all.push({ ...ev, data: Uint8Array.from(ev.data) });
    }
    all.sort((a, b) => a.atUs - b.atUs); // stable: equal times keep their recorded order
    this.stmt['deleteChunks']!.run(state.programId);
    Object.assign(state, { nextSeq: 0, inputOffset: 0, outputOffset: 0, lastUs: null, outOfOrder: false });
    for (const ev of all) {
      state.builder.add(ev);
      if (state.builder.full) this.flush(state);
    }
    this.flush(state);
  }
}

function sessionParams(s: SessionFacts): Record<string, unknown> {
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

function programParams(p: ProgramFacts): Record<string, unknown> {
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
