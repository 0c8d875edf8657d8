import type { ExtractedCommand } from '../extraction-types';
import { runningProgram } from './command-records';
import { isComplete } from './history/shell-grammar';
import { looksLikeShellPrompt, PromptMemory } from './prompts/prompt-memory';
import type { LineReader, RunningProgram, ShellDialect, ShellState } from './readers';

/** What is known about a line when its reader is decided. */
export interface LineClues {
  /** Typed after a shell integration mark (OSC 133;B): the shell's. */
  marked: boolean;
  /** The last shell command is incomplete and printed nothing: the shell asked for more of it. */
  continues: boolean;
  /** The prompt left of the line, and the line's text as shown. */
  prompt: string;
  text: string;
  /** The first key came before any prompt. */
  typedBeforePrompt: boolean;
  enterUs: number;
}

/**
 * Who reads the lines typed: the shells seen (the recorded one, those started inside it, the
 * windows of tmux and screen), the program the last command started, and the prompts each of
 * them drew. When a shell's prompt comes back, the program it ran has ended.
 */
export class LineReaders {
  readonly prompts = new PromptMemory<LineReader>();
  shell: ShellState = { id: 0, dialect: null, editing: 'emacs', cwd: null };
  running: RunningProgram | null = null;
  /** Evidence for a shell whose dialect is unknown: zle redrew a prompt, bracketed paste was switched on. */
  zleSeen = false;
  bracketedPasteSeen = false;
  private nextShellId = 1;

  constructor(
    /** The program ended: lines typed ahead before this time were its input. */
    private readonly programEnded: (beforeUs: number) => void,
    /** A multiplexer holds the screen (its command stays the running one while its windows are used). */
    private readonly inMultiplexer: () => boolean,
  ) {}

  /**
   * Who reads the line: a shell whose prompt it was typed at, the line program the last
   * command started, a shell that command started, or the program that runs (typed ahead).
   */
  readerOf(c: LineClues): LineReader {
    if (c.marked || c.continues) return this.shellReader(this.shell);
    const known = this.knownPrompt(c.prompt);
    if (known?.kind === 'shell') return this.shellReader(known.shell, c.enterUs);
    const running = this.running;
    if (running !== null && running.kind === 'line-program') return { kind: 'program', program: running };
    if (known?.kind === 'program') return known;
    if (running === null) return this.shellReader(this.shell);
    if (running.kind === 'shell' || running.kind === 'multiplexer') return this.shellReader(this.newShell(running));
    // another program runs: a shell prompt drawn before or during the line means it ended
    const promptInLine = c.typedBeforePrompt && this.prompts.endOfPromptIn(c.text, (r) => r.kind === 'shell') >= 0;
    if (promptInLine || (c.prompt !== '' && looksLikeShellPrompt(c.prompt))) return this.shellReader(this.shell);
    return { kind: 'typeahead', program: running };
  }

  /** Who drew this prompt, also when text a program left on the row precedes it ("Password: " of read -s). */
  knownPrompt(prompt: string): LineReader | undefined {
    return this.prompts.find(prompt) ?? this.prompts.endingOf(prompt);
  }

  /** A key at this prompt: is it a shell's again (the full-screen program that ran has ended)? */
  backAtShellPrompt(prompt: string): boolean {
    if (this.knownPrompt(prompt)?.kind !== 'shell') return false;
    this.running = null;
    return true;
  }

  /** A shell reads: the program that ran is over (unless a multiplexer's windows are in use). */
  shellReader(shell: ShellState, lineEnterUs = Infinity): LineReader {
    if (this.running !== null) this.programEnded(lineEnterUs);
    if (!(this.running?.kind === 'multiplexer' && this.inMultiplexer())) this.running = null;
    this.shell = shell;
    // Unknown stays unknown (bash's rules apply) until a line shows a line editor or its absence.
    shell.dialect ??= this.zleSeen ? 'zsh' : this.bracketedPasteSeen ? 'bash' : null;
    return { kind: 'shell', shell };
  }

  /** A shell command was recorded at `index`: what it starts reads the next lines; `set -o vi` and the like change its keys. */
  commandRecorded(command: ExtractedCommand, index: number, shell: ShellState): void {
    const text = command.text.trim();
    if (/^set\s+-o\s+vi\b|^bindkey\s+-v\b/.test(text)) shell.editing = 'vi';
    else if (/^set\s+-o\s+emacs\b|^bindkey\s+-e\b/.test(text)) shell.editing = 'emacs';
    this.running = isComplete(command.text) ? runningProgram(command, index, shell) : null;
  }

  /** A shell a command started (bash, su -, ssh, a window of tmux): its prompt is new. */
  private newShell(running: RunningProgram): ShellState {
    const name = running.name ?? '';
    const dialect: ShellDialect | null = /^(sh|dash|ash)$/.test(name) ? 'sh' : name === 'zsh' ? 'zsh' : null;
    return { id: this.nextShellId++, dialect, editing: 'emacs', cwd: null };
  }
}
