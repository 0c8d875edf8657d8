import type { TerminalEvent } from '../../formats/recording';
import { placeEvents, type PlacedEvent } from './normalized-output';
import { rawIndexForNormalized } from './text-normalizer';

/** Two recordings of one program, placed by alignment: S's normalized output byte i is C's i + d. */
export interface SpliceInput {
  s: () => Iterable<TerminalEvent>;
  c: () => Iterable<TerminalEvent>;
  d: number;
  sLength: number;
  cLength: number;
  /** Added to S's times to put them on C's time line. */
  deltaUs: number;
  /** Which recording's events to keep where both hold the same output. */
  prefer: 's' | 'c';
}

interface Segment {
  from: number;
  to: number;
  owner: 's' | 'c';
  last: boolean;
}

/**
 * The union of two aligned recordings as one event stream on C's time line: before, inside and
 * after their overlap, each stretch of output comes from the recording that holds it (the
 * preferred one inside the overlap), with that recording's keystrokes and other events of the same
 * stretch. An output event that straddles a cut is cut at the byte where the stretch ends.
 */
export function* spliceEvents(input: SpliceInput): Generator<TerminalEvent> {
  const { d, sLength, cLength } = input;
  const u0 = Math.min(0, d);
  const o0 = Math.max(0, d);
  const o1 = Math.min(cLength, d + sLength);
  const u1 = Math.max(cLength, d + sLength);
  const all: Segment[] = [
    { from: u0, to: o0, owner: d < 0 ? 's' : 'c', last: false },
    { from: o0, to: o1, owner: input.prefer, last: false },
    { from: o1, to: u1, owner: d + sLength > cLength ? 's' : 'c', last: false },
  ];
  const segments = all.filter((seg, i) => seg.to > seg.from || i === 1);
  segments[segments.length - 1]!.last = true;
  for (const seg of segments) {
    const isS = seg.owner === 's';
    const events = isS ? input.s() : input.c();
    yield* segmentEvents(placeEvents(events), seg, isS ? d : 0, isS ? input.deltaUs : 0);
  }
}

function* segmentEvents(
  placed: Iterable<PlacedEvent>,
  seg: Segment,
  shift: number,
  deltaUs: number,
): Generator<TerminalEvent> {
  for (const p of placed) {
    const from = p.at + shift;
    const ev = deltaUs === 0 ? p.ev : { ...p.ev, atUs: p.ev.atUs + deltaUs };
    if (p.ev.kind !== 'output' && p.text.length > 0) continue; // the end of an unfinished character: no event
    if (p.text.length === 0) {
      // Keystrokes, resizes, markers (and output bytes of a character the next event completes):
      // with the stretch of output they came in; the last stretch keeps what follows its output.
      if (
        (from >= seg.from && from < seg.to) ||
        (seg.last && from >= seg.to) ||
        (from === seg.from && seg.from === seg.to)
      )
        yield ev;
      continue;
    }
    const to = from + p.text.length;
    if (to <= seg.from || from >= seg.to) {
      if (from >= seg.to && !seg.last) return;
      continue;
    }
    if (from >= seg.from && to <= seg.to) {
      yield ev;
      continue;
    }
    // Straddles a cut: keep only the bytes inside the stretch.
    const startRaw = rawIndexForNormalized(p.ev.data, seg.from - from);
    const endRaw = rawIndexForNormalized(p.ev.data, seg.to - from);
    const data = p.ev.data.subarray(startRaw, Math.max(startRaw, endRaw));
    if (data.length > 0) yield { ...ev, data };
  }
}
