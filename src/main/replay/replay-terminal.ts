import xtermHeadless from '@xterm/headless';
import type { HeadlessTerminal } from '../terminal/headless-terminal';
import { REPLAY_TERMINAL_OPTIONS } from '../../shared/replay-terminal';

const { Terminal } = xtermHeadless;

/** The size a program starts at when the recording gives none. */
export const DEFAULT_TERMINAL_SIZE = Object.freeze({ cols: 80, rows: 24 });

export function createReplayTerminal(cols: number, rows: number): HeadlessTerminal {
  // logLevel off: a hostile recording's malformed sequences are not the analyst's stderr's business.
  return new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols, rows, logLevel: 'off' });
}
