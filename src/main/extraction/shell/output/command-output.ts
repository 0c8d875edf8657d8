import type { ExtractedCommand } from '../../extraction-types';
import { plainOutput } from './plain-output';

const MAX_OUTPUT_TEXT_BYTES = 1 << 20; // per command, for reading and search; offsets stay exact

/**
 * zsh's PROMPT_SP: after output without a final newline it prints its end-of-line mark (an
 * inverse % or #), pads the row with spaces so the terminal wraps, and returns with " \r": not
 * output of the command.
 */
// eslint-disable-next-line no-control-regex -- the mark is drawn with escape sequences
const ZSH_EOL_MARK = /(?:\x1b\[[\d;]*m)*[^\s\x1b](?:\x1b\[[\d;]*m)+ {8,}\r \r/g;

/** The bytes a command printed (or that belong to none), kept until the next prompt ends them. */
export class OpenOutput {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  /** Where a shell started drawing its prompt, when a sign of it was seen: the output ends there. */
  endOffset: number | null = null;

  constructor(
    readonly command: ExtractedCommand | null,
    readonly startUs: number,
    readonly startOffset: number,
  ) {}

  /** A prompt starts at `offset`: what follows is not output. */
  endAt(offset: number): void {
    this.endOffset ??= offset;
  }

  append(data: Uint8Array): void {
    if (this.endOffset !== null) return;
    if (this.bytes < MAX_OUTPUT_TEXT_BYTES) this.chunks.push(data.slice(0, MAX_OUTPUT_TEXT_BYTES - this.bytes));
    this.bytes += data.length;
  }

  /** What was printed, as plain text, less a prompt drawn at its end (its last line, or two). */
  text(prompt: { line: string; above: string | null } | null = null): string {
    let raw = new TextDecoder().decode(Buffer.concat(this.chunks));
    if (raw.includes(' \r \r')) raw = raw.replace(ZSH_EOL_MARK, '');
    let text = plainOutput(raw);
    if (prompt !== null) text = withoutPrompt(text, prompt.line, prompt.above);
    return text.trimEnd();
  }
}

/** Removes the prompt the shell drew after the output (and the first line of a two-line prompt). */
function withoutPrompt(text: string, prompt: string, above: string | null): string {
  const p = prompt.trim();
  if (p === '') return text;
  const lineStart = text.lastIndexOf('\n') + 1;
  const at = text.lastIndexOf(p);
  if (at < lineStart) return text;
  if (at === lineStart && above !== null && above.trim() !== '' && lineStart > 0) {
    const aboveStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (text.slice(aboveStart, lineStart - 1).trimEnd() === above) return text.slice(0, aboveStart);
  }
  return text.slice(0, at);
}
