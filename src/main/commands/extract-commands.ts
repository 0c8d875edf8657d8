import type { TerminalInfo, ProgramType } from '../../shared/model';
import type { TerminalEvent } from '../formats/recording';
import { stripControls } from '../terminal/render-transcript';
import type { ExtractionResult } from './extraction-types';
import { extractShellCommands } from './shell/extract-shell';

export interface ExtractionInput {
  type: ProgramType;
  /** The command an exec program was given (from the recording's metadata). */
  command: string | null;
  terminal: TerminalInfo | null;
  exitStatus: number | null;
  events: Iterable<TerminalEvent>;
}

/**
 * Every command of one program: the given command of an exec program, or the lines
 * reconstructed from an interactive terminal session.
 */
export async function extractCommands(input: ExtractionInput): Promise<ExtractionResult> {
  if (input.terminal !== null && input.type !== 'exec') return extractShellCommands(input.events, input.terminal);
  return extractExecCommand(input);
}

function extractExecCommand(input: ExtractionInput): ExtractionResult {
  const decoder = new TextDecoder();
  let output = '';
  let bytes = 0;
  let lastUs = 0;
  for (const ev of input.events) {
    if (ev.kind !== 'output') continue;
    output += decoder.decode(ev.data, { stream: true });
    bytes += ev.data.length;
    lastUs = ev.atUs;
  }
  output += decoder.decode();
  if (input.command === null) {
    // Nothing says what ran (e.g. a capture of a non-terminal program): its output is still searchable.
    return { commands: [], marks: [], strayOutput: bytes > 0 ? [{ startUs: 0, endUs: lastUs, startOffset: 0, endOffset: bytes, text: stripControls(output) }] : [] };
  }
  return {
    commands: [
      {
        atUs: 0,
        text: input.command,
        kind: 'exec',
        method: 'exec',
        guess: null,
        prompt: null,
        cwd: null,
        user: null,
        host: null,
        programName: null,
        parentIndex: null,
        output: stripControls(output),
        outputStartUs: 0,
        outputEndUs: lastUs,
        outputStartOffset: 0,
        outputEndOffset: bytes,
        exitStatus: input.exitStatus,
      },
    ],
    marks: [],
    strayOutput: [],
  };
}
