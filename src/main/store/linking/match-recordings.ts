import { SAME_START_US } from '../../formats/recording';
import {
  findProbes,
  headOf,
  probesOf,
  timesAlong,
  verifyAlignment,
  type Alignment,
  type EventSource,
  type Probe,
} from './align-outputs';

/**
 * Whether recording S is (part of) recording C, by content alone:
 * - `match`: they agree wherever both hold output (one may hold more: a truncated capture, one
 *   Logpush record, a capture beside a record sent while the program ran);
 * - `conflict`: they are plainly the same recording (most of S is found in C, in place) but
 *   disagree in a part of it: a sign of alteration, kept as evidence;
 * - null: not the same recording.
 */
export type RecordingMatch = { kind: 'match'; alignment: Alignment } | { kind: 'conflict'; alignment: Alignment };

/** Below this much output in common, agreement proves little (a prompt, "root\n"). */
export const SHORT_OUTPUT = 256;
const START_PROBE = 256;
const SPREAD_PROBES = 8;
const SPREAD_PROBE_BYTES = 32;
const MAX_OFFSETS = 6;

export interface RecordingShape {
  /** Duration in µs (last event time), for spreading probes. */
  durationUs: number;
  /** Absolute time (µs) of the first stored event, when the program's start is known. */
  firstEventAtUs?: number | null;
  /** Output bytes stored. */
  outputBytes?: number;
}

/** How far apart two recordings' first outputs may be and still be the same start: each states it to the second. */
const SAME_FIRST_OUTPUT_US = 2 * SAME_START_US;

/**
 * Compares two recordings. The costly searches (one's start inside the other, probes for an
 * altered start) run only when the shapes make them plausible: one starts well after the other
 * (a later Logpush record), or both start and last alike (an altered copy). Two unrelated
 * sessions that started together on a fleet cost a comparison of their first bytes.
 */
export function matchRecordings(
  s: EventSource,
  sShape: RecordingShape,
  c: EventSource,
  cShape: RecordingShape = { durationUs: 0 },
): RecordingMatch | null {
  const sFirst = sShape.firstEventAtUs ?? null;
  const cFirst = cShape.firstEventAtUs ?? null;
  const unknown = sFirst === null || cFirst === null;
  const sLater = unknown || sFirst - cFirst > SAME_FIRST_OUTPUT_US;
  const cLater = unknown || cFirst - sFirst > SAME_FIRST_OUTPUT_US;
  const sHead = headOf(s, START_PROBE);
  const cHead = headOf(c, START_PROBE);
  if (sHead.length === 0 || cHead.length === 0) return null;
  const offsets = new Set<number>();
  const n = Math.min(sHead.length, cHead.length);
  if (equalBytes(sHead, cHead, n)) offsets.add(0);
  else {
    // One starts inside the other: find each one's start in the other.
    if (sHead.length >= 32 && sLater) {
      const probe: Probe = { at: 0, atUs: 0, bytes: sHead };
      for (const hit of findProbes(c, [probe], MAX_OFFSETS).get(probe) ?? []) offsets.add(hit);
    }
    if (cHead.length >= 32 && cLater) {
      const probe: Probe = { at: 0, atUs: 0, bytes: cHead };
      for (const hit of findProbes(s, [probe], MAX_OFFSETS).get(probe) ?? []) offsets.add(-hit);
    }
  }
  let best: Alignment | null = null;
  for (const d of [...offsets].slice(0, MAX_OFFSETS)) {
    const a = verifyAlignment(s, c, d);
    if (a.mismatch === null && a.overlap > 0) {
      if (!best || best.mismatch !== null || a.overlap > best.overlap) best = a;
    } else if (!best || (best.mismatch !== null && a.agreed > best.agreed)) best = a;
  }
  if (best && best.mismatch === null && best.overlap > 0) {
    // A short output (an exec's "root\n") matches many programs: only all of it, on both sides,
    // or a part of it whose every packet keeps the other's clock (one Logpush record of a long program).
    const short = Math.min(best.sLength, best.cLength) < SHORT_OUTPUT;
    if (!short || (best.sLength === best.cLength && best.d === 0) || sameClock(s, c, best.d)) {
      return { kind: 'match', alignment: best };
    }
    return null;
  }
  if (best === null && !alike(sShape, cShape)) return null;
  return conflictOf(s, sShape, c, best);
}

/** Packets of a short part that must start where the other recording's do, each at its time. */
const CLOCK_EVENTS = 3;
/** How far their times may drift apart (an official ZIP rounds each delay to the µs). */
const CLOCK_DRIFT_US = 1_000;
/** How far apart the two clocks may be: program starts are stated to the second. */
const CLOCK_OFFSET_US = 5 * SAME_START_US;

/**
 * Whether a short recording lies in the other on one clock: at least CLOCK_EVENTS of its packets
 * start at the same byte as one of the other's, at the same time give or take CLOCK_DRIFT_US, and
 * over some time (packets printed at once prove no clock).
 */
function sameClock(s: EventSource, c: EventSource, d: number): boolean {
  const t = timesAlong(s, c, d);
  return (
    t.events >= CLOCK_EVENTS &&
    t.deltaUs !== null &&
    Math.abs(t.deltaUs) <= CLOCK_OFFSET_US &&
    t.driftUs <= CLOCK_DRIFT_US &&
    t.spanUs > CLOCK_DRIFT_US
  );
}

/** Same start, similar length and size: what an altered copy of a recording looks like. */
function alike(a: RecordingShape, b: RecordingShape): boolean {
  const close = (x: number | undefined, y: number | undefined): boolean =>
    x === undefined || y === undefined || Math.abs(x - y) <= 0.25 * Math.max(x, y) + 1;
  const start =
    a.firstEventAtUs == null ||
    b.firstEventAtUs == null ||
    Math.abs(a.firstEventAtUs - b.firstEventAtUs) <= SAME_FIRST_OUTPUT_US;
  return start && close(a.durationUs, b.durationUs) && close(a.outputBytes, b.outputBytes);
}

/**
 * Two recordings that disagree somewhere are the same recording altered only when the
 * disagreement is local: probes spread over S are found in C, each where S's alignment puts it
 * (give or take what was inserted or removed). Two different sessions of one host may share a
 * banner and prompts, never their later output.
 */
function conflictOf(
  s: EventSource,
  sShape: RecordingShape,
  c: EventSource,
  best: Alignment | null,
): RecordingMatch | null {
  const probes = probesOf(s, sShape.durationUs, SPREAD_PROBES, SPREAD_PROBE_BYTES);
  if (probes.length < 4) return null;
  const hits = findProbes(c, probes, MAX_OFFSETS);
  const shifts: number[] = [];
  for (const p of probes) {
    const found = hits.get(p) ?? [];
    if (found.length === 1) shifts.push(found[0]! - p.at);
  }
  if (shifts.length < Math.ceil(probes.length * 0.75)) return null;
  shifts.sort((a, b) => a - b);
  // In place: the probes' shifts differ by no more than what an alteration inserts or removes.
  const spread = shifts.at(-1)! - shifts[0]!;
  if (spread > Math.max(4096, probes.at(-1)!.at / 10)) return null;
  const d = best && shifts.includes(best.d) ? best.d : shifts[0]!;
  const alignment = best && best.d === d ? best : verifyAlignment(s, c, d);
  return { kind: alignment.mismatch === null ? 'match' : 'conflict', alignment };
}

function equalBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
