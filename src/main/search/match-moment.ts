// Where in the recording an output hit was printed. The indexed output is the screen's text, so
// offsets in it say nothing about bytes or time: the matched text is looked for again in the
// program's server output from the output row's first byte, reading a bounded number of bytes.
// A match with colour codes inside it (rare: they sit between words) or letters whose case
// differs outside ASCII is not found there, and the hit keeps the output row's start. A whole-word
// hit may follow the same letters inside a longer word (`time` after `ctime`): the match is the
// n-th time its text appears on the screen, so the n-th time it was printed is looked for.

import { readOutputFrom } from '../store/case-queries';
import type { CaseDb } from '../store/open-case';

/**
 * How much output after the row's start is read at most, per hit, and for all hits of one query.
 * Each 64 KiB chunk read is decompressed whole: 2 MiB is about 32 chunks, a few ms; 8 MiB was a
 * third of a query's time on a real case (`npm run bench`).
 */
export const MAX_SCAN_BYTES = 1024 * 1024;
export const MAX_QUERY_SCAN_BYTES = 2 * 1024 * 1024;

/** What one query may still read to place its output hits; hits past it keep their output's start. */
export interface ScanBudget {
  bytesLeft: number;
}
/** Enough of the match to place it; longer matches are placed by their beginning. */
const MAX_NEEDLE_BYTES = 64;

export interface MatchMoment {
  /** µs since the program started of the output event that completes the match (or its first 64 bytes). */
  atUs: number;
  /** Byte offset of the match's first byte in the program's server output. */
  outputOffset: number;
}

/**
 * The moment the match `[start, end)` of `screen` (the output's text as the index holds it) was
 * printed at or after `fromOffset`, or null. `untilOffset`: where the output row ends; a match of
 * that row starts before it, so reading further would only find another output's text (and cost,
 * for a match never found as typed, a whole MAX_SCAN_BYTES). When the recording holds fewer
 * copies of the text than the screen before the match (a redraw), the last copy read is kept.
 */
export function matchMoment(
  db: CaseDb,
  programRow: number,
  fromOffset: number,
  screen: string,
  [start, end]: readonly [number, number],
  budget: ScanBudget = { bytesLeft: MAX_SCAN_BYTES },
  untilOffset = Infinity,
): MatchMoment | null {
  const needle = needleBytes(screen.slice(start, end));
  if (needle === null || budget.bytesLeft <= 0) return null;
  let earlier = copiesBefore(screen, start, needle);
  let lastSeen: MatchMoment | null = null;
  const limit = Math.min(MAX_SCAN_BYTES, budget.bytesLeft, Math.max(0, untilOffset - fromOffset) + needle.length);
  const keep = needle.length - 1;
  // The last bytes before the current event, which a match may start in, and where they start.
  let tail = Buffer.alloc(0);
  let tailOffset = fromOffset;
  let scanned = 0;
  for (const piece of readOutputFrom(db, programRow, fromOffset)) {
    const skip = Math.max(0, fromOffset - piece.offset);
    const bytes = lowerAscii(piece.data.subarray(skip));
    const window = tail.length === 0 ? bytes : Buffer.concat([tail, bytes]);
    scanned += bytes.length;
    // A copy starting in the tail ends in this piece: it was not seen in the window before.
    for (let at = window.indexOf(needle); at >= 0; at = window.indexOf(needle, at + 1)) {
      lastSeen = { atUs: piece.atUs, outputOffset: tailOffset + at };
      if (earlier === 0) {
        budget.bytesLeft -= scanned;
        return lastSeen;
      }
      earlier -= 1;
    }
    if (scanned >= limit) {
      budget.bytesLeft -= scanned;
      return lastSeen;
    }
    const end = piece.offset + piece.data.length;
    tail = Buffer.from(window.subarray(Math.max(0, window.length - keep)));
    tailOffset = end - tail.length;
  }
  budget.bytesLeft -= scanned;
  return lastSeen;
}

/** How many times the needle starts on the screen before `start` (copies may overlap, as in the scan). */
function copiesBefore(screen: string, start: number, needle: Buffer): number {
  const before = Buffer.byteLength(screen.slice(0, start), 'utf8');
  const text = lowerAscii(Buffer.from(screen.slice(0, start) + screen.slice(start, start + needle.length), 'utf8'));
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0 && at < before; at = text.indexOf(needle, at + 1)) n += 1;
  return n;
}

function needleBytes(matched: string): Buffer | null {
  // A match across a line break is placed by its first line: the recording has \r\n there.
  const firstLine = matched.split(/\r?\n/, 1)[0] ?? '';
  const bytes = lowerAscii(Buffer.from(firstLine, 'utf8').subarray(0, MAX_NEEDLE_BYTES));
  return bytes.length === 0 ? null : bytes;
}

/** Search is case-insensitive for ASCII; lowering letters byte for byte keeps offsets. */
function lowerAscii(data: Uint8Array): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c >= 0x41 && c <= 0x5a) out[i] = c | 0x20;
  }
  return out;
}
