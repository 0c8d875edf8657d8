/**
 * Prompts seen so far and who drew them. A shell's prompt changes with its directory, exit
 * status or mode string, but its start and its last character stay: "[root@web ~]# " and
 * "[root@web log]# " are one shell's; ">>> " is python's whatever the directory.
 */

/** Mode strings readline puts before the prompt in vi mode (show-mode-in-prompt) and emacs mode. */
const MODE_STRING = /^(\((ins|cmd|arg: ?-?\d+)\)|@)/;

function normalize(prompt: string): string {
  return prompt.replace(MODE_STRING, '').trimEnd();
}

/** Whether two prompt lines are the same prompt drawn at another time. */
export function samePrompt(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (x === y) return x !== '';
  if (x.length < 4 || y.length < 4) return false;
  return x.slice(0, 3) === y.slice(0, 3) && x.at(-1) === y.at(-1);
}

/** Ends as shell prompts do: $ # % > ❯ » ➜ λ or ], then optional spaces. */
export function looksLikeShellPrompt(prompt: string): boolean {
  return /[$#%>❯»➜λ\]]$/.test(prompt.trimEnd()) && prompt.trim() !== '';
}

const MAX_PROMPTS = 64;

/** Who drew each prompt seen, the most recent first when two resemble the same text. */
export class PromptMemory<Reader> {
  private readonly entries: Array<{ prompt: string; reader: Reader }> = [];

  learn(prompt: string, reader: Reader): void {
    if (normalize(prompt) === '') return;
    const i = this.entries.findIndex((e) => e.prompt === prompt);
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push({ prompt, reader });
    if (this.entries.length > MAX_PROMPTS) this.entries.shift();
  }

  /** The reader of this prompt: an exact match first, then the latest that resembles it. */
  find(prompt: string): Reader | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (this.entries[i]!.prompt === prompt) return this.entries[i]!.reader;
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (samePrompt(this.entries[i]!.prompt, prompt)) return this.entries[i]!.reader;
    return undefined;
  }

  /** The reader of the latest prompt `text` ends with (text a program left on the row may precede it). */
  endingOf(text: string): Reader | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.prompt.trim().length >= 2 && text.endsWith(e.prompt)) return e.reader;
    }
    return undefined;
  }

  /** The end of the last known prompt in `text` (for a row where output and a prompt share a line), or -1. */
  endOfPromptIn(text: string, accept: (reader: Reader) => boolean): number {
    return this.lastPromptIn(text, accept)?.end ?? -1;
  }

  /** The last known prompt in `text` and who drew it (the latest learned wins a tie). */
  lastPromptIn(text: string, accept: (reader: Reader) => boolean = () => true): { end: number; reader: Reader } | null {
    let best: { end: number; reader: Reader } | null = null;
    for (const e of this.entries) {
      if (!accept(e.reader) || e.prompt.trim() === '') continue;
      const at = text.lastIndexOf(e.prompt);
      if (at >= 0 && (best === null || at + e.prompt.length >= best.end))
        best = { end: at + e.prompt.length, reader: e.reader };
    }
    return best;
  }

  forget(match: (reader: Reader) => boolean): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (match(this.entries[i]!.reader)) this.entries.splice(i, 1);
  }
}
