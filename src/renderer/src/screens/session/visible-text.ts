// Recorded text made safe to look at: control characters and bidi overrides would hide or reorder
// what an investigator reads, so each becomes one visible stand-in (the shared policy,
// src/shared/control-chars.ts). One character for one keeps match ranges (FindHit.matches)
// pointing at the same places.

import { controlGlyph, isHiddenChar } from '../../../../shared/control-chars';

/** Hidden by the shared policy, other than the tab and the line breaks this view handles itself. */
const isHidden = (c: number): boolean => c !== 0x09 && c !== 0x0a && c !== 0x0d && isHiddenChar(c);

/**
 * Text with each line break as ⏎ and other hidden characters as one glyph each (␛ for ESC, U+FFFD
 * for C1 and bidi controls), one character for one. With
 * `lines`, line feeds stay (for text shown as lines) and a carriage return not before one shows as ⇤.
 */
export function visibleText(text: string, lines = false): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let stand: string | null;
    if (lines)
      stand =
        c === 0x0a
          ? null
          : c === 0x0d
            ? text.charCodeAt(i + 1) === 0x0a
              ? ''
              : '⇤'
            : isHidden(c)
              ? controlGlyph(c)
              : null;
    else stand = c === 0x0a || c === 0x0d ? '⏎' : isHidden(c) ? controlGlyph(c) : null;
    if (stand === null) continue;
    out += text.slice(from, i) + stand;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export interface TextPart {
  text: string;
  marked: boolean;
}

/** `text` cut into plain and marked parts by `ranges` (clamped, sorted, merged). */
export function markedParts(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): TextPart[] {
  const sorted = ranges
    .map((r) => ({
      start: Math.max(0, Math.min(text.length, r.start)),
      end: Math.max(0, Math.min(text.length, r.end)),
    }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    if (r.end <= start) continue;
    const last = parts.at(-1);
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    else if (last?.marked) {
      // Overlapping or touching ranges make one mark.
      last.text += text.slice(start, r.end);
      at = r.end;
      continue;
    }
    parts.push({ text: text.slice(start, r.end), marked: true });
    at = r.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
