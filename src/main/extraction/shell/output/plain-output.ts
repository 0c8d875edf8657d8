import { withoutTrailingNewlines } from '../../../../shared/trailing';
import { dropControlChars, stripEscapes } from '../../../terminal/render-transcript';

/**
 * Output bytes as plain text for reading and searching: escape sequences dropped, and on each
 * line only what a carriage return left visible (progress bars keep their last state).
 */
export function plainOutput(text: string): string {
  const stripped = withoutEscapes(text) ?? stripEscapes(text).replace(/\r+\n/g, '\n');
  // Most output has no control character left once its line ends are plain: no line needs a look.
  if (!CONTROL_CHAR.test(stripped)) return withoutTrailingNewlines(stripped);
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

/** The end of the CSI sequence (ESC [ params intermediates final) starting at `at` (an ESC), or -1. */
function csiEnd(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 0x5b) return -1;
  let i = at + 2;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x3f) i++;
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x40 && final <= 0x7e ? i + 1 : -1;
}

/** What an escape at `at` comes to once the expressions have run: dropped up to an index, kept, or too tangled for one pass. */
const KEEP = -1;
const TANGLED = -2;

/**
 * The escape at `at` as the five expressions of stripEscapes treat it, in the cases one pass can
 * tell: a whole CSI is dropped; `ESC [` of a CSI cut short, a charset designation and any other
 * two-character escape are dropped; an ESC before a character no expression takes stays (a control
 * character); an ESC before whole CSIs meets what follows them, as it does once the CSI expression
 * has run. An OSC, a DCS/PM/APC/SOS string, or an ESC that meets another escape (a match of one
 * expression may join what is left around it into a match of the next) is TANGLED.
 */
function escapeEnd(text: string, at: number): number {
  let next = at + 1;
  let c = text.charCodeAt(next);
  if (c === 0x5b) {
    const end = csiEnd(text, at);
    return end >= 0 ? end : at + 2;
  }
  if (c === ESC) {
    // An ESC before whole CSIs: they go first (the CSI expression), and it meets what follows them.
    while (text.charCodeAt(next) === ESC) {
      const end = csiEnd(text, next);
      if (end < 0) break;
      next = end;
    }
    if (next === at + 1) return TANGLED;
    c = text.charCodeAt(next);
    if (c === ESC) return TANGLED;
  }
  if (c === 0x5d || c === 0x50 || c === 0x5e || c === 0x5f || c === 0x58) return TANGLED;
  if (c === 0x28 || c === 0x29 || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x2f) {
    const d = text.charCodeAt(next + 1);
    if (d === ESC) return TANGLED;
    return d >= 0x20 && d <= 0x7e ? next + 2 : next + 1;
  }
  return c >= 0x20 && c <= 0x7e ? next + 1 : KEEP;
}

/**
 * `stripEscapes(text).replace(/\r+\n/g, '\n')` in one pass from ESC to CR (found by indexOf);
 * null when an escape is TANGLED, for the expressions to handle (they run one after another,
 * each over what the one before left). No escape the pass drops holds a CR or LF, so CRs and an
 * LF with only dropped escapes between them are joined as the expressions join them once those are gone.
 */
function withoutEscapes(text: string): string | null {
  let esc = text.indexOf('\x1b');
  let cr = text.indexOf('\r');
  if (esc < 0 && cr < 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; ;) {
    if (esc >= 0 && esc < i) esc = text.indexOf('\x1b', i);
    if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
    const at = esc < 0 ? cr : cr < 0 ? esc : Math.min(esc, cr);
    if (at < 0) break;
    if (at === esc) {
      const end = escapeEnd(text, at);
      if (end === TANGLED) return null;
      if (end === KEEP) {
        i = at + 1;
        continue;
      }
      if (at > from) parts.push(text.slice(from, at));
      from = i = end;
      continue;
    }
    // A run of CRs, with dropped escapes between them: gone before an LF, kept before anything else.
    if (at > from) parts.push(text.slice(from, at));
    let crs = 0;
    let j = at;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === CR) {
        crs += 1;
        j += 1;
        continue;
      }
      if (c !== ESC) break;
      const end = escapeEnd(text, j);
      if (end === TANGLED) return null;
      if (end === KEEP) break;
      j = end;
    }
    if (text.charCodeAt(j) !== LF) parts.push('\r'.repeat(crs));
    from = i = j;
  }
  if (from === 0) return text;
  if (from < text.length) parts.push(text.slice(from));
  return parts.join('');
}
