import type { ExtractedCommand } from '../extraction-types';
import { echoOf } from './keys/tty-line';
import type { TypedLine } from './keys/typed-line';
import { withoutTrailingNewlines } from '../../../shared/trailing';

export interface LineText {
  text: string;
  method: ExtractedCommand['method'];
  guess: string | null;
}

export interface LineEvidence {
  /** The screen from where the first key was typed to the line's last row. */
  screenText: string;
  /** The first key came before any prompt (typed ahead): a prompt may be drawn inside `screenText`. */
  typedBeforePrompt: boolean;
  /** The prompt the line was typed at is still on screen before it (see ScreenLine.promptFound). */
  promptFound: boolean;
  keys: TypedLine;
  /** A line editor read it (bracketed paste was on, or the reader is bash or zsh). */
  editor: boolean;
  /** zsh's line editor read it. */
  zle: boolean;
  /** The end of the last known prompt in a text, or -1. */
  promptEnd: (text: string) => number;
}

/**
 * Which text a line is: what the screen shows, because its reader echoed it, unless the keys
 * explain that echo better: the terminal's line discipline shows control characters as ^X
 * (dash ran the bytes), a line typed ahead is echoed around the prompt drawn meanwhile, and a
 * shell may draw wide characters at another width than the terminal. zle rewrites a completion
 * suffix as a space at Enter and keeps a pasted buffer's final newlines.
 */
export function lineText(e: LineEvidence): LineText {
  const { keys, screenText } = e;
  const promptEnd = e.typedBeforePrompt ? e.promptEnd(screenText) : -1;
  const afterPrompt = promptEnd >= 0 ? screenText.slice(promptEnd) : screenText;
  if (screenText === '' && keys.typed > 0) {
    return {
      text: keys.editorText ?? keys.tty.text,
      method: 'keystrokes',
      guess:
        keys.editorText === null
          ? 'the line was no longer on screen and used keys whose effect only the shell knows (Tab, history); rebuilt from the keystrokes, may be incomplete'
          : 'the line was no longer on screen where it was typed (cleared or redrawn); rebuilt from the keystrokes',
    };
  }
  if (keys.overflow) return screen(afterPrompt);
  for (const tty of [keys.tty, keys.ttyBackspace])
    if (afterPrompt.trimEnd() === tty.echo.trimEnd() && afterPrompt.startsWith(tty.echo)) return screen(tty.text);
  if (promptEnd < 0 && e.typedBeforePrompt) {
    // typed before its reader drew a prompt: the reader echoes it after that prompt
    for (const text of [keys.editorText, keys.tty.text])
      if (text !== null && text !== '' && screenText.endsWith(echoOf(text))) return screen(text);
  }
  if (!e.editor && promptEnd >= 0 && isSubsequence(keys.tty.echo, screenText))
    return { text: keys.tty.text, method: 'keystrokes', guess: null };
  const typed = keys.editorText;
  if (typed !== null && typed !== afterPrompt && !e.typedBeforePrompt) {
    // Drawn over (its prompt is gone), or with more than was typed (a right prompt drawn into
    // the line): the shell drew for another terminal size than the recording has. A capture
    // records no resize.
    const overdrawn = !e.promptFound || (afterPrompt.length > typed.length && isSubsequence(typed, afterPrompt));
    if (overdrawn)
      return {
        text: typed,
        method: 'keystrokes',
        guess:
          'the screen shows the line drawn for another terminal size than the recording has (a capture records no resize); rebuilt from the keystrokes',
      };
  }
  if (typed !== null && typed !== afterPrompt && hasWide(typed) && sameCharacters(typed, afterPrompt))
    return {
      text: typed,
      method: 'keystrokes',
      guess:
        'the shell drew wide characters (CJK, emoji) at another width than the terminal, so the screen shows them out of place; rebuilt from the keystrokes',
    };
  if (e.zle && keys.pasted && typed !== null && typed !== afterPrompt && withoutTrailingNewlines(typed) === afterPrompt)
    return screen(typed);
  return screen(e.zle && keys.lastKey !== ' ' ? afterPrompt.trimEnd() : afterPrompt);
}

function screen(text: string): LineText {
  return { text, method: 'screen', guess: null };
}

/** Whether every character of `needle` appears in `hay` in order. */
function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const c of hay) if (i < needle.length && c === needle[i]) i++;
  return needle !== '' && i === needle.length;
}

/** Double-width or emoji characters, whose width shells and terminals disagree on. */
function hasWide(text: string): boolean {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u.test(
    text,
  );
}

/** The same characters, in any order and spacing. */
function sameCharacters(a: string, b: string): boolean {
  const sorted = (s: string): string => [...s.replace(/\s/g, '')].sort().join('');
  return sorted(a) === sorted(b);
}
