import { createHash } from 'node:crypto';
import type { TerminalEvent } from '../../formats/recording';
import { TextNormalizer } from './text-normalizer';

/** One event of a program with the place its output takes in the normalized output stream. */
export interface PlacedEvent {
  ev: TerminalEvent;
  /** Normalized output bytes before this event. */
  at: number;
  /** What this event adds to the normalized output (empty for other kinds). */
  text: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * A program's events, each placed on its normalized output (text-normalizer.ts): the coordinate
 * in which two recordings of one program are compared, whatever their format and event boundaries.
 * Output of every code counts (a capture keeps stderr apart, a cast or Logpush merges it).
 */
export function* placeEvents(events: Iterable<TerminalEvent>): Generator<PlacedEvent> {
  const normalizer = new TextNormalizer();
  let at = 0;
  let last: TerminalEvent | null = null;
  for (const ev of events) {
    const text = ev.kind === 'output' ? normalizer.push(ev.data) : EMPTY;
    yield { ev, at, text };
    at += text.length;
    last = ev;
  }
  const tail = normalizer.end();
  if (tail.length > 0 && last) yield { ev: { ...last, kind: 'marker', data: EMPTY }, at, text: tail };
}

export const HEAD_BYTES = 1024;

/** The first KiB of the normalized output, hashed: programs.output_head. Null without output. */
export function outputHeadHash(head: Uint8Array): string | null {
  if (head.length === 0) return null;
  return createHash('sha256').update(head.subarray(0, HEAD_BYTES)).digest('hex').slice(0, 32);
}

/** Collects the first KiB of normalized output as events stream by. */
export class HeadCollector {
  private readonly normalizer = new TextNormalizer();
  private readonly buf = new Uint8Array(HEAD_BYTES);
  private len = 0;
  private ended = false;

  /** The head is complete: later events cannot change it. */
  get full(): boolean {
    return this.len >= HEAD_BYTES;
  }

  add(ev: TerminalEvent): void {
    if (ev.kind !== 'output' || this.len >= HEAD_BYTES) return;
    this.take(this.normalizer.push(ev.data));
  }

  hash(): string | null {
    if (!this.ended) {
      this.ended = true;
      if (this.len < HEAD_BYTES) this.take(this.normalizer.end());
    }
    return outputHeadHash(this.buf.subarray(0, this.len));
  }

  private take(bytes: Uint8Array): void {
    const n = Math.min(bytes.length, HEAD_BYTES - this.len);
    this.buf.set(bytes.subarray(0, n), this.len);
    this.len += n;
  }
}

/**
 * Reads a normalized output stream forward, byte ranges at a time, from placed events: the two
 * sides of a comparison advance independently and nothing is held but the current event.
 */
export class OutputCursor {
  private current: PlacedEvent | null = null;
  private offsetInText = 0;
  private done = false;
  /** Normalized offset of the next byte read. */
  position = 0;

  constructor(private readonly events: Iterator<PlacedEvent>) {}

  /** The event holding the next byte, or null at the end of the stream. */
  peekEvent(): PlacedEvent | null {
    this.fill();
    return this.current;
  }

  /** Skips n bytes; returns how many were there. */
  skip(n: number): number {
    let skipped = 0;
    while (skipped < n && this.fill()) {
      const take = Math.min(n - skipped, this.current!.text.length - this.offsetInText);
      this.offsetInText += take;
      skipped += take;
    }
    this.position += skipped;
    return skipped;
  }

  /** Up to n next bytes (fewer at the end), without copying when they lie in one event. */
  read(n: number): Uint8Array {
    if (!this.fill()) return EMPTY;
    const text = this.current!.text;
    const take = Math.min(n, text.length - this.offsetInText);
    const out = text.subarray(this.offsetInText, this.offsetInText + take);
    this.offsetInText += take;
    this.position += take;
    return out;
  }

  private fill(): boolean {
    while (!this.done && (this.current === null || this.offsetInText >= this.current.text.length)) {
      const next = this.events.next();
      if (next.done) {
        this.done = true;
        this.current = null;
        return false;
      }
      this.current = next.value;
      this.offsetInText = 0;
    }
    return this.current !== null && this.offsetInText < this.current.text.length;
  }
}
