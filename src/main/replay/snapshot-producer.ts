import { SerializeAddon } from '@xterm/addon-serialize';
import { resizeOf, type TerminalEvent } from '../formats/recording';
import { OutputText } from './output-text';
import { REPLAY_SCROLLBACK } from '../../shared/replay-terminal';
import { createReplayTerminal } from './replay-terminal';
import { parserAtRest, unserializedState } from './terminal-state';

/** The terminal as it was after every event at `atUs`: resuming plays the events after that time. */
export interface TerminalSnapshot {
  atUs: number;
  cols: number;
  rows: number;
  /** Output bytes played into it. */
  outputOffset: number;
  /** @xterm/addon-serialize of the screen, scrollback and modes, then what it leaves out (terminal-state.ts). */
  data: string;
}

/**
 * Output between two snapshots: a seek plays at most this much after restoring one. Measured
 * with `npm run bench -- --only seek` against 64 KiB and 1 MiB (README.md in this folder): seeks
 * stay well under 200 ms at p99 while the snapshots take ~8% of the output's size.
 */
export const SNAPSHOT_INTERVAL_BYTES = 256 * 1024;

const FLOW_CONTROL_CHARS = 4 << 20; // xterm drops writes queued past 50 MB: wait well before

/**
 * Plays a program's events through a replay terminal and hands over a snapshot each time
 * `intervalBytes` of output have been played, at the next change of time (so no event of the
 * snapshot's moment is left for after it) where no escape sequence is cut in two. Output is
 * written as the player writes it (decoded text), resizes at their place in the write queue;
 * snapshots are taken in write callbacks, so the writes are not awaited one by one.
 */
export async function produceSnapshots(
  events: Iterable<TerminalEvent>,
  size: { cols: number; rows: number },
  onSnapshot: (snapshot: TerminalSnapshot) => void,
  intervalBytes = SNAPSHOT_INTERVAL_BYTES,
): Promise<void> {
  const term = createReplayTerminal(size.cols, size.rows);
  const serializer = new SerializeAddon();
  term.loadAddon(serializer);
  const text = new OutputText();
  let offset = 0;
  let snapshotOffset = 0;
  let lastUs: number | null = null;
  let queued = 0;
  // A callback runs inside xterm's parser: an error there (a full disk on insert) is kept and
  // thrown here instead of escaping as an uncaught exception.
  let failure: { error: unknown } | null = null;
  const guarded = (callback: () => void) => (): void => {
    try {
      if (!failure) callback();
    } catch (error) {
      failure = { error };
    }
  };
  const write = async (data: string, callback?: () => void): Promise<void> => {
    const run = callback && guarded(callback);
    queued += data.length;
    if (queued < FLOW_CONTROL_CHARS) {
      term.write(data, run);
      return;
    }
    queued = 0;
    await new Promise<void>((resolve) => term.write(data, () => (run?.(), resolve())));
  };
  // Tried at every change of time once an interval is due, until the parser is between two
  // sequences there; the callbacks run behind this loop, so a later try may find one taken.
  const trySnapshot = (atUs: number, at: number) => (): void => {
    if (at - snapshotOffset < intervalBytes || !parserAtRest(term)) return;
    snapshotOffset = at;
    onSnapshot({
      atUs,
      outputOffset: at,
      cols: term.cols,
      rows: term.rows,
      data: serializer.serialize({ scrollback: REPLAY_SCROLLBACK }) + unserializedState(term),
    });
  };
  try {
    for (const ev of events) {
      if (offset - snapshotOffset >= intervalBytes && lastUs !== null && ev.atUs > lastUs)
        await write('', trySnapshot(lastUs, offset));
      lastUs = ev.atUs;
      if (ev.kind === 'output') {
        offset += ev.data.length;
        await write(text.next(ev.data));
      } else if (ev.kind === 'resize') {
        const to = resizeOf(ev);
        if (to) await write('', () => term.resize(to.cols, to.rows));
      }
      if (failure) break;
    }
    await new Promise<void>((resolve) => term.write('', resolve));
  } finally {
    term.dispose();
  }
  if (failure) throw (failure as { error: unknown }).error;
}
