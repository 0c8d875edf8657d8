import { trailingRunLength, withoutTrailingNewlines } from '../../../../shared/trailing';

/**
 * How a POSIX-family shell (bash, zsh, dash) turns accepted lines into the commands it runs and
 * records, the truth investigators compare against: a buffer holding several complete commands
 * (a multi-line paste) becomes one entry each; lines continued at PS2 join with "\n", except
 * after a backslash, which the shell removes with the newline; a command with a here-document
 * ends with "\n" (bash).
 */

/** Splits an accepted buffer into the commands bash runs (and records) separately. */
export function splitCompleteCommands(buffer: string): string[] {
  const lines = withoutTrailingNewlines(buffer).split('\n');
  const out: string[] = [];
  let current: string | null = null;
  for (const line of lines) {
    current = current === null ? line : joinContinuation(current, line);
    if (isComplete(current)) {
      if (current.trim() !== '') out.push(finishEntry(current));
      current = null;
    }
  }
  if (current !== null && current.trim() !== '') out.push(finishEntry(current));
  return out;
}

/** The next line of a command continued at PS2. */
export function joinContinuation(previous: string, next: string): string {
  return endsWithLineContinuation(previous) ? previous.slice(0, -1) + next : `${previous}\n${next}`;
}

/** bash keeps the newline that ends a here-document's delimiter line. */
export function finishEntry(command: string): string {
  return hereDocDelimiters(command).length > 0 && !command.endsWith('\n') ? `${command}\n` : command;
}

function endsWithLineContinuation(text: string): boolean {
  return trailingRunLength(text, '\\') % 2 === 1 && !insideSingleQuotes(text);
}

function insideSingleQuotes(text: string): boolean {
  return scan(text).quote === "'";
}

/**
 * Whether bash would run this text as it stands, or read more lines first: open quotes,
 * a trailing backslash, pipe or `&&`, an unclosed compound command, or a here-document still
 * waiting for its delimiter.
 */
export function isComplete(text: string): boolean {
  const state = scan(text);
  if (state.quote !== null || state.depth > 0) return false;
  if (endsWithLineContinuation(text)) return false;
  if (/(\|\||&&|\||\\)\s*$/.test(stripComment(text.split('\n').at(-1)!))) return false;
  const heredocs = hereDocDelimiters(text);
  if (heredocs.length > 0) {
    const lines = text.split('\n');
    let i = lines.findIndex((l) => /<<-?\s*['"]?[\w.-]+/.test(l)) + 1;
    for (const d of heredocs) {
      while (i < lines.length && (d.strip ? lines[i]!.replace(/^\t+/, '') : lines[i]) !== d.word) i++;
      if (i >= lines.length) return false;
      i++;
    }
  }
  return true;
}

interface ScanState {
  quote: "'" | '"' | '`' | null;
  depth: number;
}

const OPENERS = new Set(['if', 'case', 'for', 'while', 'until', 'select', '{']);
const CLOSERS = new Set(['fi', 'esac', 'done', '}']);
/** Words after which a new command starts (so a keyword there is a keyword). */
const COMMAND_STARTERS = new Set(['then', 'do', 'else', 'elif', '!', 'time', '{', 'if', 'while', 'until']);

/** A small bash lexer: quotes, escapes, comments, ( ) and compound-command keywords. */
function scan(text: string): ScanState {
  let quote: ScanState['quote'] = null;
  let depth = 0;
  let caseLevel = 0; // inside `case`, patterns like `a)` have unbalanced parentheses
  let word = '';
  let atCommandStart = true;
  const endWord = (): void => {
    if (word === '') return;
    if (atCommandStart && OPENERS.has(word)) {
      depth++;
      if (word === 'case') caseLevel++;
    } else if (atCommandStart && CLOSERS.has(word)) {
      depth = Math.max(0, depth - 1);
      if (word === 'esac') caseLevel = Math.max(0, caseLevel - 1);
    }
    atCommandStart = COMMAND_STARTERS.has(word);
    word = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === '\\') {
      i++;
      word += 'x';
      continue;
    }
    if (quote === '"' || quote === '`') {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      word += 'x';
      continue;
    }
    if (c === '#' && word === '') {
      while (i < text.length && text[i] !== '\n') i++;
      endWord();
      atCommandStart = true;
      continue;
    }
    if ((c === '(' || c === ')') && caseLevel > 0) {
      endWord();
      atCommandStart = true;
      continue;
    }
    if (c === '(') {
      endWord();
      depth++;
      atCommandStart = true;
      continue;
    }
    if (c === ')') {
      endWord();
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (c === ';' || c === '\n' || c === '&' || c === '|') {
      endWord();
      atCommandStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    word += c;
  }
  endWord();
  return { quote, depth };
}

function hereDocDelimiters(text: string): Array<{ word: string; strip: boolean }> {
  const out: Array<{ word: string; strip: boolean }> = [];
  const firstLines = text.split('\n');
  for (const line of firstLines) {
    for (const m of stripComment(line).matchAll(/<<(-?)\s*(['"]?)([\w.-]+)\2/g)) {
      if (line.includes('<<<')) continue; // a here-string, not a here-document
      out.push({ word: m[3]!, strip: m[1] === '-' });
    }
    if (out.length > 0) break;
  }
  return out;
}

function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line); // the comment runs to the end: slicing, not /#.*$/, stays linear
  return m === null ? line : line.slice(0, m.index + m[1]!.length);
}
