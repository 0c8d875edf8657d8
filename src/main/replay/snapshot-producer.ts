import type { TerminalTap } from '../extraction/extraction-types';
import { resizeOf, type TerminalEvent } from '../formats/recording';
import { createReplayTerminal, type HeadlessTerminal } from '../terminal/headless-terminal';
import { OutputText } from '../terminal/output-text';
import { queuedWriteCost, WRITE_QUEUE_BUDGET } from '../terminal/write-flow';
import { REPLAY_SCROLLBACK } from '../../shared/replay-terminal';
import { serializeScreen } from './serialize-screen';
import { parserAtRest, unserializedState } from './terminal-state';

/** The terminal as it was after every event at `atUs`: resuming plays the events after that time. */
export interface TerminalSnapshot {
  atUs: number;
  cols: number;
  rows: number;
  /** Output bytes played into it. */
  outputOffset: number;
  /** @xterm/addon-serialize's string of the screen, scrollback and modes (serialize-screen.ts), then what it leaves out (terminal-state.ts). */
  data: string;
}

/**
 * Output between two snapshots: a seek plays at most this much after restoring one. Measured
 * with `npm run bench -- --only seek` against 64 KiB and 1 MiB (README.md in this folder): seeks
 * stay well under 200 ms at p99 while the snapshots take ~8% of the output's size.
 */
export const SNAPSHOT_INTERVAL_BYTES = 256 * 1024;

/**
 * Takes a snapshot each time `intervalBytes` of output have been played, at the next change of
 * time (so no event of the snapshot's moment is left for after it) where no escape sequence is
 * cut in two. It rides on a pass that plays the program: the extractor's (one emulation of a
 * program at import) or `produceSnapshots`' own. `take` runs inside xterm's parser callbacks, so
 * an error there (a full disk on insert) is kept and thrown by `rethrow` instead of escaping.
 */
export class SnapshotTaker implements TerminalTap {
  private snapshotOffset = 0;
  private failure: { error: unknown } | null = null;
  /** Whether a pass played the program to its end, and faithfully to what the player shows. */
  private ended: { faithful: boolean } | null = null;

  constructor(
    private readonly onSnapshot: (snapshot: TerminalSnapshot) => void,
    private readonly intervalBytes = SNAPSHOT_INTERVAL_BYTES,
  ) {}

  wants(outputOffset: number): boolean {
    return this.failure === null && outputOffset - this.snapshotOffset >= this.intervalBytes;
  }

  take(term: HeadlessTerminal, atUs: number, outputOffset: number): void {
    // The callbacks run behind the pass's loop, so a later try may find a snapshot already taken.
    if (!this.wants(outputOffset) || !parserAtRest(term)) return;
    try {
      const data = serializeScreen(term, REPLAY_SCROLLBACK) + unserializedState(term);
      this.snapshotOffset = outputOffset;
      this.onSnapshot({ atUs, outputOffset, cols: term.cols, rows: term.rows, data });
    } catch (error) {
      this.failure = { error };
    }
  }

  end(faithful: boolean): void {
    this.ended = { faithful };
  }

  /** A pass played the whole program the way the player does: its snapshots are all there is to take. */
  get complete(): boolean {
    return this.ended?.faithful === true && this.failure === null;
  }

  /** Throws what a snapshot's callback threw, if anything. */
  rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Plays a program's events through a replay terminal of its own, for the snapshots alone: for
 * programs the extractor does not emulate (exec programs with a pty) or emulates otherwise than
 * the player (a width it inferred). Output is written as the player writes it (decoded text),
 * resizes at their place in the write queue; snapshots are taken in write callbacks, so the
 * writes are not awaited one by one.
 */
export async function produceSnapshots(
  events: Iterable<TerminalEvent>,
  size: { cols: number; rows: number },
  onSnapshot: (snapshot: TerminalSnapshot) => void,
  intervalBytes = SNAPSHOT_INTERVAL_BYTES,
): Promise<void> {
  const taker = new SnapshotTaker(onSnapshot, intervalBytes);
  const term = createReplayTerminal(size.cols, size.rows);
  const text = new OutputText();
  let offset = 0;
  let lastUs: number | null = null;
  let queued = 0;
  const write = async (data: string, callback?: () => void): Promise<void> => {
    queued += queuedWriteCost(data);
    if (queued < WRITE_QUEUE_BUDGET) {
      term.write(data, callback);
      return;
    }
    queued = 0;
    await new Promise<void>((resolve) => term.write(data, () => (callback?.(), resolve())));
  };
  try {
    for (const ev of events) {
      if (lastUs !== null && ev.atUs > lastUs && taker.wants(offset)) {
        const [atUs, at] = [lastUs, offset];
        await write('', () => taker.take(term, atUs, at));
      }
      lastUs = ev.atUs;
      if (ev.kind === 'output') {
        offset += ev.data.length;
        await write(text.next(ev.data));
      } else if (ev.kind === 'resize') {
        const to = resizeOf(ev);
        if (to) await write('', () => term.resize(to.cols, to.rows));
      }
      taker.rethrow();
    }
    await new Promise<void>((resolve) => term.write('', resolve));
    taker.rethrow();
  } finally {
    term.dispose();
  }
}
