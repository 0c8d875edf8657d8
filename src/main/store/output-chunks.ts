import type { StoredChunk } from './event-chunk-codec';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * Event chunks of a program found by time or by output byte, for the player's output position
 * and clock (replay/output-position.ts). Bodies come as stored: read them with chunkEvents.
 */
export interface OutputChunkRow extends StoredChunk {
  seq: number;
  /** Output bytes the program sent before this chunk. */
  output_offset: number;
}

const COLUMNS = 'seq, first_us, output_offset, body, encoding';

/** The last chunk starting at or before `atUs` (µs since the program start). */
export function chunkAtOrBefore(db: CaseDb, programRow: number, atUs: number): OutputChunkRow | undefined {
  return statement(
    db,
    `SELECT ${COLUMNS} FROM event_chunks WHERE program_id = ? AND first_us <= ? ORDER BY first_us DESC, seq DESC LIMIT 1`,
  ).get(programRow, atUs) as OutputChunkRow | undefined;
}

/** A reader of the chunk just before chunk `seq`, one statement for a walk backwards. */
export function chunkBefore(db: CaseDb, programRow: number): (seq: number) => OutputChunkRow | undefined {
  const previous = statement(
    db,
    `SELECT ${COLUMNS} FROM event_chunks WHERE program_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1`,
  );
  return (seq) => previous.get(programRow, seq) as OutputChunkRow | undefined;
}

/** The chunk holding output byte `offset` (the last one starting at or before it). */
export function chunkHoldingOutput(db: CaseDb, programRow: number, offset: number): OutputChunkRow | undefined {
  return statement(
    db,
    `SELECT ${COLUMNS} FROM event_chunks WHERE program_id = ? AND output_offset <= ? ORDER BY seq DESC LIMIT 1`,
  ).get(programRow, offset) as OutputChunkRow | undefined;
}
