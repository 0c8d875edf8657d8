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
