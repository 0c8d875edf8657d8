// The one policy for characters that hide or reorder what an investigator reads. Recorded text is
// written by whoever controlled the server: an ESC can rewrite the analyst's terminal, a C1 CSI
// (U+009B) does the same on some terminals, and bidirectional controls make "cat ‮txt.exe" read
// as something else (Trojan Source). Every place that shows recorded text to a person (the CLI's
// tables and lines, its JSON, the HTML report, the renderer) uses this set and these stand-ins.

/**
 * Bidirectional controls: the Arabic letter mark, LRM and RLM, the embeddings and overrides
 * (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI).
 */
const BIDI = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';

/** Every hidden character: C0 controls, DEL, C1 controls and the bidirectional controls. */
export const HIDDEN_CHARS = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');

/** The hidden characters but tab and line feed, which multi-line text keeps. */
export const HIDDEN_CHARS_IN_LINES = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');

/** Only the bidirectional controls (a terminal grid gives them no cell, but the page would still reorder). */
export const BIDI_CONTROLS = new RegExp(`[${BIDI}]`, 'g');

/** Whether a UTF-16 code unit is hidden by this policy (tab and line feed included: callers keep them). */
export function isHiddenChar(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * What a hidden character is shown as: a C0 control as its Unicode control picture (ESC as ␛,
 * NUL as ␀), DEL as ␡, anything else as its code point in angle brackets (<U+202E>, <U+009B>).
 */
export function controlStandIn(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * One character for one, where positions in the text must not move (find-in-session marks): a
 * C0 control or DEL as its control picture, any other hidden character as U+FFFD.
 */
export function controlGlyph(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\uFFFD';
}

/** The text with every hidden character made visible; `lines` keeps tab and line feed as they are. */
export function showControls(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(options.lines ? HIDDEN_CHARS_IN_LINES : HIDDEN_CHARS, controlStandIn);
}

// JSON.stringify escapes C0 already; DEL, C1, the bidi controls and the line/paragraph separators it
// writes raw. As \u escapes they read back as exactly the same text.
const RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f${BIDI}\\u2028\\u2029]`, 'g');

/** JSON text with the characters JSON.stringify leaves raw written as \u escapes (a lossless change). */
export function escapeJsonControls(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify, then every hidden character that it left raw escaped: safe to print, same value. */
export function safeJson(value: unknown, space?: number): string {
  return escapeJsonControls(JSON.stringify(value, null, space));
}
