import type { ExtractedCommand } from '../extraction-types';
import type { EditingMode } from './keys/typed-line';
import type { ProgramKind } from './programs/program-kind';

/** The shell dialects whose habits change what a line means (history, Ctrl-C at PS2, word motions). */
export type ShellDialect = 'bash' | 'zsh' | 'sh';

/** A shell that reads command lines: the recorded one, or one started inside it (bash, su -, a tmux window). */
export interface ShellState {
  id: number;
  /** null until a line shows it: a line editor with bracketed paste (bash), zle's redraw (zsh), none (sh). */
  dialect: ShellDialect | null;
  editing: EditingMode;
  /** The directory the shell last reported (OSC 7, OSC 633;P;Cwd=): its own, not a nested shell's. */
  cwd: string | null;
}

/** A program a shell command started, with what it does to the lines typed while it runs. */
export interface RunningProgram {
  /** Index of the shell command that started it. */
  index: number;
  command: ExtractedCommand;
  name: string | null;
  /** fullscreen: vim, less, top...: keys typed while it runs are its own, never lines. */
  kind: ProgramKind | 'fullscreen';
  shell: ShellState;
}

/** Who reads a line: a shell (its command), a program (its input), or nobody yet (type-ahead). */
export type LineReader =
  | { kind: 'shell'; shell: ShellState }
  | { kind: 'program'; program: RunningProgram }
  | { kind: 'typeahead'; program: RunningProgram };

/** Full-screen programs: keys typed into them are never lines, even inside tmux (no alternate screen seen then). */
const FULLSCREEN = new Set([
  'vim',
  'vi',
  'nvim',
  'view',
  'nano',
  'pico',
  'emacs',
  'mg',
  'joe',
  'less',
  'more',
  'most',
  'man',
  'top',
  'htop',
  'btop',
  'atop',
  'iotop',
  'watch',
  'mc',
  'ranger',
  'nmtui',
  'alsamixer',
  'tig',
  'lazygit',
  'k9s',
]);

export function isFullscreenProgram(name: string | null): boolean {
  return name !== null && FULLSCREEN.has(name);
}
