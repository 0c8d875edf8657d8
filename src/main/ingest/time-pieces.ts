import type { TerminalEvent } from '../formats/recording';

export interface TimePieceOptions {
  /** A piece is closed once it holds this many events, at the next event later in time. */
  events: number;
  /** ... or this many bytes of event data. */
  bytes?: number;
  /**
   * A piece is closed anyway at this many events, even at one instant (bounded memory: two pieces
   * then share that instant). Without it, a piece is never cut inside one instant.
   */
  hardEvents?: number;
  /** Never cut (events out of time order: the store sorts each piece, which must be whole). */
  whole?: boolean;
}

/**
 * Cuts a run of events into pieces for the store (RecordingWriter.piece), only where time moves on:
 * the store compares a piece with what it holds over the piece's time, so two pieces sharing an
 * instant would each disagree with the other's events at it (a false conflict). Used by the Logpush
 * reader (a record's Payload) and by the join of a staged program to a program the case holds.
 */
export class TimePieces {
  private piece: TerminalEvent[] = [];
  private bytes = 0;

  constructor(private readonly options: TimePieceOptions) {}

  /** Adds an event; returns the piece it closed when the event starts a new one. */
  add(ev: TerminalEvent): TerminalEvent[] | null {
    const o = this.options;
    const last = this.piece.at(-1);
    let closed: TerminalEvent[] | null = null;
    if (
      !o.whole &&
      last !== undefined &&
      ((o.hardEvents !== undefined && this.piece.length >= o.hardEvents) ||
        (ev.atUs > last.atUs && (this.piece.length >= o.events || (o.bytes !== undefined && this.bytes >= o.bytes))))
    )
      closed = this.flush();
    this.piece.push(ev);
    this.bytes += ev.data.length;
    return closed;
  }

  /** Closes the piece being filled (at the end, or at a boundary the caller knows); null when empty. */
  flush(): TerminalEvent[] | null {
    if (this.piece.length === 0) return null;
    const piece = this.piece;
    this.piece = [];
    this.bytes = 0;
    return piece;
  }
}

/** The pieces of a sequence of events (see TimePieces). */
export function* timePieces(events: Iterable<TerminalEvent>, options: TimePieceOptions): Generator<TerminalEvent[]> {
  const cutter = new TimePieces(options);
  for (const ev of events) {
    const piece = cutter.add(ev);
    if (piece) yield piece;
  }
  const rest = cutter.flush();
  if (rest) yield rest;
}
