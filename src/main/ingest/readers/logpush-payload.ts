import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { AsciicastStream } from '../../formats/asciicast/asciicast-stream';
import type { AsciicastHeader } from '../../formats/asciicast/asciicast-parser';
import { InputError } from '../../formats/input-error';
import { MAX_PAYLOAD_EVENTS_AT_ONCE, PAYLOAD_PIECE_BYTES, PAYLOAD_PIECE_EVENTS } from '../../formats/limits';
import { exitStatusOf, type TerminalEvent } from '../../formats/recording';
import { TimePieces } from '../time-pieces';

/** The Payload's asciicast text: the Payload itself, or its base64 decoded (decodePayloadText). */
export type PayloadText = string | Buffer;

/** What the first pass learns of a Payload without keeping its events. */
export interface PayloadScan {
  digest: string;
  command: string | null;
  terminal: { term: string | null; cols: number; rows: number } | null;
  headerTimestampUs: number | null;
  exitStatus: number | null;
  events: number;
  /** Earliest and latest event time (µs from the header's clock); null without events. */
  firstUs: number | null;
  lastUs: number | null;
  /** True when no event comes before the one preceding it: the Payload can be cut in time order. */
  inOrder: boolean;
}

/**
 * A Logpush Payload (asciicast v2, one event a line) is read twice, never held as events: a first
 * pass parses and checks every line and keeps only what the record needs (header, exit status,
 * time range, digest); only a record that passes is then read again and given to the store in
 * pieces of a few thousand events. A 61 MB Payload of 2.6M events was an array of all of them.
 */
export function scanPayload(payload: PayloadText, line: number): PayloadScan {
  let exitStatus: number | null = null;
  let events = 0;
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  let previousUs = -Infinity;
  let inOrder = true;
  let atOnce = 0;
  const header = eachEvent(payload, line, (ev, payloadLine) => {
    events += 1;
    if (ev.kind === 'exit') exitStatus = exitStatusOf(ev);
    firstUs = firstUs === null ? ev.atUs : Math.min(firstUs, ev.atUs);
    lastUs = lastUs === null ? ev.atUs : Math.max(lastUs, ev.atUs);
    if (ev.atUs < previousUs) inOrder = false;
    atOnce = ev.atUs === previousUs ? atOnce + 1 : 1;
    previousUs = ev.atUs;
    // A piece is cut only where time moves on (limits.ts): more events than a piece may hold at
    // one instant, or out of order, cannot be cut.
    if (atOnce > MAX_PAYLOAD_EVENTS_AT_ONCE)
      throw payloadError(payloadLine, `more than ${MAX_PAYLOAD_EVENTS_AT_ONCE} events at one time`, line);
    if (!inOrder && events > MAX_PAYLOAD_EVENTS_AT_ONCE)
      throw payloadError(
        payloadLine,
        `events out of time order in a Payload of more than ${MAX_PAYLOAD_EVENTS_AT_ONCE} events`,
        line,
      );
  });
  return {
    digest: payloadDigest(payload),
    command: header?.command ?? null,
    terminal: header ? { term: header.term, cols: header.cols, rows: header.rows } : null,
    headerTimestampUs: header?.timestamp != null ? Math.round(header.timestamp * 1e6) : null,
    exitStatus,
    events,
    firstUs,
    lastUs,
    inOrder,
  };
}

/**
 * The second pass: the events again, moved by `shiftUs`, in pieces cut where time moves on after
 * PAYLOAD_PIECE_EVENTS events or PAYLOAD_PIECE_BYTES of data, so that no two pieces share an
 * instant (the store compares a piece with what it holds at the same times). A Payload out of
 * order, bounded by the first pass, is one piece, as the store sorts each piece.
 */
export function forEachPayloadPiece(
  payload: PayloadText,
  line: number,
  shiftUs: number,
  inOrder: boolean,
  take: (piece: TerminalEvent[]) => void,
): void {
  const cutter = new TimePieces({ events: PAYLOAD_PIECE_EVENTS, bytes: PAYLOAD_PIECE_BYTES, whole: !inOrder });
  eachEvent(payload, line, (ev) => {
    const piece = cutter.add(shiftUs === 0 ? ev : { ...ev, atUs: ev.atUs + shiftUs });
    if (piece) take(piece);
  });
  const rest = cutter.flush();
  if (rest) take(rest);
}

/** Parses the Payload line by line (each decoded on its own); returns its header. */
function eachEvent(
  payload: PayloadText,
  line: number,
  take: (ev: TerminalEvent, payloadLine: number) => void,
): AsciicastHeader | null {
  const stream = new AsciicastStream(2);
  // A line is cut from the text as it is needed: a string slice, or bytes decoded one line at a time.
  const lineEnd = (from: number): number =>
    typeof payload === 'string' ? payload.indexOf('\n', from) : payload.indexOf(10, from);
  const lineText = (from: number, to: number): string =>
    typeof payload === 'string' ? payload.slice(from, to) : payload.toString('utf8', from, to);
  let start = 0;
  for (let n = 1; start <= payload.length; n++) {
    let end = lineEnd(start);
    if (end < 0) end = payload.length;
    let ev: TerminalEvent | null;
    try {
      ev = stream.line(lineText(start, end), n);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw payloadError(n, e.message, line);
    }
    if (ev !== null) take(ev, n);
    start = end + 1;
  }
  return stream.header;
}

function payloadError(payloadLine: number, message: string, line: number): InputError {
  return new InputError('LOGPUSH_INVALID', `Payload line ${payloadLine}: ${message}`, { line });
}

/**
 * The digest a re-sent record is recognised by: SHA-256 of the Payload's text, as UTF-8. Decoded bytes
 * that are not UTF-8 are hashed as their decoding (U+FFFD), as the digests stored so far were.
 */
function payloadDigest(payload: PayloadText): string {
  const hash = createHash('sha256');
  if (typeof payload === 'string') hash.update(payload, 'utf8');
  else hash.update(isUtf8(payload) ? payload : Buffer.from(payload.toString('utf8'), 'utf8'));
  return hash.digest('hex');
}
