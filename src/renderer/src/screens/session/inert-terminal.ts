// An xterm.js terminal that only shows: a recording may carry sequences meant to act on the
// viewer's machine (clipboard writes, links, notifications, title changes, reports back to the
// host). Here none of them acts: no keyboard input, no data sent anywhere, OSC 8 links never
// open, and the OSCs that reach outside the terminal are swallowed.

import { BIDI_CONTROLS } from '../../../../shared/control-chars';
import { REPLAY_TERMINAL_OPTIONS } from '../../../../shared/replay-terminal';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { TerminalSink } from './replay-player';

/**
 * OSCs swallowed unparsed: 0-2 titles, 7 working directory, 9 / 99 / 777 notifications,
 * 50 font, 52 clipboard, 1337 iTerm2 (files, images, badges), 5113 / 5522 kitty file transfer and clipboard.
 */
export const SWALLOWED_OSCS: readonly number[] = [0, 1, 2, 7, 9, 50, 52, 99, 777, 1337, 5113, 5522];

export interface InertTerminalOptions {
  cols: number;
  rows: number;
  scrollback: number;
  /** Shown when the pointer is over an OSC 8 link (which is never opened); null when it leaves. */
  onLinkHover?: (url: string | null) => void;
}

/** A terminal built like the one that took the snapshots (src/shared/replay-terminal.ts), but inert. */
export function createInertTerminal(options: InertTerminalOptions): Terminal {
  const term = new Terminal({
    cols: options.cols,
    rows: options.rows,
    // As the snapshot terminal: a snapshot restores exactly only into a terminal built the same way.
    ...REPLAY_TERMINAL_OPTIONS,
    scrollback: options.scrollback,
    disableStdin: true,
    cursorBlink: false,
    cursorInactiveStyle: 'block',
    cursorStyle: 'block',
    fontFamily: tokenValue('--font-mono') || 'monospace',
    fontSize: 13,
    lineHeight: 1.15,
    theme: terminalTheme(),
    drawBoldTextInBrightColors: true,
    macOptionClickForcesSelection: true,
    rightClickSelectsWord: false,
    screenReaderMode: false,
    windowOptions: {},
    linkHandler: {
      activate: () => {
        // Never opened: a link in a recording is evidence, not a destination.
      },
      hover: (_event, url) => options.onLinkHover?.(url),
      leave: () => options.onLinkHover?.(null),
      allowNonHttpProtocols: false,
    },
  });
  for (const id of SWALLOWED_OSCS) term.parser.registerOscHandler(id, () => true);
  // Keys go to the screen's shortcuts, not to the terminal; copying a selection still works.
  term.attachCustomKeyEventHandler((event) => (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c');
  return term;
}

/** The terminal's colours from the design tokens (read again when the colour scheme changes). */
export function terminalTheme(): ITheme {
  const background = tokenValue('--terminal-bg') || '#1b1c1f';
  const foreground = tokenValue('--terminal-fg') || '#e6e6e3';
  // The selection is also find's current match (the search addon selects it): the accent, see-through.
  const selectionBackground = `${searchColors().active}99`;
  return { background, foreground, cursor: foreground, cursorAccent: background, selectionBackground };
}

/**
 * Search highlight colours for @xterm/addon-search (it wants #RRGGBB). The terminal is dark in
 * both themes and the addon keeps each cell's own text colour: the page's --mark (a light yellow
 * for dark text) made light terminal text unreadable, so the terminal has marks of its own.
 */
export function searchColors(): { match: string; active: string } {
  return {
    match: hexOr(tokenValue('--terminal-mark'), '#7a5a00'),
    active: hexOr(tokenValue('--terminal-mark-active'), '#b5520f'),
  };
}

function tokenValue(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function hexOr(value: string, fallback: string): string {
  return /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;
}

/** The player's writes into an xterm terminal, in order, counting what is still to parse. */
export class XtermSink implements TerminalSink {
  private pending = 0;

  constructor(private readonly term: Terminal) {}

  get backlog(): number {
    return this.pending;
  }

  restore(cols: number, rows: number, data: string): void {
    // Inside a write callback, so it happens after anything queued before (never interleaved).
    this.term.write('', () => {
      this.term.reset();
      if (this.term.cols !== cols || this.term.rows !== rows) this.term.resize(cols, rows);
    });
    this.write(data);
  }

  write(recorded: string): void {
    if (!recorded) return;
    // Bidi controls (src/shared/control-chars.ts): the terminal gives them no cell, but the browser
    // would still reorder the text drawn around them ("exe.txt" that is really "txt.exe"). A
    // zero-width space is cell-less too: the grid stays as recorded.
    const text = recorded.replace(BIDI_CONTROLS, '\u200b');
    const n = text.length;
    this.pending += n;
    this.term.write(text, () => {
      this.pending -= n;
    });
  }

  resize(cols: number, rows: number): void {
    if (cols < 1 || rows < 1) return;
    this.term.write('', () => this.term.resize(cols, rows));
  }
}
