// The options of every replay terminal: the headless one that takes snapshots at import
// (src/main/replay) and the player's in the renderer. A snapshot restores exactly only into a
// terminal built the same way, at the snapshot's size.

/** Scrollback lines the snapshots hold (ReplayInfo.scrollback says it too). */
export const REPLAY_SCROLLBACK = 1000;

export const REPLAY_TERMINAL_OPTIONS = Object.freeze({
  scrollback: REPLAY_SCROLLBACK,
  allowProposedApi: true,
  convertEol: false,
});
