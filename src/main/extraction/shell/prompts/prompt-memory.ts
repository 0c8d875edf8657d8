/**
 * Prompts seen so far and who drew them. A shell's prompt changes with its directory, exit
 * status, clock or mode string, but its start and its last character stay: "[root@web ~]# "
 * and "[root@web log]# " are one shell's, "[09:12:06] kai@db:~$ " and "[10:00:41] kai@db:/$ "
 * another's; ">>> " is python's whatever the directory.
 */

/** Mode strings readline puts before the prompt in vi mode (show-mode-in-prompt) and emacs mode. */
const MODE_STRING = /^(\((ins|cmd|arg: ?-?\d+)\)|@)/;

/** The prompt without a mode string and trailing blanks, digits as 0 (times, exit statuses, history numbers). */
function normalize(prompt: string): string {
  return prompt.replace(MODE_STRING, '').trimEnd().replace(/\d/g, '0');
}

/** Whether two prompt lines are the same prompt drawn at another time. */
export function samePrompt(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (x === y) return x !== '';
  if (x.length < 4 || y.length < 4) return false;
  return x.slice(0, 3) === y.slice(0, 3) && x.at(-1) === y.at(-1);
}

/** Ends as shell prompts do: $ # % > ❯ » ➜ λ, then optional spaces (not "[Y/n] " or "Password: "). */
export function looksLikeShellPrompt(prompt: string): boolean {
  return /[$#%>❯»➜λ]$/.test(prompt.trimEnd()) && prompt.trim() !== '';
}

const MAX_PROMPTS = 64;
/** How far apart a prompt's start and end may be when it is looked for inside a row. */
const MAX_PROMPT_SPAN = 160;

interface Entry<Reader> {
  prompt: string;
  reader: Reader;
  /** The prompt drawn again with another directory or time: its first three characters, anything, its end. */
  pattern: RegExp | null;
  /** Text every match of `pattern` ends with, tested first (the row of each line of output is searched): null when it has a digit. */
  tail: string | null;
  /** The prompt is blanks only: never looked for (worked out once, not on every row searched). */
  blank: boolean;
}

/** Who drew each prompt seen, the most recent first when two resemble the same text. */
export class PromptMemory<Reader> {
  private readonly entries: Array<Entry<Reader>> = [];

  learn(prompt: string, reader: Reader): void {
    if (normalize(prompt) === '') return;
    const i = this.entries.findIndex((e) => e.prompt === prompt);
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push({ prompt, reader, blank: prompt.trim() === '', ...patternOf(prompt) });
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
    const found = this.lastPromptIn(text);
    return found !== null && found.end === text.length ? found.reader : undefined;
  }

  /** The end of the last known prompt in `text` (for a row where output and a prompt share a line), or -1. */
  endOfPromptIn(text: string, accept: (reader: Reader) => boolean): number {
    return this.lastPromptIn(text, accept)?.end ?? -1;
  }

  /**
   * The last known prompt in `text` and who drew it: one drawn exactly as before, else one that
   * resembles a known prompt (the latest learned wins a tie).
   */
  lastPromptIn(text: string, accept: (reader: Reader) => boolean = () => true): { end: number; reader: Reader } | null {
    let best: { end: number; reader: Reader } | null = null;
    for (const e of this.entries) {
      if (!accept(e.reader) || e.blank) continue;
      const at = text.lastIndexOf(e.prompt);
      if (at >= 0 && (best === null || at + e.prompt.length >= best.end))
        best = { end: at + e.prompt.length, reader: e.reader };
    }
    if (best !== null) return best;
    for (const e of this.entries) {
      if (!accept(e.reader) || e.pattern === null || (e.tail !== null && !text.includes(e.tail))) continue;
      let end = -1;
      // as long as half the prompt at least: "root=# " is not "root@web:/srv/app# "
      for (const m of text.matchAll(e.pattern)) if (m[0].length * 2 >= e.prompt.length) end = m.index + m[0].length;
      if (end >= 0 && (best === null || end >= best.end)) best = { end, reader: e.reader };
    }
    return best;
  }

  forget(match: (reader: Reader) => boolean): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (match(this.entries[i]!.reader)) this.entries.splice(i, 1);
  }
}

/** A prompt's shape for finding it drawn again inside a row: start and end fixed, digits any, the middle free. */
function patternOf(prompt: string): Pick<Entry<unknown>, 'pattern' | 'tail'> {
  const bare = prompt.replace(MODE_STRING, '');
  const trimmed = bare.trimEnd();
  if (trimmed.length < 4) return { pattern: null, tail: null };
  const tail = bare.slice(trimmed.length - 1); // the last character and the blanks after it
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d/g, '\\d');
  return {
    pattern: new RegExp(`${escape(trimmed.slice(0, 3))}[^\\n]{0,${MAX_PROMPT_SPAN}}?${escape(tail)}`, 'gu'),
    tail: /\d/.test(tail) ? null : tail,
  };
}
