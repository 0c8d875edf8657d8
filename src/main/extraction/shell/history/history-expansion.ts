/**
 * History expansion as bash and zsh apply it to a typed line before running it: `!!`, `!-n`,
 * `!n`, `!prefix`, `!?text?`, `^old^new`, the word designators `!$`, `!^`, `!*`, `:n`, `:n-m`,
 * and the modifiers `:h :t :r :e :s/old/new/ :gs/old/new/ :p`. `:p` prints the result without
 * running it (both shells still record it in their history). dash has no history expansion.
 */
export interface Expansion {
  text: string;
  /** `:p`: printed (and recorded), never run. */
  printOnly: boolean;
}

const EVENT = /^!(!|-?\d+|\?[^?\n]*\??|[^\s!=(:$^*?"'`;&|<>][^\s:;&|<>"'`]*|\$|\^|\*)/;

/** Whether the line has something bash or zsh would try to expand (the shell then prints the result). */
export function mayExpand(line: string): boolean {
  if (/^\^[^^]+\^/.test(line)) return true;
  return findEvent(line, 0) >= 0;
}

/** The line bash or zsh would run, or null when it has no expansion or one this cannot compute. */
export function expandHistory(line: string, history: readonly string[]): Expansion | null {
  const quick = /^\^([^^]+)\^([^^]*)\^?(:p)?$/.exec(line);
  if (quick) {
    const prev = history.at(-1);
    if (prev === undefined || !prev.includes(quick[1]!)) return null;
    return { text: prev.replace(quick[1]!, quick[2]!), printOnly: quick[3] !== undefined };
  }
  let out = '';
  let changed = false;
  let printOnly = false;
  let from = 0;
  for (let at = findEvent(line, 0); at >= 0; at = findEvent(line, from)) {
    out += line.slice(from, at);
    const parsed = parseReference(line.slice(at), history);
    if (parsed === null) return null;
    out += parsed.text;
    printOnly ||= parsed.printOnly;
    changed = true;
    from = at + parsed.length;
  }
  if (!changed) return null;
  return { text: out + line.slice(from), printOnly };
}

/** Index of the next `!` that starts a history reference (outside single quotes, not escaped), or -1. */
function findEvent(line: string, from: number): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" && quote === null) {
      quote = c;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? null : '"';
      continue;
    }
    if (i < from || c !== '!') continue;
    const next = line[i + 1];
    if (next === undefined || /[\s=(]/.test(next) || (quote === '"' && next === '"')) continue;
    if (EVENT.test(line.slice(i))) return i;
  }
  return -1;
}

function parseReference(
  text: string,
  history: readonly string[],
): { text: string; printOnly: boolean; length: number } | null {
  const m = EVENT.exec(text)!;
  const designator = m[1]!;
  let event: string | undefined;
  let words: string | null = null; // a word designator given with the event (!$, !^, !*)
  if (designator === '!') event = history.at(-1);
  else if (designator === '$' || designator === '^' || designator === '*') {
    event = history.at(-1);
    words = designator;
  } else if (/^-?\d+$/.test(designator)) {
    const n = Number(designator);
    // !n counts from the first entry this extraction has seen: only -n is reliable
    event = n < 0 ? history.at(n) : undefined;
  } else if (designator.startsWith('?')) {
    const needle = designator.replace(/^\?|\?$/g, '');
    event = [...history].reverse().find((h) => h.includes(needle));
  } else event = [...history].reverse().find((h) => h.startsWith(designator));
  if (event === undefined) return null;
  let length = m[0].length;
  let result = event;
  const rest = text.slice(length);
  const wd = words === null ? /^:(\$|\^|\*|\d+(?:-\d*)?|-\d+)/.exec(rest) : null;
  if (words !== null || wd) {
    if (wd) length += wd[0].length;
    const picked = pickWords(event, words ?? wd![1]!);
    if (picked === null) return null;
    result = picked;
  }
  let printOnly = false;
  for (;;) {
    const mod = /^:(g?s)(.)((?:(?!\2).)*)\2((?:(?!\2).)*)\2?|^:([htrepqx&])/.exec(text.slice(length));
    if (!mod) break;
    length += mod[0].length;
    if (mod[1] !== undefined) {
      const [old, replacement] = [mod[3]!, mod[4]!];
      if (old === '') return null;
      result = mod[1] === 'gs' ? result.split(old).join(replacement) : result.replace(old, replacement);
      continue;
    }
    switch (mod[5]) {
      case 'p':
        printOnly = true;
        break;
      case 'h':
        result = result.includes('/') ? result.replace(/\/[^/]*$/, '') : result;
        break;
      case 't':
        result = result.replace(/^.*\//, '');
        break;
      case 'r':
        result = result.replace(/\.[^./]*$/, '');
        break;
      case 'e':
        result = /\.[^./]*$/.exec(result)?.[0].slice(1) ?? '';
        break;
      default:
        return null; // :q, :x, :& quote or repeat: not worth guessing
    }
  }
  return { text: result, printOnly, length };
}

function pickWords(event: string, designator: string): string | null {
  const words = event.trim().split(/\s+/);
  const last = words.length - 1;
  if (designator === '$') return words[last]!;
  if (designator === '^') return words[1] ?? null;
  if (designator === '*') return words.slice(1).join(' ');
  const range = /^(\d*)(-?)(\d*)$/.exec(designator);
  if (!range) return null;
  const from = range[1] === '' ? 0 : Number(range[1]);
  const to = range[2] === '' ? from : range[3] === '' ? last : Number(range[3]);
  if (from > last || to > last || from > to) return null;
  return words.slice(from, to + 1).join(' ');
}

/**
 * bash and zsh print the line a history expansion produced, and a newline, before running it: when
 * the output starts with the expansion computed from the history seen, the command is that line and
 * the output what follows. The expansion may span lines (a recalled loop or here-document, which
 * bash keeps with its final newline). Null when the output does not confirm it.
 */
export function confirmedExpansion(
  output: string,
  expansion: Expansion | null,
): { text: string; output: string; printOnly: boolean } | null {
  if (expansion === null) return null;
  // the output as read has lost its trailing newlines: compare without the expansion's own
  const body = expansion.text.replace(/\n+$/, '');
  if (!output.startsWith(body)) return null;
  let end = body.length;
  const newlines = expansion.text.length - body.length + 1;
  if (end < output.length && output[end] !== '\n') return null;
  while (end < output.length && end < body.length + newlines && output[end] === '\n') end++;
  return { text: expansion.text, output: output.slice(end), printOnly: expansion.printOnly };
}
