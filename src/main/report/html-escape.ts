/**
 * The one way text from a recording or a user enters a report's HTML. Control characters are
 * made visible first (ESC as ␛, other C0 as their control pictures, C1 and bidirectional
 * overrides as [U+XXXX]) so a recording cannot hide or reorder what it shows; then the five
 * HTML-special characters become entities, so no text can open a tag, end the <style> or
 * start a comment.
 */
export function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Newline and tab stay; every other control character gets a visible stand-in. */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
  });
}

/** The inverse of the entity step (for reading back data the renderer wrote; controls stay visible). */
export function unescapeHtml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!,
  );
}
