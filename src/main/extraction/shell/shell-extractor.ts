import type { ExtractedCommand, ExtractedMark, ExtractionSink } from '../extraction-types';
import { programInputRecord, shellCommandRecord, twoLinePromptAbove, type LineFacts } from './command-records';
import { confirmedExpansion, expandHistory, mayExpand, type Expansion } from './history/history-expansion';
import { finishEntry, isComplete, joinContinuation, splitCompleteCommands } from './history/shell-grammar';
import { FullscreenSpans } from './fullscreen-spans';
import { KeylessLines } from './keyless-lines';
import { PASTE_END, PASTE_START, splitKeys } from './keys/split-keys';
import { TypedLine } from './keys/typed-line';
import { LineOnScreen } from './line-on-screen';
import { LineReaders } from './line-readers';
import { lineText } from './line-text';
import { OpenOutput } from './output/command-output';
import { goesBackUpAfter, indexOf, NO_PIECE, type PieceInfo, type PiecePlace } from './output-pieces';
import { cwdFromUrl, parseShellMark } from './prompts/shell-marks';
import type { LineReader, RunningProgram, ShellState } from './readers';
import type { ScreenHooks, ScreenPosition, TerminalScreen } from './terminal-screen';

export type { PieceInfo } from './output-pieces';

interface Line {
  screen: LineOnScreen;
  keys: TypedLine;
  enterUs: number | null;
  /** Alternate buffer: newlines the shell sends to reach the end of a line that spans rows, before its own. */
  rowsToSkip: number;
  /** A line editor was reading (bracketed paste on) while keys were typed. */
  editor: boolean;
  fromMark: boolean;
  /** The input event its first key came in: keys and Enter in one event (a paste) have not been echoed yet at Enter. */
  firstEvent: number;
  /** Whether the echo is to be checked when the line is accepted (it could not be at Enter). */
  echoUnknown: boolean;
  /** Printable keys typed one by one, and how many of them the output right after held: evidence of an echo. */
  echo: { keys: number; echoed: number; pending: string | null };
}

/** A line whose Enter came before anyone was seen reading it: a program reads it, or a shell once the program ends. */
interface TypedAhead {
  text: string;
  atUs: number;
  program: RunningProgram | null;
  prompt: string;
}

interface Accepted extends LineFacts {
  promptAbove: string | null;
  reader: LineReader;
}

/** An acceptance in the piece being parsed: its command's output starts at that place. */
interface AcceptedAt extends PiecePlace {
  command: ExtractedCommand | null;
}

/** What bash and zsh print for a history expansion they cannot resolve. */
const EXPANSION_FAILED =
  /^(?:-?\w+: )?(?:!.*: event not found|event not found: .*|no such event: .*|substitution failed)$/;
const MAX_TYPED_AHEAD = 32;
/** One printable character typed (not a control key, not an escape sequence). */
// eslint-disable-next-line no-control-regex -- control characters are what it excludes
const PRINTABLE_KEY = /^[^\x00-\x1f\x7f]$/u;
const MAX_HISTORY = 500;

/**
 * The extraction state machine. Keys build the line being typed; the screen says what the
 * line really is, because whoever reads it echoes it: a line editor (bash's readline, zsh's
 * zle, python's) redraws it after every key, the terminal's line discipline echoes it when
 * no editor runs (dash, cat, read). A line is accepted when, after Enter, the cursor leaves
 * its last row: it is read off the screen from where the first key was typed (the prompt's
 * end) to that row. Who read it decides what it is: the prompt it was typed at (learned per
 * shell and program), the program the last shell command started, a shell integration mark.
 *
 * Methods are probes and hooks: `onInput` runs once all output recorded before that input has
 * been parsed; hooks run while output is parsed, at the byte that causes them.
 */
export class ShellExtractor implements ScreenHooks {
  /** Commands not yet handed to the sink: only the last can still change (continuation, expansion). */
  private readonly recent: ExtractedCommand[] = [];
  private emitted = 0;
  private readonly history: string[] = [];
  private readonly marks: ExtractedMark[] = [];

  private readonly decoder = new TextDecoder();
  /** Pieces announced and not yet parsed (the emulator parses in batches): a queue read from `head`. */
  private pieces: PieceInfo[] = [];
  private head = 0;
  private lineFeeds = 0;
  private motions = 0;
  private output: OpenOutput | null = new OpenOutput(null, 0, 0);
  private acceptedAt: AcceptedAt | null = null;
  /** Commands interrupted at their continuation prompt: they take no more lines. */
  private readonly interrupted = new WeakSet<ExtractedCommand>();
  /** History expansions waiting for the line the shell prints before running them. */
  private readonly expansions = new Map<ExtractedCommand, Expansion | null>();

  private line: Line | null = null;
  /** Keys typed while the line before still waits for its reader: the next line, typed ahead. */
  private next: Line | null = null;
  private inPaste = false;
  private readonly typedAhead: TypedAhead[] = [];
  private sawInput = false;
  private inputEvents = 0;

  private readonly readers = new LineReaders(
    (beforeUs) => this.settleTypedAhead(beforeUs),
    () => this.screen.alternateScreen,
  );
  /** tmux or screen runs: its prefix key and the one after it are commands to it. */
  private multiplexerPrefix: string | null = null;
  private prefixPending = false;

  // shell integration
  private markedStart: ScreenPosition | null = null;
  private markedCommandLine: string | null = null;

  private readonly fullscreen = new FullscreenSpans(this.marks);
  private readonly keyless: KeylessLines;

  constructor(
    private readonly screen: TerminalScreen,
    private readonly sink: ExtractionSink,
  ) {
    screen.setHooks(this);
    this.keyless = new KeylessLines(screen);
  }

  /** Announces the next output piece before it is written (its time and bytes, for the hooks). */
  queuePiece(piece: PieceInfo): void {
    this.pieces.push(piece);
  }

  /** The driver saw zsh's line editor redraw a prompt, or bracketed paste switched on. */
  noteSignals(zle: boolean, bracketedPaste: boolean): void {
    this.readers.zleSeen ||= zle;
    this.readers.bracketedPasteSeen ||= bracketedPaste;
  }

  private get now(): PieceInfo {
    return this.pieces[this.head] ?? NO_PIECE;
  }

  /** After each announced piece has been parsed. */
  onOutput(data: Uint8Array): void {
    const piece = this.pieces[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
    if (piece.promptStart) {
      this.output?.endAt(piece.startOffset);
      const line = this.line;
      // read -s sends no newline: the next prompt is drawn on the row of the hidden line
      if (
        line !== null &&
        line.enterUs !== null &&
        line.echoUnknown &&
        line.screen.read(line.screen.lastRow()).text === ''
      )
        this.hidden(line, line.enterUs);
    }
    for (const line of [this.line, this.next]) {
      const echo = line?.enterUs === null ? line.echo : null;
      if (echo?.pending == null) continue;
      if (isEchoOf(Buffer.from(data.buffer, data.byteOffset, data.byteLength), echo.pending)) echo.echoed++;
      echo.pending = null;
    }
    if (!this.sawInput) {
      const read = this.keyless.onOutput(data, piece.newlineBefore);
      if (read !== null) this.acceptKeyless(read.text, read.prompt, piece);
    }
    const at = this.acceptedAt;
    this.acceptedAt = null;
    this.lineFeeds = 0;
    this.motions = 0;
    if (at === null) {
      this.output?.append(data);
    } else {
      const cut = indexOf(data, at);
      this.output?.append(data.subarray(0, cut));
      this.closeOutput(piece.atUs, piece.startOffset + cut);
      this.output = new OpenOutput(at.command, piece.atUs, piece.startOffset + cut);
      this.output.append(data.subarray(cut));
    }
    this.trackFullscreen(piece.atUs);
    this.watchRowsIfNeeded();
  }

  /** Line feeds and cursor motions matter only while a line waits to be accepted or typed-ahead lines to be read. */
  private watchRowsIfNeeded(): void {
    this.screen.watchRows((this.line !== null && this.line.enterUs !== null) || this.typedAhead.length > 0);
  }

  /** A client input event: keystrokes, a paste, or typeahead. */
  onInput(atUs: number, data: Uint8Array): void {
    this.sawInput = true;
    this.inputEvents++;
    for (const key of splitKeys(this.decoder.decode(data, { stream: true }))) this.onKey(atUs, key);
    this.watchRowsIfNeeded();
  }

  onResize(atUs: number, cols: number, rows: number, why: string | null = null): void {
    this.marks.push({ atUs, endUs: null, kind: 'resize', detail: `${cols}x${rows}${why === null ? '' : ` (${why})`}` });
  }

  // ---- hooks, while output is parsed

  lineFeed(): void {
    this.lineFeeds++;
    const line = this.line;
    if (line !== null && line.enterUs !== null) {
      if (this.screen.alternateScreen) {
        if (line.rowsToSkip > 0) line.rowsToSkip--;
        else this.accept(line, this.screen.cursorRow - 1, 'line-feed');
        return;
      }
      const last = line.screen.lastRow();
      if (this.screen.cursorRow > last && !goesBackUpAfter(this.now.data, this.lineFeeds))
        this.accept(line, last, 'line-feed');
      return;
    }
    if (this.typedAhead.length > 0 && (line === null || line.keys.typed === 0 || line.screen.prompt === ''))
      this.readAhead(this.screen.cursorRow - 1);
  }

  cursorMove(toRow: number): void {
    this.motions++;
    const line = this.line;
    if (line === null || line.enterUs === null) return;
    const from = this.screen.cursorRow;
    if (this.screen.alternateScreen) {
      if (toRow !== from + 1) return;
      if (line.rowsToSkip > 0) line.rowsToSkip--;
      else this.accept(line, from, 'motion');
      return;
    }
    const last = line.screen.lastRow();
    if (toRow > last && (toRow === last + 1 || from === last)) this.accept(line, last, 'motion');
  }

  shellMark(_code: 133 | 633, data: string): void {
    const mark = parseShellMark(data);
    if (mark === null) return;
    switch (mark.kind) {
      case 'prompt-start':
        this.markedStart?.marker?.dispose();
        this.markedStart = null;
        return;
      case 'input-start':
        this.markedStart?.marker?.dispose();
        this.markedStart = this.screen.markCursor();
        return;
      case 'command-line':
        this.markedCommandLine = mark.text;
        return;
      case 'executed':
        if (this.line !== null && this.line.enterUs !== null)
          this.accept(this.line, this.line.screen.lastRow(), 'piece');
        return;
      case 'finished': {
        const last = [...this.recent].reverse().find((c) => c.kind === 'shell');
        if (last !== undefined && last.exitStatus === null) last.exitStatus = mark.exitStatus;
        return;
      }
      case 'cwd':
        this.readers.shell.cwd = mark.path;
        return;
    }
  }

  workingDirectory(uri: string): void {
    this.readers.shell.cwd = cwdFromUrl(uri) ?? this.readers.shell.cwd;
  }

  // ---- keys

  private onKey(atUs: number, key: string): void {
    if (this.inPaste) {
      if (key === PASTE_END) this.inPaste = false;
      this.typingLine().keys.key(key);
      return;
    }
    if (this.screen.alternateScreen && this.multiplexerPrefix === null) return; // vim, less, top: never lines
    if (this.prefixPending) {
      // a tmux/screen command (new window, next, detach...): the screen is repainted, a new line starts
      this.prefixPending = false;
      this.dropLines();
      return;
    }
    if (this.multiplexerPrefix !== null && this.screen.alternateScreen && key === this.multiplexerPrefix) {
      this.prefixPending = true;
      return;
    }
    if (this.readers.running?.kind === 'fullscreen' && !this.readers.backAtShellPrompt(this.promptAtCursor())) return; // keys for top, vim in tmux
    if (key === '\r' || key === '\n') return this.enter(atUs);
    if (key === '\x03') return this.interrupt(atUs);
    const current = this.next ?? this.line;
    if ((key === '\x04' && (current === null || current.keys.typed === 0)) || key === '\x1a') {
      // end of input at an empty line, or a job stopped: nothing to read
      if (this.next !== null) this.dropNext();
      else if (this.line?.enterUs === null) this.dropLine();
      return;
    }
    const line = this.typingLine();
    if (key === PASTE_START) this.inPaste = true;
    line.keys.key(key);
    line.echo.pending = null;
    if (PRINTABLE_KEY.test(key)) {
      line.echo.keys++;
      line.echo.pending = key;
    }
    if (this.screen.bracketedPaste) line.editor = true;
    line.screen.noteCursor();
  }

  private promptAtCursor(): string {
    return this.screen.rowPrefix(this.screen.cursorRow, this.screen.cursorCol);
  }

  /** The line keys go to: the one at the prompt, or the next one when that waits for its reader. */
  private typingLine(): Line {
    if (this.line !== null && this.line.enterUs !== null) return (this.next ??= this.newLine());
    return (this.line ??= this.startLine());
  }

  private newLine(): Line {
    const mark = this.markedStart;
    this.markedStart = null;
    return {
      screen: new LineOnScreen(this.screen, mark),
      keys: new TypedLine(this.readers.shell.editing, this.readers.shell.dialect === 'zsh' ? 'zle' : 'readline'),
      enterUs: null,
      rowsToSkip: 0,
      editor: this.screen.bracketedPaste,
      fromMark: mark !== null,
      firstEvent: this.inputEvents,
      echoUnknown: false,
      echo: { keys: 0, echoed: 0, pending: null },
    };
  }

  /** The first key at a prompt: the output before it ended where the prompt was drawn. */
  private startLine(): Line {
    const line = this.newLine();
    const running = this.readers.running;
    if (this.output !== null && (running === null || running.kind !== 'other' || line.screen.prompt !== '')) {
      const info = this.now;
      this.closeOutput(info.atUs, this.output.endOffset ?? info.startOffset, {
        line: line.screen.prompt,
        above: twoLinePromptAbove(line.screen),
      });
    }
    return line;
  }

  private enter(atUs: number): void {
    if (this.line !== null && this.line.enterUs !== null) {
      // Enter while the line before still waits for its reader: a whole line typed ahead
      const next = this.next ?? this.newLine();
      this.next = null;
      this.queueAhead(next, atUs);
      return;
    }
    const line = (this.line ??= this.startLine());
    line.screen.noteCursor();
    if (this.screen.bracketedPaste) line.editor = true;
    const shown = line.screen.read(line.screen.lastRow()).text;
    if (line.keys.typed > 0 && shown === '' && !echoed(line)) {
      if (line.firstEvent !== this.inputEvents) return this.hidden(line, atUs);
      line.echoUnknown = true; // typed with its Enter in one go: the echo is still to come
    }
    line.enterUs = atUs;
    if (this.screen.alternateScreen) {
      const below = this.screen.cursorRow - this.screen.rowOf(line.screen.start);
      line.rowsToSkip = below < 0 ? 0 : Math.max(0, line.screen.rowsToEnd - below);
    }
  }

  /** A line typed ahead with its Enter: its text is the keys' (checked when its reader echoes or runs it). */
  private queueAhead(line: Line, atUs: number): void {
    const text = line.keys.editorText ?? line.keys.tty.text;
    line.screen.dispose();
    if (text.trim() === '' || this.typedAhead.length >= MAX_TYPED_AHEAD) return;
    this.typedAhead.push({ text, atUs, program: null, prompt: '' });
  }

  /** Ctrl-C: the line being typed never ran; a program that ran was interrupted, and what was typed ahead dropped. */
  private interrupt(atUs: number): void {
    if (this.next !== null) return this.dropNext();
    const line = this.line;
    if (line !== null && line.enterUs === null) {
      const read = line.screen.read(line.screen.lastRow());
      const text = read.text.replace(/\^C$/, '');
      if (text.trim() !== '') this.marks.push({ atUs, endUs: null, kind: 'abandoned-input', detail: text });
      this.abandonContinuation(read.prompt);
      this.dropLine();
    }
    if (this.readers.running !== null && this.readers.running.kind !== 'line-program') {
      // The terminal discards what was typed ahead when the interrupt kills the program.
      for (const t of this.typedAhead.splice(0))
        this.marks.push({ atUs, endUs: null, kind: 'abandoned-input', detail: t.text });
    }
  }

  /** Ctrl-C at a continuation prompt: bash keeps the lines typed so far in its history, unrun; zsh and sh drop them. */
  private abandonContinuation(prompt: string): void {
    const open = this.openForContinuation(prompt);
    if (open === null) return;
    if (this.readers.shell.dialect === 'bash' || this.readers.shell.dialect === null) {
      open.guess =
        'interrupted with Ctrl-C at the continuation prompt: bash records it in its history but never ran it';
      this.interrupted.add(open);
    } else {
      this.recent.splice(this.recent.indexOf(open), 1);
      this.marks.push({ atUs: open.atUs, endUs: null, kind: 'abandoned-input', detail: open.text });
      this.output = null;
      this.readers.running = null;
    }
  }

  /** Echo was off: a password or passphrase. Its text is never kept, only that something was typed. */
  private hidden(line: Line, atUs: number): void {
    this.marks.push({ atUs, endUs: null, kind: 'hidden-input', detail: line.screen.prompt.trim() || null });
    if (this.line === line) this.dropLine();
    else line.screen.dispose();
  }

  private dropLine(): void {
    this.line?.screen.dispose();
    this.line = this.next;
    this.next = null;
  }

  private dropNext(): void {
    this.next?.screen.dispose();
    this.next = null;
  }

  private dropLines(): void {
    this.dropNext();
    this.dropLine();
  }

  // ---- accepting lines

  /** The cursor leaves the line's last row (`lastRow`): its reader has it. */
  private accept(line: Line, lastRow: number, by: AcceptedAt['by']): void {
    const promptEnd = (text: string): number => this.readers.prompts.endOfPromptIn(text, () => true);
    const read = line.screen.read(Math.max(lastRow, 0), promptEnd);
    this.line = this.next;
    this.next = null;
    if (line.echoUnknown && read.text === '') return this.hidden(line, line.enterUs ?? this.now.atUs);
    const typedBeforePrompt = line.screen.prompt === '';
    // a prompt drawn over since the line started says nothing: the one it was typed at does
    const prompt = read.promptFound ? read.prompt : line.screen.prompt;
    const reader = this.readers.readerOf({
      marked: line.fromMark,
      continues: this.openForContinuation(prompt) !== null,
      prompt,
      text: read.text,
      typedBeforePrompt,
      enterUs: line.enterUs ?? Infinity,
    });
    const shell = reader.kind === 'shell' ? reader.shell : null;
    if (shell !== null && shell.dialect === null && line.editor) shell.dialect = 'bash';
    const chosen = lineText({
      screenText: read.text,
      typedBeforePrompt,
      promptFound: read.promptFound,
      keys: line.keys,
      editor: line.editor || shell?.dialect === 'bash' || shell?.dialect === 'zsh',
      zle: shell?.dialect === 'zsh',
      promptEnd,
    });
    // The terminal echoed control characters the keys sent: no line editor reads for this shell (dash).
    // eslint-disable-next-line no-control-regex -- control characters in what ran
    if (shell !== null && shell.dialect === null && /[\x00-\x08\x0b-\x1f\x7f]/.test(chosen.text)) shell.dialect = 'sh';
    const accepted: Accepted = {
      ...chosen,
      prompt,
      promptAbove: twoLinePromptAbove(line.screen),
      atUs: line.enterUs ?? this.now.atUs,
      reader,
    };
    line.screen.dispose();
    if (this.markedCommandLine !== null && reader.kind === 'shell') {
      accepted.text = this.markedCommandLine; // the shell said what it runs (OSC 633;E)
      this.markedCommandLine = null;
    }
    const command = this.recordLine(accepted);
    if (command !== undefined)
      this.acceptedAt = { command, by, ordinal: by === 'line-feed' ? this.lineFeeds : this.motions };
  }

  /** Lines typed ahead (before `beforeUs`) that no shell read when its prompt came back: the program read them. */
  private settleTypedAhead(beforeUs = Infinity): void {
    const n = this.typedAhead.findIndex((t) => t.atUs >= beforeUs);
    for (const t of this.typedAhead.splice(0, n < 0 ? this.typedAhead.length : n)) {
      const running = this.readers.running;
      const program = t.program ?? (running?.kind === 'line-program' ? running : null);
      const facts = { text: t.text, atUs: t.atUs, method: 'screen' as const, guess: null, prompt: t.prompt };
      if (program !== null) this.push(programInputRecord(facts, program));
      else {
        const guess = 'typed ahead: no prompt was seen reading it; rebuilt from the keystrokes';
        this.pushShellCommand({ ...facts, method: 'keystrokes', guess }, null, this.readers.shell);
      }
    }
  }

  /** A line was accepted: record it as what its reader makes of it. Returns the command whose output follows (undefined: none changes). */
  private recordLine(a: Accepted): ExtractedCommand | null | undefined {
    if (a.reader.kind === 'typeahead') {
      if (a.text.trim() !== '' && this.typedAhead.length < MAX_TYPED_AHEAD)
        this.typedAhead.push({ text: a.text, atUs: a.atUs, program: a.reader.program, prompt: a.prompt });
      return undefined;
    }
    if (a.reader.kind === 'program') {
      const program = a.reader.program;
      this.readers.prompts.learn(a.prompt, a.reader);
      if (a.text.trim() === '') {
        // an empty line (it ends a python block): what follows is output of the block
        const last = this.recent.at(-1);
        return last?.kind === 'program-input' && last.parentIndex === program.index ? last : null;
      }
      return this.push(programInputRecord(a, program));
    }
    const shell = a.reader.shell;
    // Only a command still open (incomplete, nothing printed) takes more lines, whatever its PS2 looks like.
    const open = this.openForContinuation(a.prompt);
    if (open !== null) {
      const joined = joinContinuation(open.text, a.text);
      const complete = isComplete(joined);
      // bash's history keeps the newline after a here-document's delimiter
      open.text = complete && shell.dialect !== 'sh' && shell.dialect !== 'zsh' ? finishEntry(joined) : joined;
      // zsh records a command when it is complete; bash when its first line was entered
      if (shell.dialect === 'zsh') open.atUs = a.atUs;
      if (complete) this.readers.commandRecorded(open, this.emitted + this.recent.indexOf(open), shell);
      return open;
    }
    this.readers.prompts.learn(a.prompt, a.reader);
    if (a.text.trim() === '') return null; // an empty line runs nothing and no shell records it
    let last: ExtractedCommand | null = null;
    // bash runs (and records) each complete command of a buffer apart; zsh keeps the buffer whole
    const entries = a.text.includes('\n') && shell.dialect !== 'zsh' ? splitCompleteCommands(a.text) : [a.text];
    for (const text of entries) last = this.pushShellCommand({ ...a, text }, a.promptAbove, shell);
    return last;
  }

  /** Records a command of `shell`; a history expansion in it waits for the line the shell prints. */
  private pushShellCommand(facts: LineFacts, promptAbove: string | null, shell: ShellState): ExtractedCommand {
    const command = shellCommandRecord(facts, promptAbove, shell);
    if (shell.dialect !== 'sh' && mayExpand(command.text))
      this.expansions.set(command, expandHistory(command.text, this.shellHistory()));
    this.push(command);
    this.readers.commandRecorded(command, this.emitted + this.recent.length - 1, shell);
    return command;
  }

  /** Lines typed ahead are read once a prompt is on the row the cursor leaves: echoed after it by an editor, or run silently. */
  private readAhead(row: number): void {
    if (row < 0) return;
    const text = this.screen.textOfRows(row, 0, row);
    const found = this.readers.prompts.lastPromptIn(text);
    if (found === null || found.reader.kind === 'typeahead') return;
    const { end, reader } = found;
    const prompt = text.slice(0, end);
    const t = this.typedAhead.shift()!;
    if (reader.kind === 'shell') {
      this.settleTypedAhead(); // anything typed ahead before it went to the program
      this.readers.running = null;
    }
    // A line editor reads the keys now and echoes the line it made of them after its prompt; with
    // no editor (dash) what follows the prompt is already the command's output.
    const shown = text.slice(end);
    // (a shell not yet known to have an editor: an echo starts as the line did, output rarely does)
    const dialect = reader.kind === 'shell' ? reader.shell.dialect : 'sh';
    const editor =
      dialect === 'bash' || dialect === 'zsh' || (dialect === null && shown.slice(0, 2) === t.text.slice(0, 2));
    const echoed = shown === t.text || (editor && shown.trim() !== '');
    const command = this.recordLine({
      text: echoed ? shown : t.text,
      method: echoed ? 'screen' : 'keystrokes',
      guess: null,
      prompt,
      promptAbove: null,
      atUs: this.now.atUs,
      reader,
    });
    if (command !== undefined) this.acceptedAt = { command, by: 'line-feed', ordinal: this.lineFeeds };
  }

  /** A recording without keystrokes: a line editor accepted this line. */
  private acceptKeyless(text: string, prompt: string, piece: PieceInfo): void {
    const reader = this.readers.readerOf({
      marked: false,
      continues: this.openForContinuation(prompt) !== null,
      prompt,
      text,
      typedBeforePrompt: false,
      enterUs: piece.atUs,
    });
    this.closeOutput(piece.atUs, this.output?.endOffset ?? piece.startOffset);
    const command = this.recordLine({
      text,
      method: 'screen',
      guess: null,
      prompt,
      promptAbove: null,
      atUs: piece.atUs,
      reader,
    });
    if (command !== undefined) this.acceptedAt = { command, by: 'piece', ordinal: 0 };
  }

  /** The last command, if it is a shell command that printed nothing yet and is not complete: the shell asks for more (PS2). */
  private openForContinuation(prompt: string): ExtractedCommand | null {
    const last = this.recent.at(-1);
    if (last === undefined || last.kind !== 'shell' || isComplete(last.text) || this.interrupted.has(last)) return null;
    if (this.output !== null && this.output.command !== last) return null;
    const printed = this.output !== null ? this.output.text({ line: prompt, above: null }) : last.output;
    return printed.trim() === '' ? last : null;
  }

  private push(command: ExtractedCommand): ExtractedCommand {
    this.emit(this.recent.length);
    this.recent.push(command);
    return command;
  }

  /** Hands the first `n` unemitted commands to the sink. */
  private emit(n: number): void {
    for (const c of this.recent.splice(0, n)) {
      if (c.kind === 'shell') {
        this.history.push(c.text);
        if (this.history.length > MAX_HISTORY) this.history.shift();
      }
      this.expansions.delete(c);
      this.sink.command(c, this.emitted++);
    }
  }

  private shellHistory(): string[] {
    return [...this.history, ...this.recent.filter((c) => c.kind === 'shell').map((c) => c.text)];
  }

  // ---- output

  private closeOutput(
    endUs: number,
    endOffset: number,
    prompt: { line: string; above: string | null } | null = null,
  ): void {
    const out = this.output;
    if (out === null) return;
    this.output = null;
    let text = out.text(prompt);
    const end = out.endOffset ?? endOffset;
    const command = out.command;
    if (command === null) {
      if (text.trim() !== '')
        this.sink.stray({ startUs: out.startUs, endUs, startOffset: out.startOffset, endOffset: end, text });
      return;
    }
    const expansion = this.expansions.get(command);
    this.expansions.delete(command);
    if (expansion !== undefined && EXPANSION_FAILED.test(text.split('\n', 1)[0]!) && this.recent.at(-1) === command) {
      // bash and zsh refuse a history expansion they cannot resolve: nothing ran, nothing was recorded
      this.recent.pop();
      this.marks.push({ atUs: command.atUs, endUs: null, kind: 'abandoned-input', detail: command.text });
      return;
    }
    const confirmed = expansion === undefined ? null : confirmedExpansion(text, expansion);
    if (confirmed !== null) {
      command.text = confirmed.text;
      text = confirmed.output;
      if (confirmed.printOnly)
        command.guess =
          'history expansion with :p: the shell printed the line and kept it in its history, but never ran it';
    }
    Object.assign(command, {
      output: text,
      outputEndUs: endUs,
      outputEndOffset: end,
      outputStartUs: out.startUs,
      outputStartOffset: out.startOffset,
    });
  }

  private trackFullscreen(atUs: number): void {
    const running = this.readers.running;
    // top, watch and the like paint the main screen: full-screen by name until a shell prompt is back.
    const byName = running?.kind === 'fullscreen' && this.readers.knownPrompt(this.promptAtCursor())?.kind !== 'shell';
    const on = this.screen.alternateScreen || byName;
    const change = this.fullscreen.update(on, atUs, () => running?.command.text ?? null);
    if (change === 'entered') {
      // tmux and screen draw their windows on the alternate screen: each holds a shell
      if (running?.kind === 'multiplexer') this.multiplexerPrefix = running.name === 'screen' ? '\x01' : '\x02';
      else this.dropLines();
    } else if (change === 'left') {
      this.multiplexerPrefix = null;
      this.prefixPending = false;
    }
  }

  /** The recording ended: close what is open and hand everything over. */
  finish(endUs: number, endOffset: number): void {
    const line = this.line;
    if (line !== null && line.enterUs !== null) {
      this.accept(line, line.screen.lastRow(), 'piece');
      const last = this.recent.at(-1);
      if (last !== undefined && last.guess === null)
        last.guess = 'the recording ends before the shell accepted the line';
    }
    this.dropLines();
    this.settleTypedAhead();
    this.closeOutput(endUs, endOffset);
    this.fullscreen.finish();
    this.emit(this.recent.length);
    this.marks.sort((a, b) => a.atUs - b.atUs);
    for (const m of this.marks) this.sink.mark(m);
  }
}

/**
 * The output answered most keys with their character: the terminal or the shell echoed the line
 * (a screen that no longer shows it was redrawn, or drawn at widths the emulator disagrees with).
 * At an echo-off prompt nothing comes back, so a password is never taken for an echoed line.
 */
function echoed(line: Line): boolean {
  if (PASSWORD_PROMPT.test(line.screen.prompt)) return false;
  return line.echo.keys >= 4 && line.echo.echoed * 4 >= line.echo.keys * 3;
}

/** Prompts that ask for a secret: what is typed there is never taken for an echoed line. */
const PASSWORD_PROMPT = /pass(?:word|phrase)|\bpin\b|secret|verif/i;
const MAX_ECHO_TEXT = 8;

/**
 * An echo of one key: the output holds the key and little other text (escape sequences aside). A
 * program printing in the background while a password is typed sends lines of text, not that.
 */
function isEchoOf(output: Buffer, key: string): boolean {
  if (output.length > 512 || !output.includes(key)) return false;
  let text = 0;
  for (let i = 0; i < output.length; i++) {
    const b = output[i]!;
    if (b === 0x1b && output[i + 1] === 0x5b) {
      i += 2;
      while (i < output.length && (output[i]! < 0x40 || output[i]! > 0x7e)) i++;
      continue;
    }
    if (b >= 0x20 && (b < 0x80 || b >= 0xc0) && ++text > MAX_ECHO_TEXT) return false; // UTF-8: count lead bytes
  }
  return true;
}
