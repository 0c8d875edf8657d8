import { EXEC_STREAM_CHARS, type ExecStreams } from '../../shared/views';
import { hasSourceOfFormat, readEvents } from '../store/case-queries';
import { programRef } from '../../shared/ids';
import type { CaseDb } from '../store/open-case';
import { OutputText } from '../terminal/output-text';
import { loadReplayProgram } from './replay-program';

/** One stream's text (up to the cap) and its exact size. */
class StreamText {
  text = '';
  bytes = 0;
  truncated = false;
  private readonly decoder = new OutputText();

  add(data: Uint8Array): void {
    this.bytes += data.length;
    if (this.truncated) return;
    const more = this.decoder.next(data);
    const room = EXEC_STREAM_CHARS - this.text.length;
    if (more.length <= room) {
      this.text += more;
      return;
    }
    // Cut between characters, never inside a surrogate pair.
    const cut = room > 0 && isLowSurrogate(more.charCodeAt(room)) ? room - 1 : room;
    this.text += more.slice(0, cut);
    this.truncated = true;
  }
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * What went into and came out of a program run without a terminal (an exec): its stdin (what
 * the client sent), stdout and stderr (output code 1), each as text up to EXEC_STREAM_CHARS.
 * An interactive terminal program is refused: its input is keystrokes, passwords typed at
 * hidden prompts included, and the replay shows what it did.
 */
export function execStreams(db: CaseDb, programRow: number): ExecStreams {
  const p = loadReplayProgram(db, programRow);
  if (p.type === 'shell') throw new Error(`${programRef(p.row)} is an interactive shell: replay it instead`);
  const stdin = new StreamText();
  const stdout = new StreamText();
  const stderr = new StreamText();
  for (const ev of readEvents(db, programRow)) {
    if (ev.kind === 'input') stdin.add(ev.data);
    else if (ev.kind === 'output') (ev.code === 1 ? stderr : stdout).add(ev.data);
  }
  return {
    program: programRef(p.row),
    command: p.command,
    stdin: stdin.text,
    stdout: stdout.text,
    stderr: stderr.text,
    stdinBytes: stdin.bytes,
    stdoutBytes: stdout.bytes,
    stderrBytes: stderr.bytes,
    stderrApart: stderr.bytes > 0 || hasSourceOfFormat(db, programRow, 'capture'),
    truncated: stdin.truncated || stdout.truncated || stderr.truncated,
  };
}
