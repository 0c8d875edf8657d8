import type { Database, Statement } from 'better-sqlite3';
import type { TerminalEvent } from '../formats/recording';
import { readEvents } from './case-queries';
import { ChunkBuilder, chunkEvents, packChunkBody, type StoredChunk } from './event-chunk-codec';
import { HeadCollector } from './linking/normalized-output';
import { statement } from './statement-cache';

/** Statements every appender shares (statement-cache.ts): an import keeps one appender per program open. */
const INSERT_CHUNK = `INSERT INTO event_chunks (program_id, seq, first_us, last_us, event_count, output_offset,
  input_offset, body, encoding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const LAST_CHUNK =
  'SELECT seq, first_us, last_us, input_offset, output_offset, body, encoding FROM event_chunks WHERE program_id = ? ORDER BY seq DESC LIMIT 1';

/**
 * Appends events to one program's chunked stream (event_chunks), continuing after what is
 * stored: sequence numbers and the input/output byte offsets every chunk records.
 */
export class ChunkAppender {
  private readonly builder = new ChunkBuilder();
  private nextSeq = 0;
  private inputOffset = 0;
  private outputOffset = 0;
  private last: number | null = null;
  /** Whether the stored tail was read: only when the appender is first used, as most never are. */
  private loaded = false;
  private readonly insert: Statement;

  constructor(
    private readonly db: Database,
    readonly programId: number,
  ) {
    this.insert = statement(db, INSERT_CHUNK);
  }

  /** Time of the last event appended (or stored), null before any. */
  get lastUs(): number | null {
    this.load();
    return this.last;
  }

  get inputBytes(): number {
    this.load();
    return this.inputOffset + this.pendingInput;
  }

  get outputBytes(): number {
    this.load();
    return this.outputOffset + this.pendingOutput;
  }

  /**
   * What this appender wrote, when it wrote every chunk the program holds (it found none when it
   * began): the program's summary columns follow from it without reading the chunks back.
   */
  private written: { events: number; head: HeadCollector } | null = null;

  /**
   * Continues after what the program stores. Read on first use, not when the appender is made: a
   * program joining the case from a staging case gets one and is usually given nothing more, and
   * reading its tail decoded its last chunk (100,000 times for a Logpush file of 100k sessions).
   */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const tail = statement(this.db, LAST_CHUNK).get(this.programId) as
      (StoredChunk & { seq: number; last_us: number; input_offset: number; output_offset: number }) | undefined;
    if (!tail) {
      this.written = { events: 0, head: new HeadCollector() };
      return;
    }
    this.nextSeq = tail.seq + 1;
    this.last = tail.last_us;
    this.inputOffset = tail.input_offset;
    this.outputOffset = tail.output_offset;
    for (const ev of chunkEvents(tail)) {
      if (ev.kind === 'input') this.inputOffset += ev.data.length;
      if (ev.kind === 'output') this.outputOffset += ev.data.length;
    }
  }

  private pendingInput = 0;
  private pendingOutput = 0;

  add(ev: TerminalEvent): void {
    this.load();
    this.builder.add(ev);
    if (ev.kind === 'input') this.pendingInput += ev.data.length;
    if (ev.kind === 'output') this.pendingOutput += ev.data.length;
    if (this.last === null || ev.atUs > this.last) this.last = ev.atUs;
    if (this.written) {
      this.written.events += 1;
      this.written.head.add(ev);
    }
    if (this.builder.full) this.flush();
  }

  /**
   * The program's summary columns (see refreshProgramStats) from what this appender wrote, after
   * writing what it holds; null when the program held chunks before it began, or after a summary.
   */
  summary(): ProgramStats | null {
    this.load();
    if (!this.written) return null;
    this.flush();
    const summary = {
      events: this.written.events,
      lastUs: this.last,
      inputBytes: this.inputOffset,
      outputBytes: this.outputOffset,
      head: this.written.head.hash(),
    };
    // The head is complete once hashed: events appended after this are summarized by reading back.
    this.written = null;
    return summary;
  }

  flush(): void {
    if (this.builder.events === 0) return;
    const c = this.builder.take();
    // Compressed here, in the thread that stages the file: the case's writer copies bodies as they are.
    const stored = packChunkBody(c.body);
    this.insert.run(
      this.programId,
      this.nextSeq++,
      c.firstUs,
      c.lastUs,
      c.count,
      this.outputOffset,
      this.inputOffset,
      stored.body,
      stored.encoding,
    );
    this.inputOffset += c.inputBytes;
    this.outputOffset += c.outputBytes;
    this.pendingInput = this.pendingOutput = 0;
  }
}

/**
 * Replaces a program's stored events with `events` (which may read the program's current events:
 * they are written to a scratch program first and swapped in at the end), then refreshes the
 * summary columns. Memory stays flat: events stream through one chunk builder.
 */
export function replaceProgramEvents(db: Database, programId: number, events: Iterable<TerminalEvent>): void {
  const scratch = Number(
    statement(
      db,
      `INSERT INTO programs (session_id, type, variant_of) SELECT session_id, type, id FROM programs WHERE id = ?`,
    ).run(programId).lastInsertRowid,
  );
  const out = new ChunkAppender(db, scratch);
  for (const ev of events) out.add(ev);
  out.flush();
  statement(db, 'DELETE FROM event_chunks WHERE program_id = ?').run(programId);
  statement(db, 'UPDATE event_chunks SET program_id = ? WHERE program_id = ?').run(programId, scratch);
  statement(db, 'DELETE FROM programs WHERE id = ?').run(scratch);
  refreshProgramStats(db, programId);
}

/** Moves every event of `from` onto `to` (replacing `to`'s), times shifted by `shiftUs`. */
export function moveProgramEvents(db: Database, from: number, to: number, shiftUs: number): void {
  statement(db, 'DELETE FROM event_chunks WHERE program_id = ?').run(to);
  statement(
    db,
    'UPDATE event_chunks SET program_id = ?, first_us = first_us + ?, last_us = last_us + ? WHERE program_id = ?',
  ).run(to, shiftUs, shiftUs, from);
  refreshProgramStats(db, to);
  refreshProgramStats(db, from);
}

/** A program's summary columns: event_count, last_event_us, input_bytes, output_bytes, output_head. */
export interface ProgramStats {
  events: number;
  lastUs: number | null;
  inputBytes: number;
  outputBytes: number;
  head: string | null;
}

export function writeProgramStats(db: Database, programId: number, s: ProgramStats): void {
  statement(
    db,
    `UPDATE programs SET event_count = ?, last_event_us = ?, input_bytes = ?, output_bytes = ?, output_head = ? WHERE id = ?`,
  ).run(s.events, s.lastUs, s.inputBytes, s.outputBytes, s.head, programId);
}

/** event_count, byte counts, last event time and output head, from the stored chunks. */
export function refreshProgramStats(db: Database, programId: number): void {
  const stats = statement(
    db,
    `SELECT COALESCE(SUM(event_count), 0) AS events, MAX(last_us) AS last FROM event_chunks WHERE program_id = ?`,
  ).get(programId) as { events: number; last: number | null };
  const tail = statement(
    db,
    'SELECT first_us, body, encoding, input_offset, output_offset FROM event_chunks WHERE program_id = ? ORDER BY seq DESC LIMIT 1',
  ).get(programId) as (StoredChunk & { input_offset: number; output_offset: number }) | undefined;
  let input = tail?.input_offset ?? 0;
  let output = tail?.output_offset ?? 0;
  if (tail) {
    for (const ev of chunkEvents(tail)) {
      if (ev.kind === 'input') input += ev.data.length;
      if (ev.kind === 'output') output += ev.data.length;
    }
  }
  const head = new HeadCollector();
  const events = readEvents(db, programId);
  for (const ev of events) {
    head.add(ev);
    if (head.full) break;
  }
  events.return(undefined);
  writeProgramStats(db, programId, {
    events: stats.events,
    lastUs: stats.last,
    inputBytes: input,
    outputBytes: output,
    head: head.hash(),
  });
}

/** Two event streams, each in time order, as one in time order (on equal times `a` first). */
export function* mergeByTime(a: Iterable<TerminalEvent>, b: Iterable<TerminalEvent>): Generator<TerminalEvent> {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let x = ia.next();
  let y = ib.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.atUs <= y.value.atUs)) {
      yield x.value as TerminalEvent;
      x = ia.next();
    } else {
      yield y.value;
      y = ib.next();
    }
  }
}
