import type { ExtractedCommand, ExtractedMark, ExtractionResult, OutputSegment } from '../extraction-types';
import { KeystrokeLine, splitKeys } from './keystroke-line';
import { stripControls } from '../../terminal/render-transcript';
import { plainOutput } from './plain-output';
import { startsLineProgram, programName } from './program-kind';
import { isContinuationPrompt, parsePrompt } from './prompt-info';
import type { ScreenPosition, TerminalScreen } from './terminal-screen';

const MAX_OUTPUT_TEXT_BYTES = 1 << 20; // per command, for reading and search; offsets stay exact

interface PendingLine {
  atUs: number;
  /** The shell (readline) was reading the line; otherwise a program reading the terminal. */
  readline: boolean;
}

interface OpenOutput {
  command: ExtractedCommand | null;
  startUs: number;
  startOffset: number;
  chunks: Uint8Array[];
  bytes: number;
}

/**
 * The extraction state machine. Its methods are probes: each runs right after the terminal
 * has parsed all output recorded before that moment, so the screen is the one the user saw.
 *
 * How a line is recognised: bash (readline) switches bracketed-paste mode on while it reads a
 * line and off once Enter is accepted, after redrawing the final line. So at the first newline
 * the shell sends after Enter, the rows from where the line started (the cursor when its
 * first key was pressed, right after the prompt) to the cursor hold exactly what the shell
 * received: edits, completions, history recalls and wraps already resolved.
 */
export class ShellExtractor {
  readonly commands: ExtractedCommand[] = [];
  readonly marks: ExtractedMark[] = [];
  readonly strayOutput: OutputSegment[] = [];

  private readonly keys = new KeystrokeLine();
  private readonly inputDecoder = new TextDecoder();
  private lineStart: ScreenPosition | null = null;
  private linePrompt = '';
  private inPaste = false;
  private pending: PendingLine | null = null;
  private output: OpenOutput | null = null;
  /** Prompts that shell commands followed: a line at such a prompt is the shell's again. */
  private readonly shellPrompts: string[] = [];
  /** Index of the last shell command: what is running, or ran last. */
  private running: number | null = null;
  private sawReadline = false;
  private inputSeen = false;
  private promptPending = false;
  private readlineOn = false;
  private alternate = false;
  private fullscreenStart: { atUs: number; detail: string | null } | null = null;

  constructor(private readonly screen: TerminalScreen) {
    this.output = { command: null, startUs: 0, startOffset: 0, chunks: [], bytes: 0 };
  }

  /**
   * After each piece of output has been parsed. `newlineBefore`: the piece ends by switching
   * bracketed paste off right after a newline (an accepted line ends so; a Ctrl-C'd one with "^C").
   */
  onOutput(atUs: number, data: Uint8Array, startOffset: number, endOffset: number, newlineBefore: boolean): void {
    const readline = this.screen.bracketedPaste;
    if (readline && !this.readlineOn) {
      // The shell starts reading a new line: what came before this piece was the output.
      this.sawReadline = true;
      this.closeOutput(atUs, startOffset);
      this.promptPending = !this.inputSeen;
    } else if (this.output !== null) {
      this.appendOutput(data);
    }
    if (!this.inputSeen) this.followOutputOnly(atUs, data, readline, endOffset, newlineBefore);
    this.readlineOn = readline;
    const alternate = this.screen.alternateScreen;
    if (alternate && !this.alternate) {
      const by = this.running !== null ? this.commands[this.running]!.text : null;
      this.fullscreenStart = { atUs, detail: by };
      this.resetLine();
    } else if (!alternate && this.alternate && this.fullscreenStart !== null) {
      this.marks.push({ atUs: this.fullscreenStart.atUs, endUs: atUs, kind: 'fullscreen', detail: this.fullscreenStart.detail });
      this.fullscreenStart = null;
    }
    this.alternate = alternate;
  }

  /**
   * Recordings without keystrokes (the official tool's ZIP): the line starts where the prompt
   * ends, and the shell accepting it (bracketed paste switched off after a newline) is Enter.
   */
  private followOutputOnly(atUs: number, data: Uint8Array, readline: boolean, endOffset: number, newlineBefore: boolean): void {
    if (this.promptPending && readline && stripControls(new TextDecoder().decode(data)).trim() !== '') {
      this.resetLine();
      this.ensureLineStart();
      this.promptPending = false;
    }
    if (readline || !this.readlineOn || this.lineStart === null) return;
    if (!newlineBefore) {
      this.abandonLine(atUs, this.readLine(this.screen.cursorRow + 1).text.replace(/\^C$/, ''));
      return;
    }
    const read = this.readLine(this.screen.cursorRow);
    this.recordLine({ atUs, readline: true }, read.text, read.method, read.guess, atUs, endOffset);
  }

  /** A client input event: keystrokes, a paste, or typeahead. */
  onInput(atUs: number, data: Uint8Array, outputOffset: number): void {
    this.inputSeen = true;
    const text = this.inputDecoder.decode(data, { stream: true });
    for (const key of splitKeys(text)) {
      if (this.inPaste) {
        if (key === '\x1b[201~') this.inPaste = false;
        else this.keys.insert(key === '\r' ? '\n' : key);
        continue;
      }
      if (key === '\x1b[200~') {
        this.ensureLineStart();
        this.inPaste = true;
        continue;
      }
      if (this.screen.alternateScreen) continue; // keys for vim, less, top: never shell commands
      if (key === '\r' || key === '\n') {
        this.submit(atUs, outputOffset);
      } else if (key === '\x03') {
        this.abandon(atUs);
      } else {
        this.ensureLineStart();
        if (key.charCodeAt(0) >= 0x20 && key !== '\x7f' && key[0] !== '\x1b') this.keys.insert(key);
        else this.keys.key(key);
      }
    }
  }

  /** Right after the first newline the terminal received following an Enter. */
  onAck(atUs: number, offset: number): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const read = this.readLine(this.screen.cursorRow);
    this.recordLine(pending, read.text, read.method, read.guess, atUs, offset);
  }

  onResize(atUs: number, cols: number, rows: number): void {
    this.marks.push({ atUs, endUs: null, kind: 'resize', detail: `${cols}x${rows}` });
  }

  /** The recording ended: close what is open. */
  finish(endUs: number, endOffset: number): ExtractionResult {
    if (this.pending !== null) {
      const pending = this.pending;
      this.pending = null;
      const read = this.readLine(this.screen.cursorRow + 1);
      this.recordLine(pending, read.text, read.method, read.guess ?? 'the recording ends before the shell acknowledged Enter', endUs, endOffset);
    }
    this.closeOutput(endUs, endOffset);
    if (this.fullscreenStart !== null) this.marks.push({ atUs: this.fullscreenStart.atUs, endUs: null, kind: 'fullscreen', detail: this.fullscreenStart.detail });
    this.marks.sort((a, b) => a.atUs - b.atUs);
    return { commands: this.commands, marks: this.marks, strayOutput: this.strayOutput };
  }

  private ensureLineStart(): void {
    if (this.lineStart !== null) return;
    this.lineStart = this.screen.markCursor();
    this.linePrompt = this.screen.rowPrefix(this.screen.cursorRow, this.screen.cursorCol);
  }

  private resetLine(): void {
    this.lineStart?.marker.dispose();
    this.lineStart = null;
    this.linePrompt = '';
    this.keys.reset();
  }

  private submit(atUs: number, outputOffset: number): void {
    this.ensureLineStart();
    const readline = this.screen.bracketedPaste;
    if (!readline) {
      // A program (not the shell's line editor) reads this line: did the terminal echo it?
      const shown = this.readLine(this.screen.cursorRow + 1).text;
      if (this.keys.typed > 0 && shown.trim() === '') {
        // Echo was off: a password or passphrase. Its text is never kept.
        this.marks.push({ atUs, endUs: null, kind: 'hidden-input', detail: this.linePrompt.trim() || null });
        this.resetLine();
        return;
      }
      if (this.keys.typed === 0 && shown === '') {
        this.resetLine();
        return;
      }
    }
    this.pending = { atUs, readline };
    void outputOffset;
  }

  private abandon(atUs: number): void {
    if (this.lineStart !== null && this.screen.bracketedPaste) this.abandonLine(atUs, this.readLine(this.screen.cursorRow + 1).text);
    else this.resetLine();
  }

  /** Ctrl-C on a line being edited: it never ran. At PS2 the whole unfinished command goes. */
  private abandonLine(atUs: number, text: string): void {
    {
      if (text.trim() !== '') this.marks.push({ atUs, endUs: null, kind: 'abandoned-input', detail: text });
      const last = this.openForContinuation();
      if (isContinuationPrompt(this.linePrompt) && last !== null) {
        // Ctrl-C at the continuation prompt discards the whole unfinished command.
        this.commands.pop();
        this.output = null;
        this.marks.push({ atUs, endUs: null, kind: 'abandoned-input', detail: last.text });
        this.running = this.commands.findLastIndex((c) => c.kind === 'shell');
        if (this.running < 0) this.running = null;
      }
    }
    this.resetLine();
  }

  /** The submitted line from the screen; falls back to the keystrokes when the screen lost it. */
  private readLine(endRow: number): { text: string; method: 'screen' | 'keystrokes'; guess: string | null } {
    const start = this.lineStart;
    if (start !== null && !start.marker.isDisposed && start.marker.line >= 0) {
      const row = start.marker.line;
      const promptStill = this.screen.rowPrefix(row, start.col) === this.linePrompt;
      if (promptStill) return { text: this.screen.textBetween(row, start.col, Math.max(endRow, row + 1)), method: 'screen', guess: null };
    }
    if (!this.keys.unknown) {
      return { text: this.keys.text, method: 'keystrokes', guess: 'the line was no longer on screen where it was typed (cleared or redrawn); rebuilt from the keystrokes' };
    }
    return {
      text: this.keys.text,
      method: 'keystrokes',
      guess: 'the line was no longer on screen and used keys whose effect only the shell knows (Tab, history); rebuilt from the keystrokes, may be incomplete',
    };
  }

  private recordLine(pending: PendingLine, text: string, method: 'screen' | 'keystrokes', guess: string | null, ackUs: number, ackOffset: number): void {
    const prompt = this.linePrompt;
    this.resetLine();
    if (text.trim() === '') return; // an empty line runs nothing and bash keeps no history of it
    const last = this.openForContinuation();
    if (pending.readline && isContinuationPrompt(prompt) && last !== null) {
      last.text += `\n${text}`;
      this.output = { command: last, startUs: ackUs, startOffset: ackOffset, chunks: [], bytes: 0 };
      return;
    }
    this.closeOutput(ackUs, ackOffset);
    const kind = this.classify(pending, prompt);
    const parent = kind === 'program-input' && this.running !== null ? this.running : null;
    const command: ExtractedCommand = {
      atUs: pending.atUs,
      text,
      kind,
      method,
      guess:
        guess ??
        (!pending.readline && !this.sawReadline && kind === 'shell'
          ? 'the shell did not announce line editing (no bracketed paste): every echoed line is taken as a command'
          : null),
      prompt: prompt.trimEnd() === '' ? null : prompt,
      ...(kind === 'shell' ? parsePrompt(prompt) : { user: null, host: null, cwd: null }),
      programName: parent !== null ? programName(this.commands[parent]!.text) : null,
      parentIndex: parent,
      output: '',
      outputStartUs: ackUs,
      outputEndUs: ackUs,
      outputStartOffset: ackOffset,
      outputEndOffset: ackOffset,
      exitStatus: null,
    };
    this.commands.push(command);
    if (kind === 'shell') {
      this.running = this.commands.length - 1;
      if (!isContinuationPrompt(prompt) && !this.shellPrompts.includes(prompt)) this.shellPrompts.push(prompt);
    }
    this.output = { command, startUs: ackUs, startOffset: ackOffset, chunks: [], bytes: 0 };
  }

  /**
   * Shell or program? A line at a prompt the shell showed before is the shell's. Otherwise, if
   * the last shell command started a line-reading program (python, psql, nc ...), the line
   * was typed into it; a program reading without the shell's line editor gets its lines too.
   */
  private classify(pending: PendingLine, prompt: string): ExtractedCommand['kind'] {
    const runningLineProgram = this.running !== null && startsLineProgram(this.commands[this.running]!.text);
    if (!pending.readline) return this.sawReadline || runningLineProgram ? 'program-input' : 'shell';
    if (this.resemblesShellPrompt(prompt)) return 'shell';
    return runningLineProgram ? 'program-input' : 'shell';
  }

  private resemblesShellPrompt(prompt: string): boolean {
    return this.shellPrompts.some(
      (p) => p === prompt || (p.length >= 4 && prompt.length >= 4 && p.slice(0, 3) === prompt.slice(0, 3) && p.slice(-2) === prompt.slice(-2)),
    );
  }

  /** The last command, if it is a shell command that printed nothing yet: the shell may be asking for more of it (PS2). */
  private openForContinuation(): ExtractedCommand | null {
    const last = this.commands.at(-1);
    if (last === undefined || last.kind !== 'shell') return null;
    if (this.output !== null && this.output.command !== last) return null;
    const printed = this.output !== null ? plainOutput(new TextDecoder().decode(Buffer.concat(this.output.chunks))) : last.output;
    return printed.trim() === '' ? last : null;
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
    const text = plainOutput(new TextDecoder().decode(Buffer.concat(out.chunks)));
    if (out.command !== null) {
      Object.assign(out.command, { output: text, outputEndUs: endUs, outputEndOffset: endOffset, outputStartUs: out.startUs, outputStartOffset: out.startOffset });
    } else if (text.trim() !== '') {
      this.strayOutput.push({ startUs: out.startUs, endUs, startOffset: out.startOffset, endOffset, text });
    }
  }
}
