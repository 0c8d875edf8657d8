import { stripControls } from '../../terminal/render-transcript';
import { LineOnScreen, type ScreenLine } from './line-on-screen';
import type { TerminalScreen } from './terminal-screen';

/** How prompts end ($, #, %, >, ❯ and an optional space): a prompt drawn in pieces is complete then. */
const PROMPT_ENDING = /[$#%>❯»]\s?$/;

/**
 * Lines of a recording without keystrokes (an ssh-log-cli ZIP holds only the output): a line
 * editor that switches bracketed paste on while it reads (bash's readline, zsh's zle) and off
 * once it accepts the line, after a newline. The line starts where the prompt drawn after the
 * switch on ends, and ends on the row the newline leaves.
 */
export class KeylessLines {
  private reading = false;
  private line: LineOnScreen | null = null;
  private promptText = '';

  constructor(private readonly screen: TerminalScreen) {}

  /**
   * After each output piece (the driver makes each switch on a piece of its own and ends a
   * piece at each switch off). `newlineBefore`: the switch off came right after a newline.
   */
  onOutput(data: Uint8Array, newlineBefore: boolean): ScreenLine | null {
    const on = this.screen.bracketedPaste;
    let accepted: ScreenLine | null = null;
    if (on && !this.reading) this.drop();
    else if (on && hasVisibleText(data) && (this.line === null || !PROMPT_ENDING.test(this.promptText))) {
      // The prompt is being drawn: once its text ends as prompts do, the input starts here.
      this.drop();
      this.line = new LineOnScreen(this.screen, null);
      this.promptText = this.line.prompt;
    }
    if (!on && this.reading && this.line !== null) {
      if (newlineBefore) accepted = this.line.read(this.screen.cursorRow - 1);
      this.drop();
    }
    this.reading = on;
    return accepted;
  }

  private drop(): void {
    this.line?.dispose();
    this.line = null;
    this.promptText = '';
  }
}

function hasVisibleText(data: Uint8Array): boolean {
  return stripControls(new TextDecoder().decode(data)).trim() !== '';
}
