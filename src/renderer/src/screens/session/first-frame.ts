// Where a replay opens when no moment is asked for: the first output that draws something, so the
// investigator sees the program's first screen rather than an empty terminal.

import type { ReplayEvent } from '../../../../shared/views';

/** Output asked for to find the first frame: a login banner or a prompt is far less. */
export const FIRST_FRAME_CHARS = 16 * 1024;

/** Escape sequences (CSI, OSC, DCS/SOS/PM/APC, two-byte ones): they draw no character. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -/]*[0-~]?)/g;
/** A character that shows: not white space, not a control. */
// eslint-disable-next-line no-control-regex
const DRAWN = /[^\s\x00-\x1f\x7f-\x9f\u200b]/u;

/** The time of the first output event that draws a character, or null when none of `events` does. */
export function firstDrawnOutput(events: readonly ReplayEvent[]): number | null {
  for (const ev of events) {
    if (ev.kind === 'output' && DRAWN.test(ev.text.replace(ESCAPES, ''))) return ev.atUs;
  }
  return null;
}
