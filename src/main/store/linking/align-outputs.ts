import type { TerminalEvent } from '../../formats/recording';
import { OutputCursor, placeEvents, type PlacedEvent } from './normalized-output';

/**
 * Where recording S lies in recording C, by content: S's normalized output byte i is C's byte
 * i + d. Two recordings of one program may start and end at different places (a truncated
 * capture, one Logpush record) but, where both hold it, their output is the same text.
 */
export interface Alignment {
  d: number;
  /** Normalized output length of S and of C. */
  sLength: number;
  cLength: number;
  /** Bytes that agree from the start of the overlap (all of it when `mismatch` is null). */
  agreed: number;
  overlap: number;
  /** Add to S's event times to get C's, measured where both have an event at the same byte. */
  deltaUs: number | null;
  mismatch: Mismatch | null;
}

export interface Mismatch {
  /** Normalized offsets in S and C of the first byte that differs, and the times of their events. */
  sAt: number;
  cAt: number;
  sUs: number;
  cUs: number;
  stored: string;
  found: string;
}

export type EventSource = () => Iterator<TerminalEvent>;

const EXCERPT = 48;

/**
 * Compares S with C shifted by d over their overlap, streaming both: memory stays flat whatever
 * their size. Stops at the first differing byte.
 */
export function verifyAlignment(s: EventSource, c: EventSource, d: number): Alignment {
  const sCur = new OutputCursor(placed(s));
  const cCur = new OutputCursor(placed(c));
  let deltaUs: number | null = null;
  // Move each side to the start of the overlap.
  if (d >= 0) cCur.skip(d);
  else sCur.skip(-d);
  let agreed = 0;
  let mismatch: Mismatch | null = null;
  outer: for (;;) {
    const sEv = sCur.peekEvent();
    const cEv = cCur.peekEvent();
    if (sEv === null || cEv === null) break;
    if (deltaUs === null && startsHere(sEv, sCur.position) && startsHere(cEv, cCur.position)) {
      deltaUs = cEv.ev.atUs - sEv.ev.atUs;
    }
    const sBytes = sCur.read(4096);
    let off = 0;
    while (off < sBytes.length) {
      const cUs = cCur.peekEvent()?.ev.atUs ?? cEv.ev.atUs;
      const cBytes = cCur.read(sBytes.length - off);
      if (cBytes.length === 0) break outer; // C ends here: the rest of S lies beyond it
      const at = firstDifference(sBytes.subarray(off), cBytes, cBytes.length);
      if (at < cBytes.length) {
        agreed += at;
        mismatch = {
          sAt: sCur.position - sBytes.length + off + at,
          cAt: cCur.position - cBytes.length + at,
          sUs: sEv.ev.atUs,
          cUs,
          found: excerpt(sBytes, off + at),
          stored: excerpt(cBytes, at),
        };
        break outer;
      }
      off += cBytes.length;
      agreed += cBytes.length;
    }
  }
  const sLength = mismatch ? -1 : drainLength(sCur);
  const cLength = mismatch ? -1 : drainLength(cCur);
  const overlap = mismatch ? -1 : Math.min(sLength, cLength - d) - Math.max(0, -d);
  return { d, sLength, cLength, agreed, overlap, deltaUs, mismatch };
}

function* placed(source: EventSource): Generator<PlacedEvent> {
  const it = source();
  yield* placeEvents({ [Symbol.iterator]: () => it });
}

function startsHere(p: PlacedEvent, position: number): boolean {
  return p.at === position && p.text.length > 0;
}

function firstDifference(a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function drainLength(cur: OutputCursor): number {
  while (cur.skip(1 << 20) > 0);
  return cur.position;
}

function excerpt(bytes: Uint8Array, at: number): string {
  return Buffer.from(bytes.subarray(at, at + EXCERPT)).toString('utf8');
}

/** The first `n` normalized output bytes of a recording. */
export function headOf(source: EventSource, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let len = 0;
  const it = placed(source);
  for (let r = it.next(); !r.done && len < n; r = it.next()) {
    const take = Math.min(r.value.text.length, n - len);
    out.set(r.value.text.subarray(0, take), len);
    len += take;
  }
  it.return(undefined);
  return out.subarray(0, len);
}

/** A short run of normalized output found at a known place of a recording, to look for in another. */
export interface Probe {
  at: number;
  atUs: number;
  bytes: Uint8Array;
}

/**
 * Up to `count` probes of `size` bytes, each starting where an event starts, spread over the
 * recording's time (from its first quarter on): where to look for it in another recording.
 */
export function probesOf(source: EventSource, durationUs: number, count: number, size: number): Probe[] {
  const probes: Probe[] = [];
  let building: { at: number; atUs: number; bytes: number[] } | null = null;
  let nextIndex = 0;
  const wantUs = (i: number): number => (durationUs * (i + 1)) / (count + 1);
  const it = placed(source);
  for (let r = it.next(); !r.done; r = it.next()) {
    const p = r.value;
    if (p.text.length === 0) continue;
    if (building === null && nextIndex < count && p.ev.atUs >= wantUs(nextIndex)) {
      building = { at: p.at, atUs: p.ev.atUs, bytes: [] };
      nextIndex += 1;
    }
    if (building !== null) {
      for (let i = 0; i < p.text.length && building.bytes.length < size; i++) building.bytes.push(p.text[i]!);
      if (building.bytes.length >= size) {
        probes.push({ at: building.at, atUs: building.atUs, bytes: Uint8Array.from(building.bytes) });
        building = null;
        if (nextIndex >= count) break;
      }
    }
  }
  it.return(undefined);
  return probes;
}

/**
 * Every place (normalized offset) where each probe occurs in a recording, up to `limit` per probe,
 * in one pass that holds only the last few bytes across event boundaries.
 */
export function findProbes(source: EventSource, probes: readonly Probe[], limit: number): Map<Probe, number[]> {
  const hits = new Map<Probe, number[]>(probes.map((p) => [p, []]));
  if (probes.length === 0) return hits;
  const longest = Math.max(...probes.map((p) => p.bytes.length));
  let carry: Uint8Array = new Uint8Array(0);
  let carryAt = 0;
  const it = placed(source);
  for (let r = it.next(); !r.done; r = it.next()) {
    const text = r.value.text;
    if (text.length === 0) continue;
    const window = Buffer.concat([carry, text]);
    const windowAt = carryAt;
    for (const p of probes) {
      const found = hits.get(p)!;
      if (found.length >= limit) continue;
      let from = 0;
      for (;;) {
        const i = window.indexOf(p.bytes, from);
        if (i < 0) break;
        const at = windowAt + i;
        // A hit inside the carried bytes was already seen in the previous window.
        if (i + p.bytes.length > carry.length && !found.includes(at)) found.push(at);
        if (found.length >= limit) break;
        from = i + 1;
      }
    }
    const keep = Math.min(longest - 1, window.length);
    carry = window.subarray(window.length - keep);
    carryAt = windowAt + window.length - keep;
    if ([...hits.values()].every((h) => h.length >= limit)) break;
  }
  it.return(undefined);
  return hits;
}

/** How S's event times stand to C's where both have an event starting at the same output byte. */
export interface TimedAgreement {
  /** Events of S with output that start where an event of C starts (S's byte i is C's i + d). */
  events: number;
  /** C's time minus S's at the first such pair; null when there is none. */
  deltaUs: number | null;
  /** The largest gap between that delta and any later pair's. */
  driftUs: number;
  /** S's time from the first such event to the last. */
  spanUs: number;
}

/**
 * Walks S and C once, side by side along the normalized output shifted by d, and measures whether
 * their events keep one clock: two recordings of one program (a capture and a Logpush record sent
 * while it ran) put each packet at the same time, give or take rounding; another session printing
 * the same text does not, to the millisecond, packet after packet.
 */
export function timesAlong(s: EventSource, c: EventSource, d: number): TimedAgreement {
  const cIt = placed(c);
  let cNext = cIt.next();
  let events = 0;
  let deltaUs: number | null = null;
  let driftUs = 0;
  let firstUs = 0;
  let lastUs = 0;
  const sIt = placed(s);
  for (let r = sIt.next(); !r.done; r = sIt.next()) {
    const p = r.value;
    if (p.text.length === 0) continue;
    const target = p.at + d;
    while (!cNext.done && (cNext.value.at < target || cNext.value.text.length === 0)) cNext = cIt.next();
    if (cNext.done) break;
    if (cNext.value.at !== target) continue;
    const delta = cNext.value.ev.atUs - p.ev.atUs;
    if (deltaUs === null) {
      deltaUs = delta;
      firstUs = p.ev.atUs;
    }
    driftUs = Math.max(driftUs, Math.abs(delta - deltaUs));
    lastUs = p.ev.atUs;
    events += 1;
  }
  sIt.return(undefined);
  cIt.return(undefined);
  return { events, deltaUs, driftUs, spanUs: lastUs - firstUs };
}
