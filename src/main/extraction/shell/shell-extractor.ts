import { stripControls } from '../../terminal/render-transcript';
import type { ExtractedCommand, ExtractedMark, ExtractionSink } from '../extraction-types';
import { expandHistory, finishEntry, isComplete, joinContinuation, splitCompleteCommands } from './bash-history-text';
import { KeystrokeLine, splitKeys } from './keystroke-line';
import { plainOutput } from './plain-output';
import { programName, startsLineProgram } from './program-kind';
import { isContinuationPrompt, parsePrompt } from './prompt-info';
import type { ScreenPosition, TerminalScreen } from './terminal-screen';

const MAX_OUTPUT_TEXT_BYTES = 1 << 20;
/** How prompts end ($, #, %, >, ❯ and an optional space): a prompt drawn in pieces is complete then. */
const PROMPT_ENDING = /[$#%>❯»]\s?$/; // per command, for reading and search; offsets stay exact

interface OpenOutput {
  command: ExtractedCommand | null;
  startUs: number;
  startOffset: number;
  chunks: Uint8Array[];
  bytes: number;
}

interface LineRead {
  text: string;
  method: 'screen' | 'keystrokes';
  guess: string | null;
}

/**
 * The extraction state machine. Its methods are probes: each runs right after the terminal
 * has parsed all output recorded before that moment, so the screen is the one the user saw.
 *
 * Lines the shell reads (bash's readline): readline switches bracketed-paste mode on when it
 * starts reading (the prompt follows) and off once it accepts the line, after redrawing it
 * and sending a newline. At that moment the rows from the end of the prompt to the cursor
 * hold exactly what the shell received: edits, Tab completions, history recalls, Ctrl-R and
 * pastes resolved. A Ctrl-C'd line ends in "^C" instead of a newline.
 *
 * Lines read by other programs (cat, read, a password prompt, nc): the Enter keystroke ends
 * them and the terminal's echo of the newline acknowledges them; nothing echoed = hidden.
 */
export class ShellExtractor {
  /**
   * Commands not yet handed to the sink. Only the last can still change (more lines at PS2,
   * or typeahead given back to the shell), so everything before it is handed over at once.
   */
  private readonly recent: ExtractedCommand[] = [];
  private emitted = 0;
  /** Texts of emitted shell commands, for history expansion (bash's default HISTSIZE). */
  private readonly history: string[] = [];
  private readonly marks: ExtractedMark[] = [];

  private readonly keys = new KeystrokeLine();
  private readonly inputDecoder = new TextDecoder();
  private inPaste = false;
  private output: OpenOutput | null = { command: null, startUs: 0, startOffset: 0, chunks: [], bytes: 0 };

  // The line readline is reading.
  private readlineOn = false;
  private sawReadline = false;
  private promptStart: ScreenPosition | null = null;
  private promptEnd: ScreenPosition | null = null;
  private linePrompt = '';
  /** The prompt end was marked by a keystroke (not guessed from output). */
  private keyedPromptEnd = false;
  private enterTimes: number[] = [];

  // A line read by another program.
  private programLine: ScreenPosition | null = null;
  private programPrompt = '';
  private programEnter: number | null = null;
  /** Program input that may yet turn out to be typeahead the shell reads instead. */
  private tentative: ExtractedCommand | null = null;

  /** Prompts shell commands followed: a line at such a prompt is the shell's again. */
  private readonly shellPrompts: string[] = [];
  /** The last shell command: what is running, or ran last. */
  private running: { index: number; command: ExtractedCommand } | null = null;
  private readonly expanded = new Set<ExtractedCommand>();
  private alternate = false;
  private fullscreenStart: { atUs: number; detail: string | null } | null = null;

  constructor(
    private readonly screen: TerminalScreen,
    private readonly sink: ExtractionSink,
  ) {}

  /**
   * After each piece of output has been parsed. The driver cuts pieces so that switching
   * bracketed paste on is a piece of its own and switching it off ends one; `newlineBefore`
   * says whether the switch off came right after a newline.
   */
  onOutput(atUs: number, data: Uint8Array, startOffset: number, endOffset: number, newlineBefore: boolean): void {
    const readline = this.screen.bracketedPaste;
    if (readline && !this.readlineOn) {
      this.sawReadline = true;
      this.closeOutput(atUs, startOffset); // the shell reads again: the output before ended here
      this.resetReadlineLine();
      this.resetProgramLine();
      this.promptStart = this.screen.markCursor();
    } else {
      if (this.output !== null) this.appendOutput(data);
      if (readline && !this.keyedPromptEnd && this.keys.typed === 0 && hasVisibleText(data)) {
        // No key yet: the prompt is being drawn; once its text ends as prompts do, its end is
        // here (keystroke-less recordings rely on this; a first key marks it again).
        if (this.promptEnd === null || !PROMPT_ENDING.test(this.linePrompt)) this.markPromptEnd();
      }
    }
    if (!readline && this.readlineOn) {
      if (newlineBefore) this.accept(atUs, endOffset);
      else this.abandon(atUs);
    }
    this.readlineOn = readline;
    this.trackFullscreen(atUs);
  }

  /** A client input event: keystrokes, a paste, or typeahead. */
  onInput(atUs: number, data: Uint8Array): void {
    for (const key of splitKeys(this.inputDecoder.decode(data, { stream: true }))) {
      const readline = this.screen.bracketedPaste;
      if (this.inPaste) {
        if (key === '\x1b[201~') this.inPaste = false;
        else this.keys.insert(key === '\r' ? '\n' : key);
        continue;
      }
      if (this.screen.alternateScreen) continue; // keys for vim, less, top: never commands
      if (key === '\x1b[200~') {
        this.startLine(readline);
        this.inPaste = true;
      } else if (key === '\r' || key === '\n') {
        if (readline) this.enterTimes.push(atUs);
        else this.submitProgramLine(atUs);
      } else if (key === '\x03') {
        if (!readline) this.resetProgramLine();
        this.keys.reset();
      } else {
        this.startLine(readline);
        if (key.charCodeAt(0) >= 0x20 && key !== '\x7f' && key[0] !== '\x1b') this.keys.insert(key);
        else this.keys.key(key);
      }
    }
  }

  /** Right after the first newline the terminal sent following an Enter. */
  onAck(atUs: number, offset: number): void {
    if (this.programEnter === null || this.programLine === null) return;
    const enterUs = this.programEnter;
    const text = this.screen.textBetween(this.programLine.marker.line, this.programLine.col, this.screen.cursorRow);
    const prompt = this.programPrompt;
    this.resetProgramLine();
    if (text.trim() === '') return;
    const kind = this.sawReadline || this.runningLineProgram() ? 'program-input' : 'shell';
    const guess =
      kind === 'shell'
        ? 'the shell did not announce line editing (no bracketed paste): every echoed line is taken as a command'
        : null;
    const command = this.record({ atUs: enterUs, text, kind, method: 'screen', guess, prompt }, atUs, offset);
    this.tentative = kind === 'program-input' ? command : null;
  }

  onResize(atUs: number, cols: number, rows: number): void {
    this.marks.push({ atUs, endUs: null, kind: 'resize', detail: `${cols}x${rows}` });
  }

  /** The recording ended: close what is open and hand everything over. */
  finish(endUs: number, endOffset: number): void {
    if (this.readlineOn && this.enterTimes.length > 0) {
      // Enter was pressed but the recording stops before the shell answered.
      const read = this.readAcceptedLine(this.screen.cursorRow + 1);
      this.recordShellLine(
        this.enterTimes.shift()!,
        { ...read, guess: read.guess ?? 'the recording ends before the shell accepted the line' },
        endUs,
        endOffset,
      );
    }
    this.closeOutput(endUs, endOffset);
    if (this.fullscreenStart !== null)
      this.marks.push({
        atUs: this.fullscreenStart.atUs,
        endUs: null,
        kind: 'fullscreen',
        detail: this.fullscreenStart.detail,
      });
    this.emit(this.recent.length);
    this.marks.sort((a, b) => a.atUs - b.atUs);
    for (const m of this.marks) this.sink.mark(m);
  }

  /** Hands the first `n` unemitted commands to the sink. */
  private emit(n: number): void {
    for (const c of this.recent.splice(0, n)) {
      if (c.kind === 'shell') {
        this.history.push(c.text);
        if (this.history.length > 500) this.history.shift();
      }
      this.sink.command(c, this.emitted++);
    }
  }

  private startLine(readline: boolean): void {
    if (readline) {
      // The first key of a line: the prompt is complete, its end is the cursor.
      if (!this.keyedPromptEnd) this.markPromptEnd();
      this.keyedPromptEnd = true;
    } else if (this.programLine === null) {
      this.programLine = this.screen.markCursor();
      this.programPrompt = this.screen.rowPrefix(this.screen.cursorRow, this.screen.cursorCol);
    }
  }

  private markPromptEnd(): void {
    this.promptEnd?.marker.dispose();
    this.promptEnd = this.screen.markCursor();
    this.linePrompt = this.screen.rowPrefix(this.screen.cursorRow, this.screen.cursorCol);
  }

  private resetReadlineLine(): void {
    this.promptStart?.marker.dispose();
    this.promptEnd?.marker.dispose();
    this.promptStart = null;
    this.promptEnd = null;
    this.linePrompt = '';
    this.keyedPromptEnd = false;
    this.keys.reset();
  }

  private resetProgramLine(): void {
    this.programLine?.marker.dispose();
    this.programLine = null;
    this.programPrompt = '';
    this.programEnter = null;
  }

  /** Enter while a program (not the shell's line editor) reads: did the terminal echo the line? */
  private submitProgramLine(atUs: number): void {
    this.startLine(false);
    const line = this.programLine;
    const shown = line ? this.screen.textBetween(line.marker.line, line.col, this.screen.cursorRow + 1) : '';
    const typed = this.keys.typed;
    this.keys.reset();
    if (typed > 0 && shown.trim() === '') {
      // Echo was off: a password or passphrase. Its text is never kept.
      this.marks.push({ atUs, endUs: null, kind: 'hidden-input', detail: this.programPrompt.trim() || null });
      this.resetProgramLine();
      return;
    }
    this.programEnter = atUs;
  }

  /** readline accepted a line (bracketed paste off after a newline). */
  private accept(atUs: number, endOffset: number): void {
    const enterUs = this.enterTimes.shift();
    const read = this.readAcceptedLine(this.screen.cursorRow);
    if (
      enterUs === undefined &&
      this.tentative !== null &&
      this.tentative === this.recent.at(-1) &&
      this.tentative.text === read.text
    ) {
      // Typed ahead while a program ran and read by the shell afterwards, not by the program.
      this.recent.pop();
      this.output = null;
    }
    this.tentative = null;
    this.recordShellLine(enterUs ?? atUs, read, atUs, endOffset);
    this.resetReadlineLine();
  }

  /** Ctrl-C on a line being edited: it never ran. */
  private abandon(atUs: number): void {
    // Only a line whose prompt was drawn (or typed on) can be abandoned; bash also toggles the
    // mode around its own redisplay after ^C, with no prompt in between.
    if (this.promptEnd !== null) {
      const text = this.readAcceptedLine(this.screen.cursorRow + 1).text.replace(/\^C$/, '');
      if (text.trim() !== '') this.marks.push({ atUs, endUs: null, kind: 'abandoned-input', detail: text });
      const open = isContinuationPrompt(this.linePrompt) ? this.openForContinuation() : null;
      if (open !== null) {
        // bash keeps the first lines of a command interrupted at PS2 in its history, unrun.
        open.guess =
          'interrupted with Ctrl-C at the continuation prompt: bash records it in its history but never ran it';
      }
    }
    this.resetReadlineLine();
  }

  /**
   * The accepted line: from the end of the prompt to `endRow`. After a completion listing
   * readline prints the prompt again below it, so the nearest row that starts with the
   * prompt wins. If the prompt is nowhere (cleared screen, typeahead drawn with the prompt),
   * strip a prompt the shell showed before; last resort, the keystrokes.
   */
  private readAcceptedLine(endRow: number): LineRead {
    const end = this.promptEnd;
    if (end !== null && !end.marker.isDisposed && end.marker.line >= 0) {
      for (let row = Math.max(endRow - 1, end.marker.line); row >= end.marker.line; row--) {
        if (this.screen.rowPrefix(row, end.col) === this.linePrompt) {
          return {
            text: this.screen.textBetween(row, end.col, Math.max(endRow, row + 1)),
            method: 'screen',
            guess: null,
          };
        }
      }
    }
    const start = this.promptStart;
    if (start !== null && !start.marker.isDisposed && start.marker.line >= 0) {
      const full = this.screen.textBetween(start.marker.line, start.col, Math.max(endRow, start.marker.line + 1));
      const known = [this.linePrompt, ...this.shellPrompts]
        .filter((p) => p !== '' && full.startsWith(p))
        .sort((a, b) => b.length - a.length)[0];
      if (known !== undefined) {
        this.linePrompt = known;
        return { text: full.slice(known.length), method: 'screen', guess: null };
      }
    }
    const guess = this.keys.unknown
      ? 'the line was no longer on screen and used keys whose effect only the shell knows (Tab, history); rebuilt from the keystrokes, may be incomplete'
      : 'the line was no longer on screen where it was typed (cleared or redrawn); rebuilt from the keystrokes';
    return { text: this.keys.text, method: 'keystrokes', guess };
  }

  /** A line the shell accepted: a continuation, one command, or several (a multi-line paste). */
  private recordShellLine(enterUs: number, read: LineRead, ackUs: number, ackOffset: number): void {
    const prompt = this.linePrompt;
    if (read.text.trim() === '') return; // an empty line runs nothing and bash keeps no history of it
    // Only at PS2 can a line continue a command (checked first: the test renders the open output).
    const open = isContinuationPrompt(prompt) ? this.openForContinuation() : null;
    if (open !== null) {
      const joined = joinContinuation(open.text, read.text);
      open.text = isComplete(joined) ? finishEntry(joined) : joined;
      this.output = { command: open, startUs: ackUs, startOffset: ackOffset, chunks: [], bytes: 0 };
      return;
    }
    const entries = read.text.includes('\n') ? splitCompleteCommands(read.text) : [read.text];
    for (const text of entries) {
      const kind = this.resemblesShellPrompt(prompt) || !this.runningLineProgram() ? 'shell' : 'program-input';
      this.record({ atUs: enterUs, text, kind, method: read.method, guess: read.guess, prompt }, ackUs, ackOffset);
    }
  }

  private record(
    line: {
      atUs: number;
      text: string;
      kind: ExtractedCommand['kind'];
      method: ExtractedCommand['method'];
      guess: string | null;
      prompt: string;
    },
    ackUs: number,
    ackOffset: number,
  ): ExtractedCommand {
    this.closeOutput(ackUs, ackOffset);
    const parent = line.kind === 'program-input' ? this.running : null;
    const expanded = line.kind === 'shell' ? expandHistory(line.text, this.shellHistory()) : null;
    const command: ExtractedCommand = {
      atUs: line.atUs,
      text: expanded ?? line.text,
      kind: line.kind,
      method: line.method,
      guess: line.guess,
      prompt: line.prompt.trimEnd() === '' ? null : line.prompt,
      ...(line.kind === 'shell' ? parsePrompt(line.prompt) : { user: null, host: null, cwd: null }),
      programName: parent !== null ? programName(parent.command.text) : null,
      parentIndex: parent?.index ?? null,
      output: '',
      outputStartUs: ackUs,
      outputEndUs: ackUs,
      outputStartOffset: ackOffset,
      outputEndOffset: ackOffset,
      exitStatus: null,
    };
    this.emit(this.recent.length);
    this.recent.push(command);
    if (expanded !== null) this.expanded.add(command);
    if (line.kind === 'shell') {
      this.running = { index: this.emitted, command };
      if (!isContinuationPrompt(line.prompt) && line.prompt !== '' && !this.shellPrompts.includes(line.prompt))
        this.shellPrompts.push(line.prompt);
    }
    this.output = { command, startUs: ackUs, startOffset: ackOffset, chunks: [], bytes: 0 };
    return command;
  }

  private shellHistory(): string[] {
    return [...this.history, ...this.recent.filter((c) => c.kind === 'shell').map((c) => c.text)];
  }

  private runningLineProgram(): boolean {
    return this.running !== null && startsLineProgram(this.running.command.text);
  }

  private resemblesShellPrompt(prompt: string): boolean {
    if (this.shellPrompts.length === 0) return true;
    return this.shellPrompts.some(
      (p) =>
        p === prompt ||
        (p.length >= 4 &&
          prompt.length >= 4 &&
          p.slice(0, 3) === prompt.slice(0, 3) &&
          p.slice(-2) === prompt.slice(-2)),
    );
  }

  /** The last command, if it is a shell command that printed nothing yet: the shell may be asking for more of it (PS2). */
  private openForContinuation(): ExtractedCommand | null {
    const last = this.recent.at(-1);
    if (last === undefined || last.kind !== 'shell') return null;
    if (this.output !== null && this.output.command !== last) return null;
    const printed =
      this.output !== null ? plainOutput(new TextDecoder().decode(Buffer.concat(this.output.chunks))) : last.output;
    return printed.trim() === '' ? last : null;
  }

  private trackFullscreen(atUs: number): void {
    const alternate = this.screen.alternateScreen;
    if (alternate && !this.alternate) {
      const by = this.running !== null ? this.running.command.text : null;
      this.fullscreenStart = { atUs, detail: by };
      this.resetProgramLine();
      this.keys.reset();
    } else if (!alternate && this.alternate && this.fullscreenStart !== null) {
      this.marks.push({
        atUs: this.fullscreenStart.atUs,
        endUs: atUs,
        kind: 'fullscreen',
        detail: this.fullscreenStart.detail,
      });
      this.fullscreenStart = null;
    }
    this.alternate = alternate;
  }

  private appendOutput(data: Uint8Array): void {
    const out = this.output!;
    if (out.bytes < MAX_OUTPUT_TEXT_BYTES) out.chunks.push(data.slice(0, MAX_OUTPUT_TEXT_BYTES - out.bytes));
    out.bytes += data.length;
  }

  private closeOutput(endUs: number, endOffset: number): void {
    const out = this.output;
    if (out === null) return;
    this.output = null;
    let text = plainOutput(new TextDecoder().decode(Buffer.concat(out.chunks)));
    const command = out.command;
    if (command === null) {
      if (text.trim() !== '')
        this.sink.stray({ startUs: out.startUs, endUs, startOffset: out.startOffset, endOffset, text });
      return;
    }
    // bash prints the line a history expansion (!!, ^old^new) produced before running it.
    if (this.expanded.delete(command) && text.split('\n', 1)[0] === command.text)
      text = text.slice(command.text.length + 1);
    Object.assign(command, {
      output: text,
      outputEndUs: endUs,
      outputEndOffset: endOffset,
      outputStartUs: out.startUs,
      outputStartOffset: out.startOffset,
    });
  }
}

function hasVisibleText(data: Uint8Array): boolean {
  return stripControls(new TextDecoder().decode(data)).trim() !== '';
}
