/**
 * What command extraction finds in one program's recording. Times are microseconds since
 * the program started; offsets are byte offsets into the program's server output stream
 * (the `show --raw` bytes), so the replay can seek to them.
 */

import type { HeadlessTerminal } from '../terminal/headless-terminal';

/** shell: run by the shell; exec: the program's given command; program-input: a line typed into another interactive program (python, psql, ...). */
export type CommandKind = 'shell' | 'exec' | 'program-input';

/** exec: given by the recording; screen: read off the emulated terminal; keystrokes: rebuilt from keystrokes alone (no echo). */
export type CommandMethod = 'exec' | 'screen' | 'keystrokes';

export interface ExtractedCommand {
  /** When Enter was pressed (exec: program start). */
  atUs: number;
  text: string;
  kind: CommandKind;
  method: CommandMethod;
  /** Why the reconstruction had to guess, in words; null when it did not. */
  guess: string | null;
  /** The prompt line the command followed, as plain text. */
  prompt: string | null;
  cwd: string | null;
  user: string | null;
  host: string | null;
  /** program-input: the program it was typed into (e.g. "python3") and the index of the shell command that started it. */
  programName: string | null;
  parentIndex: number | null;
  /** The output that followed, until the next prompt: plain text, and where it lies in time and bytes. */
  output: string;
  outputStartUs: number;
  outputEndUs: number;
  outputStartOffset: number;
  outputEndOffset: number;
  exitStatus: number | null;
}

/** Moments worth a mark on the timeline that are not commands. */
export type MarkKind = 'abandoned-input' | 'hidden-input' | 'fullscreen' | 'resize';

export interface ExtractedMark {
  atUs: number;
  endUs: number | null;
  kind: MarkKind;
  /** abandoned-input: the text that was abandoned; fullscreen: the command that ran it; hidden-input: never the secret, only e.g. the prompt text. */
  detail: string | null;
}

/** Output that belongs to no command (e.g. the banner before the first prompt). */
export interface OutputSegment {
  startUs: number;
  endUs: number;
  startOffset: number;
  endOffset: number;
  text: string;
}

export interface ExtractionResult {
  commands: ExtractedCommand[];
  marks: ExtractedMark[];
  strayOutput: OutputSegment[];
}

/**
 * Where extraction hands over what it found, as soon as it is final: memory stays bounded
 * however long the session. `index` counts commands from 0 in typing order; a program-input
 * command's `parentIndex` always names an earlier one.
 */
export interface ExtractionSink {
  command(command: ExtractedCommand, index: number): void;
  mark(mark: ExtractedMark): void;
  stray(segment: OutputSegment): void;
}

/** A sink that keeps everything (tests, the bench, small programs). */
export function collectingSink(): ExtractionSink & { result: ExtractionResult } {
  const result: ExtractionResult = { commands: [], marks: [], strayOutput: [] };
  return {
    result,
    command: (c) => void result.commands.push(c),
    mark: (m) => void result.marks.push(m),
    stray: (s) => void result.strayOutput.push(s),
  };
}

/**
 * Reads something else off the extractor's terminal as it plays a program (the replay's seek
 * snapshots), so a program is emulated once. The extractor's terminal is built like the
 * player's and fed decoded output the way the player writes it.
 */
export interface TerminalTap {
  /** Whether `take` is wanted at the next change of time, with this many output bytes played. */
  wants(outputOffset: number): boolean;
  /** Runs in the terminal's write queue once every event up to `atUs` has been parsed. */
  take(term: HeadlessTerminal, atUs: number, outputOffset: number): void;
  /**
   * The program has been played to its end. `faithful` is false when the extractor resized the
   * terminal where the recording has no resize (a width zsh drew for): the player would not.
   */
  end(faithful: boolean): void;
}
