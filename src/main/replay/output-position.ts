import type { TerminalEvent } from '../formats/recording';
import { chunkEvents } from '../store/event-chunk-codec';
import type { CaseDb } from '../store/open-case';
import { chunkAtOrBefore, chunkBefore, chunkHoldingOutput, type OutputChunkRow } from '../store/output-chunks';
import { UTF8_TAIL_BYTES } from '../terminal/output-text';

export interface OutputPosition {
  /** Output bytes sent up to and including the moment. */
  offset: number;
  /** The last few of them: what an OutputText resuming after the moment needs. */
  tail: Uint8Array;
}

/**
 * Where a program's output stood at `atUs` (events at that very time included). Events are
 * stored in time order, so everything before the last chunk starting at or before `atUs` is
 * earlier: one chunk is decoded, and a previous one only when the tail starts there.
 */
export function outputPositionAt(db: CaseDb, programRow: number, atUs: number): OutputPosition {
  const last = chunkAtOrBefore(db, programRow, atUs);
  if (!last) return { offset: 0, tail: new Uint8Array(0) };
  const previous = chunkBefore(db, programRow);
  let offset: number | null = null;
  let tail: Uint8Array = new Uint8Array(0);
  for (
    let chunk: OutputChunkRow | undefined = last;
    chunk && tail.length < UTF8_TAIL_BYTES;
    chunk = previous(chunk.seq)
  ) {
    const outputs: Uint8Array[] = [];
    let bytes = 0;
    for (const ev of chunkEvents(chunk)) {
      if (ev.atUs > atUs) break;
      if (ev.kind === 'output') {
        outputs.push(ev.data);
        bytes += ev.data.length;
      }
    }
    offset ??= chunk.output_offset + bytes;
    tail = Buffer.concat([...outputs, tail]).subarray(-UTF8_TAIL_BYTES);
  }
  return { offset: offset ?? 0, tail };
}

/**
 * The time a byte of the output stream was sent, by its offset: the chunk holding it is found
 * by the chunks' output offsets. Keeps the last chunk decoded, since lookups come in order.
 */
export class OutputClock {
  private chunk: { start: number; end: number; events: TerminalEvent[] } | null = null;

  constructor(
    private readonly db: CaseDb,
    private readonly programRow: number,
  ) {}

  /** The event time of output byte `offset`, or null when the program sent fewer bytes. */
  timeOf(offset: number): number | null {
    if (!this.chunk || offset < this.chunk.start || offset >= this.chunk.end) this.chunk = this.load(offset);
    if (!this.chunk) return null;
    let at = this.chunk.start;
    for (const ev of this.chunk.events) {
      if (ev.kind !== 'output') continue;
      at += ev.data.length;
      if (at > offset) return ev.atUs;
    }
    return null;
  }

  private load(offset: number): { start: number; end: number; events: TerminalEvent[] } | null {
    const row = chunkHoldingOutput(this.db, this.programRow, offset);
    if (!row) return null;
    const events = [...chunkEvents(row)];
    const bytes = events.reduce((n, ev) => n + (ev.kind === 'output' ? ev.data.length : 0), 0);
    return { start: row.output_offset, end: row.output_offset + bytes, events };
  }
}
