import type { ReactNode } from 'react';
import type { MatchRange } from '../../../../shared/search';
import { SafeText } from '../../ui/display-text';

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * The text cut at the match ranges (UTF-16 offsets, end exclusive): ranges are sorted, clamped
 * to the text and merged where they touch or overlap, so any list from main gives clean slices.
 */
export function segments(text: string, matches: readonly MatchRange[]): Segment[] {
  const ranges = matches
    .map((m) => ({
      start: Math.max(0, Math.min(text.length, Math.floor(m.start))),
      end: Math.max(0, Math.min(text.length, Math.floor(m.end))),
    }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.end <= at) continue;
    const start = Math.max(r.start, at);
    if (start > at) out.push({ text: text.slice(at, start), match: false });
    const last = out.at(-1);
    if (last?.match && start === at) last.text += text.slice(start, r.end);
    else out.push({ text: text.slice(start, r.end), match: true });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/**
 * The text with its matches in <mark>: React text nodes only, never HTML. `lines`: line feeds and
 * tabs stay (an output's snippet); every other control character is shown by the shared policy.
 */
export function Highlighted({
  text,
  matches,
  lines = false,
}: {
  text: string;
  matches: readonly MatchRange[];
  lines?: boolean;
}): ReactNode {
  return segments(text, matches).map((s, i) =>
    s.match ? (
      <mark key={i}>
        <SafeText text={s.text} lines={lines} />
      </mark>
    ) : (
      <span key={i}>
        <SafeText text={s.text} lines={lines} />
      </span>
    ),
  );
}
