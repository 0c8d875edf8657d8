import { showControls } from '../../shared/control-chars';

/**
 * The one way text from a recording or a user enters a report's HTML. Hidden characters are made
 * visible first by the policy every view shares (src/shared/control-chars.ts: ESC as ␛, other C0 as
 * their control pictures, C1 and bidirectional controls as <U+XXXX>) so a recording cannot hide or
 * reorder what it shows; then the five HTML-special characters become entities, so no text can
 * open a tag, end the <style> or start a comment.
 */
export function escapeHtml(text: string): string {
  return showControls(text, { lines: true }).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The inverse of the entity step (for reading back data the renderer wrote; controls stay visible). */
export function unescapeHtml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!,
  );
}
