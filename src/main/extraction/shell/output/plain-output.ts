import { withoutTrailingNewlines } from '../../../../shared/trailing';
import { dropControlChars, stripEscapes } from '../../../terminal/render-transcript';

/**
 * Output bytes as plain text for reading and searching: escape sequences dropped, and on each
 * line only what a carriage return left visible (progress bars keep their last state).
 */
export function plainOutput(text: string): string {
  const fast = withoutCsi(text);
  const stripped = fast?.text ?? stripEscapes(text).replace(/\r+\n/g, '\n');
  // Most output has no control character left once its line ends are plain: no line needs a look.
  if (!(fast ? fast.control : CONTROL_CHAR.test(stripped))) return withoutTrailingNewlines(stripped);
  const visible = stripped.split('\n').map((line) => {
    if (!line.includes('\r')) return dropControlChars(line);
    let out = '';
    for (const part of line.split('\r')) {
      const clean = dropControlChars(part);
      out = clean.length >= out.length ? clean : clean + out.slice(clean.length);
    }
    return out;
  });
  return withoutTrailingNewlines(visible.join('\n'));
}

// eslint-disable-next-line no-control-regex -- what dropControlChars removes, carriage return included
const CONTROL_CHAR = /[\x00-\x08\x0b-\x1f\x7f]/;

const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;

/** Whether a character is one dropControlChars removes (carriage return included). */
function isControl(code: number): boolean {
  return code <= 0x08 || (code >= 0x0b && code <= 0x1f) || code === 0x7f;
}

/** The end of the CSI sequence (ESC [ params intermediates final) starting at `at`, or -1. */
function csiEnd(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 0x5b) return -1;
  let i = at + 2;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x3f) i++;
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x40 && final <= 0x7e ? i + 1 : -1;
}

/**
 * `stripEscapes(text).replace(/\r+\n/g, '\n')` in one pass, for text whose only escape sequences
 * are CSI (colours, erases, cursor moves: nearly all output), and whether a control character is
 * left; null for any other escape, which the regular expressions handle (they run one after
 * another, each over what the one before left, and no single pass agrees with them on every input).
 * A CSI never holds a CR or LF, so CRs and an LF with only CSIs between them are joined as the
 * expressions join them once the CSIs are gone.
 */
function withoutCsi(text: string): { text: string; control: boolean } | null {
  const parts: string[] = [];
  let from = 0;
  let control = false;
  const n = text.length;
  for (let i = 0; i < n;) {
    const code = text.charCodeAt(i);
    if (code === ESC) {
      const end = csiEnd(text, i);
      if (end < 0) return null;
      if (i > from) parts.push(text.slice(from, i));
      from = i = end;
    } else if (code === CR) {
      // A run of CRs, with CSIs between them dropped: gone before an LF, kept before anything else.
      if (i > from) parts.push(text.slice(from, i));
      let crs = 0;
      let j = i;
      for (;;) {
        const c = text.charCodeAt(j);
        if (c === CR) {
          crs += 1;
          j += 1;
        } else if (c === ESC) {
          const end = csiEnd(text, j);
          if (end < 0) return null;
          j = end;
        } else break;
      }
      if (text.charCodeAt(j) !== LF) {
        parts.push('\r'.repeat(crs));
        control = true;
      }
      from = i = j;
    } else {
      if (isControl(code)) control = true;
      i += 1;
    }
  }
  if (from === 0) return { text, control };
  if (from < n) parts.push(text.slice(from));
  return { text: parts.join(''), control };
}
