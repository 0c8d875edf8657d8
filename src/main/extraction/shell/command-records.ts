import type { ExtractedCommand } from '../extraction-types';
import type { LineOnScreen } from './line-on-screen';
import { programKind, programName } from './programs/program-kind';
import { parsePrompt } from './prompts/prompt-info';
import { isFullscreenProgram, type RunningProgram, type ShellState } from './readers';

/** What a line was, as the extractor made it out, before its output is known. */
export interface LineFacts {
  text: string;
  atUs: number;
  method: ExtractedCommand['method'];
  guess: string | null;
  prompt: string;
}

function record(
  facts: LineFacts,
  more: Pick<ExtractedCommand, 'kind' | 'user' | 'host' | 'cwd' | 'programName' | 'parentIndex'>,
): ExtractedCommand {
  return {
    atUs: facts.atUs,
    text: facts.text,
    method: facts.method,
    guess: facts.guess,
    prompt: facts.prompt.trimEnd() === '' ? null : facts.prompt,
    ...more,
    output: '',
    outputStartUs: 0,
    outputEndUs: 0,
    outputStartOffset: 0,
    outputEndOffset: 0,
    exitStatus: null,
  };
}

/** A command a shell ran: user, host and directory from its prompt (or the shell's own report). */
export function shellCommandRecord(facts: LineFacts, promptAbove: string | null, shell: ShellState): ExtractedCommand {
  const info = parsePrompt(facts.prompt, promptAbove);
  return record(facts, {
    kind: 'shell',
    user: info.user,
    host: info.host,
    cwd: shell.cwd ?? info.cwd,
    programName: null,
    parentIndex: null,
  });
}

/** A line typed into a program: its name and the shell command that started it. */
export function programInputRecord(facts: LineFacts, program: RunningProgram): ExtractedCommand {
  return record(facts, {
    kind: 'program-input',
    user: null,
    host: null,
    cwd: null,
    programName: program.name,
    parentIndex: program.index,
  });
}

/** What a complete shell command starts, as the program that reads the lines typed next. */
export function runningProgram(command: ExtractedCommand, index: number, shell: ShellState): RunningProgram {
  const name = programName(command.text);
  return { index, command, name, kind: isFullscreenProgram(name) ? 'fullscreen' : programKind(command.text), shell };
}

/** The row above a one-row prompt when it holds what a two-line prompt shows first (user@host path). */
export function twoLinePromptAbove(line: LineOnScreen): string | null {
  const above = line.promptAbove;
  if (above === null) return null;
  const alone = parsePrompt(line.prompt);
  if (alone.user !== null || alone.cwd !== null) return null;
  return parsePrompt(line.prompt, above).user !== null ? above : null;
}
