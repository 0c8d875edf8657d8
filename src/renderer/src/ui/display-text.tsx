// Text from a recording, made safe to look at. React already keeps it from being HTML; this keeps
// it from fooling the eye, by the policy every view shares (src/shared/control-chars.ts): control
// characters (ESC, BEL, CR...) show as their control pictures (␛) and bidirectional controls, which
// can make "exe.txt" read as "txt.exe", as <U+202E>; both dimmed, so they do not pass for typed text.

import type { ReactNode } from 'react';
import { controlStandIn, HIDDEN_CHARS, HIDDEN_CHARS_IN_LINES } from '../../../shared/control-chars';
import './display-text.css';

const HAS_SPECIAL = new RegExp(HIDDEN_CHARS.source);
const HAS_SPECIAL_IN_LINES = new RegExp(HIDDEN_CHARS_IN_LINES.source);

/** The text as one plain string (for titles and labels). */
export function displayText(text: string): string {
  return text.replace(HIDDEN_CHARS, controlStandIn);
}

/**
 * The text as React nodes, special characters dimmed. Plain text comes back as the string itself.
 * `lines`: line feeds and tabs stay as they are (text shown with its lines, white-space: pre-wrap).
 */
export function SafeText({ text, lines = false }: { text: string; lines?: boolean }): ReactNode {
  if (!(lines ? HAS_SPECIAL_IN_LINES : HAS_SPECIAL).test(text)) return text;
  const out: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(lines ? HIDDEN_CHARS_IN_LINES : HIDDEN_CHARS)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(
      <span
        key={m.index}
        className="ctl-char"
        title={`U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`}
      >
        {controlStandIn(m[0])}
      </span>,
    );
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
