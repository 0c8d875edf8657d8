/**
 * Flow control for writes queued on a headless xterm. xterm.js parses queued writes later (in
 * timer slices) and keeps each one, with its callback, until then; a reader that never awaits
 * would queue a whole recording. Counting only the bytes lets a recording of millions of tiny
 * events (one byte each, or none: a probe after each keystroke) queue millions of writes, ~1 KB of
 * heap each (3 million one-byte events took 3.6 GB). So every write also costs a fixed amount,
 * and the writer awaits the parser once the queue's cost reaches the budget.
 */

/** What may be queued before the writer waits (xterm itself drops writes queued past 50 MB). */
export const WRITE_QUEUE_BUDGET = 4 << 20;

/** What one queued write costs beyond its data: its chunk, callback and closure on the heap. */
export const QUEUED_WRITE_COST = 1024;

/** The cost of queuing `data` (bytes or characters). */
export function queuedWriteCost(data: { length: number }): number {
  return data.length + QUEUED_WRITE_COST;
}
