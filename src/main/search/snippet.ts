import type { MatchRange } from '../../shared/search';

export const SNIPPET_CHARS = 160;
/** Characters kept before the first match when its line starts further back. */
const LEAD = 40;

export interface Snippet {
  text: string;
  matches: MatchRange[];
}

/**
 * A short, plain-text excerpt around the first match, with the match ranges inside it. It starts
 * at the matching line when that line fits or starts close enough, and stops at the end of the line of
 * the last match it shows. Line breaks and tabs become spaces one for one, so ranges stay exact;
 * other control characters are left for the caller to make safe (terminalSafe, or a text node).
 */
export function buildSnippet(text: string, ranges: ReadonlyArray<[number, number]>, width = SNIPPET_CHARS): Snippet {
  const sorted = merge(ranges);
  const first = sorted[0];
  let start = 0;
  if (first) {
    const lineStart = text.lastIndexOf('\n', first[0] - 1) + 1;
    const lineEnd = text.indexOf('\n', first[0]);
    const wholeLineFits = (lineEnd === -1 ? text.length : lineEnd) - lineStart <= width;
    start = wholeLineFits || first[0] - lineStart <= LEAD ? lineStart : first[0] - LEAD;
  }
  let end = Math.min(text.length, start + width);
  if (first) end = Math.max(end, Math.min(first[1], start + 2 * width));
  const lastShown = [...sorted].reverse().find((r) => r[1] <= end);
  if (lastShown) {
    const newline = text.indexOf('\n', lastShown[1]);
    if (newline !== -1 && newline < end) end = text[newline - 1] === '\r' ? newline - 1 : newline;
  }
  start = avoidSplitPair(text, start);
  end = avoidSplitPair(text, end);
  const lead = text.slice(0, start).trim() !== '' ? '…' : '';
  const tail = text.slice(end).trim() !== '' ? '…' : '';
  const body = text.slice(start, end).replace(/[\r\n\t]/g, ' ');
  const matches = sorted
    .filter((r) => r[1] > start && r[0] < end)
    .map((r) => ({
      start: Math.max(r[0], start) - start + lead.length,
      end: Math.min(r[1], end) - start + lead.length,
    }));
  return { text: `${lead}${body}${tail}`, matches };
}

function merge(ranges: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Moves a cut off the middle of a surrogate pair. */
function avoidSplitPair(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/** Lines of output shown around the line of the first match (one before, one after). */
const CONTEXT_LINES = 1;

/**
 * An output's excerpt with its line breaks: the line of the first match and one line either
 * side (up to 3 lines), each as it was recorded but cut to `width` characters (the match line
 * around the match), "…" where something was cut or left out. A CR before a line feed is
 * dropped; tabs and other control characters stay for the caller to show safely
 * (src/shared/control-chars.ts). Never more than 3 × (width + 2) + 2 characters.
 */
export function buildLinesSnippet(
  text: string,
  ranges: ReadonlyArray<[number, number]>,
  width = SNIPPET_CHARS,
): Snippet {
  const sorted = merge(ranges);
  const first = sorted[0];
  const at = first ? first[0] : 0;
  const lineOf = (i: number): [number, number] => {
    const start = text.lastIndexOf('\n', i - 1) + 1;
    const nl = text.indexOf('\n', i);
    return [start, nl === -1 ? text.length : nl];
  };
  const match = lineOf(Math.min(at, text.length));
  const lines: Array<[number, number]> = [match];
  for (let k = 0; k < CONTEXT_LINES && lines[0]![0] > 0; k++) lines.unshift(lineOf(lines[0]![0] - 1));
  for (let k = 0; k < CONTEXT_LINES && lines.at(-1)![1] < text.length; k++) lines.push(lineOf(lines.at(-1)![1] + 1));
  // Blank context lines say nothing: drop them from the edges.
  while (lines.length > 1 && lines[0] !== match && text.slice(...lines[0]!).trim() === '') lines.shift();
  while (lines.length > 1 && lines.at(-1) !== match && text.slice(...lines.at(-1)!).trim() === '') lines.pop();

  let out = '';
  const pieces: Array<{ from: number; to: number; outAt: number }> = [];
  lines.forEach(([ls, le], i) => {
    if (text[le - 1] === '\r') le -= 1;
    let start = ls;
    if (le - ls > width && first && i === lines.indexOf(match))
      start = Math.max(ls, Math.min(first[0] - LEAD, le - width));
    let end = Math.min(le, start + width);
    if (first && i === lines.indexOf(match)) end = Math.max(end, Math.min(first[1], start + 2 * width, le));
    start = avoidSplitPair(text, start);
    end = avoidSplitPair(text, end);
    const before = i === 0 ? text.slice(0, start).trim() !== '' : start > ls;
    if (i > 0) out += '\n';
    if (before) out += '…';
    pieces.push({ from: start, to: end, outAt: out.length });
    out += text.slice(start, end);
    const after = i === lines.length - 1 ? text.slice(end).trim() !== '' : text.slice(end, le).trim() !== '';
    if (after) out += '…';
  });
  const matches: MatchRange[] = [];
  for (const r of sorted) {
    for (const p of pieces) {
      if (r[1] <= p.from || r[0] >= p.to) continue;
      matches.push({ start: Math.max(r[0], p.from) - p.from + p.outAt, end: Math.min(r[1], p.to) - p.from + p.outAt });
    }
  }
  return { text: out, matches };
}
