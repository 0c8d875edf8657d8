import xtermHeadless from '@xterm/headless';
import type { HeadlessTerminal } from '../terminal/headless-terminal';

const { Terminal } = xtermHeadless;

/** Scrollback lines the snapshots hold: the player must keep the same (ReplayInfo.scrollback says it). */
export const REPLAY_SCROLLBACK = 1000;

/**
 * The options of every replay terminal: the one that takes snapshots at import and the player's.
 * A snapshot restores exactly only into a terminal built the same way, at the snapshot's size.
 */
export const REPLAY_TERMINAL_OPTIONS = Object.freeze({ scrollback: REPLAY_SCROLLBACK, allowProposedApi: true, convertEol: false });

/** The size a program starts at when the recording gives none. */
export const DEFAULT_TERMINAL_SIZE = Object.freeze({ cols: 80, rows: 24 });

export function createReplayTerminal(cols: number, rows: number): HeadlessTerminal {
  return new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols, rows });
}
