import type { ProgramType, TerminalInfo } from '../../shared/model';
import type { TerminalEvent } from '../formats/recording';
import { stripControls } from '../terminal/render-transcript';
import { collectingSink, type ExtractionResult, type ExtractionSink, type TerminalTap } from './extraction-types';
import { streamShellCommands } from './shell/extract-shell';

export interface ExtractionInput {
  type: ProgramType;
  /** The command an exec program was given (from the recording's metadata). */
  command: string | null;
  terminal: TerminalInfo | null;
  exitStatus: number | null;
  events: Iterable<TerminalEvent>;
}

/**
 * Every command of one program, handed to `sink` as each becomes final: the given command
 * of an exec program, or the lines reconstructed from an interactive terminal session. A
 * session's terminal pass is offered to `tap` as well; an exec program has none.
 */
export async function streamCommands(input: ExtractionInput, sink: ExtractionSink, tap?: TerminalTap): Promise<void> {
  if (input.terminal !== null && input.type !== 'exec')
    await streamShellCommands(input.events, input.terminal, sink, tap);
  else streamExecCommand(input, sink);
}

/** The same, collected in memory. */
export async function extractCommands(input: ExtractionInput): Promise<ExtractionResult> {
  const sink = collectingSink();
  await streamCommands(input, sink);
  return sink.result;
}

const MAX_EXEC_OUTPUT_TEXT = 1 << 20;

function streamExecCommand(input: ExtractionInput, sink: ExtractionSink): void {
  const decoder = new TextDecoder();
  let output = '';
  let bytes = 0;
  let lastUs = 0;
  for (const ev of input.events) {
    if (ev.kind !== 'output') continue;
    if (output.length < MAX_EXEC_OUTPUT_TEXT) output += decoder.decode(ev.data, { stream: true });
    bytes += ev.data.length;
    lastUs = ev.atUs;
  }
  output += decoder.decode();
  const text = stripControls(output.slice(0, MAX_EXEC_OUTPUT_TEXT));
  if (input.command === null) {
    // Nothing says what ran (e.g. a capture of a non-terminal program): its output is still searchable.
    if (bytes > 0) sink.stray({ startUs: 0, endUs: lastUs, startOffset: 0, endOffset: bytes, text });
    return;
  }
  sink.command(
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
      output: text,
      outputStartUs: 0,
      outputEndUs: lastUs,
      outputStartOffset: 0,
      outputEndOffset: bytes,
      exitStatus: input.exitStatus,
    },
    0,
  );
}
