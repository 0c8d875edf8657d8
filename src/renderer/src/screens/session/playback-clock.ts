// How the playhead moves: recording time advances at `speed` times the wall clock, and with
// "skip idle" a pause longer than the cap is cut to the cap. Pure: the player feeds it event
// times and writes the events it says were reached.

/** Where the playhead is, and the time of the last event written (idle is measured from it). */
export interface Playhead {
  positionUs: number;
  anchorUs: number;
}

export interface AdvanceOptions {
  /** Longest pause played, in recording µs; null plays pauses as recorded. */
  idleCapUs: number | null;
  /** The playhead never passes this: the end of the program, or of the events loaded so far. */
  horizonUs: number;
  /** Stop after this many events, to keep one step short. */
  maxEvents: number;
}

export interface Advance {
  playhead: Playhead;
  /** How many of the next events were reached (write them, in order). */
  take: number;
  /** The playhead wanted to go past the horizon (more events are needed to go on). */
  stalled: boolean;
}

/**
 * Moves the playhead `budgetUs` of recording time on. `nextTime(i)` is the time of the i-th event
 * not yet written (undefined past the last one loaded); events at or before the new position are
 * taken. An idle gap (event more than the cap after the anchor) is waited for `idleCapUs`, then
 * jumped over.
 */
export function advancePlayhead(
  from: Playhead,
  budgetUs: number,
  nextTime: (i: number) => number | undefined,
  options: AdvanceOptions,
): Advance {
  let pos = from.positionUs;
  let anchor = from.anchorUs;
  let budget = Math.max(0, budgetUs);
  let take = 0;
  let stalled = false;
  for (;;) {
    const t = nextTime(take);
    if (t === undefined) {
      const to = pos + budget;
      stalled = to > options.horizonUs;
      pos = Math.max(pos, Math.min(to, options.horizonUs));
      break;
    }
    if (options.idleCapUs !== null && t - anchor > options.idleCapUs && t > pos) {
      const untilWake = Math.max(0, anchor + options.idleCapUs - pos);
      if (budget < untilWake) {
        pos += budget;
        break;
      }
      budget -= untilWake;
      pos = t;
    }
    const untilNext = Math.max(0, t - pos);
    if (budget < untilNext) {
      pos += budget;
      break;
    }
    budget -= untilNext;
    pos = Math.max(pos, t);
    anchor = t;
    take++;
    if (take >= options.maxEvents) break;
  }
  return { playhead: { positionUs: pos, anchorUs: anchor }, take, stalled };
}

/** Speeds the player offers, slowest first. */
export const SPEEDS: readonly number[] = [0.5, 1, 2, 4, 8, 16];

/** With "skip idle", pauses are cut to this (recording time). */
export const IDLE_CAP_US = 1_000_000;

export function speedLabel(speed: number): string {
  return `${speed}×`;
}
