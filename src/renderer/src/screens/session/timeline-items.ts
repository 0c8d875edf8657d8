// The rows of the commands list: commands and the marks between them, in time order.

import type { CommandRow, MarkRow } from '../../../../shared/views';

export type ListItem =
  { kind: 'command'; atUs: number; command: CommandRow; index: number } | { kind: 'mark'; atUs: number; mark: MarkRow };

/** Marks worth a row: resizes are not (the terminal shows them). */
const LISTED_MARKS: ReadonlySet<MarkRow['kind']> = new Set(['hidden-input', 'abandoned-input', 'fullscreen']);

export interface CommandTimeline {
  items: ListItem[];
  /** Commands sorted by time, with their times (for binary search). */
  commands: CommandRow[];
  commandTimes: Float64Array;
  /** The row of each command in `items`. */
  itemOfCommand: Int32Array;
}

export function buildTimeline(commands: readonly CommandRow[], marks: readonly MarkRow[]): CommandTimeline {
  // Typing order is nearly always time order; sort (stably) in case it is not.
  const sorted = commands
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.atUs - b.c.atUs || a.i - b.i)
    .map((x) => x.c);
  const listed = marks.filter((m) => LISTED_MARKS.has(m.kind)).sort((a, b) => a.atUs - b.atUs);
  const items: ListItem[] = [];
  const itemOfCommand = new Int32Array(sorted.length);
  let m = 0;
  /** Lists the marks that began before `t` (a mark at a command's moment goes after it). */
  const marksBefore = (t: number): void => {
    for (let mark = listed[m]; mark && mark.atUs < t; mark = listed[++m])
      items.push({ kind: 'mark', atUs: mark.atUs, mark });
  };
  sorted.forEach((command, index) => {
    marksBefore(command.atUs);
    itemOfCommand[index] = items.length;
    items.push({ kind: 'command', atUs: command.atUs, command, index });
  });
  marksBefore(Infinity);
  return { items, commands: sorted, commandTimes: Float64Array.from(sorted, (c) => c.atUs), itemOfCommand };
}

export const MARK_LABELS: Record<MarkRow['kind'], string> = {
  'hidden-input': 'Secret typed (hidden by sshlens)',
  'abandoned-input': 'Input abandoned',
  fullscreen: 'Full-screen program',
  resize: 'Terminal resized',
};
