// Text from a recording, made safe to look at. React already keeps it from being HTML; this keeps
// it from fooling the eye: control characters (ESC, BEL, CR...) show in caret notation (^[) and
// bidirectional controls, which can make "exe.txt" read as "txt.exe", show as <U+202E>; both
// dimmed, so they do not pass for typed text.

import type { ReactNode } from 'react';
import './display-text.css';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_SPECIAL = new RegExp(SPECIAL.source);

function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** The text as one plain string (for titles and labels). */
export function displayText(text: string): string {
  return text.replace(SPECIAL, shown);
}

/** The text as React nodes, special characters dimmed. Plain text comes back as the string itself. */
export function SafeText({ text }: { text: string }): ReactNode {
  if (!HAS_SPECIAL.test(text)) return text;
  const out: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(SPECIAL)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(
      <span
        key={m.index}
        className="ctl-char"
        title={`U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`}
      >
        {shown(m[0])}
      </span>,
    );
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
