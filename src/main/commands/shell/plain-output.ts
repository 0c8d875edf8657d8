import { stripControls } from '../../terminal/render-transcript';

/**
 * Output bytes as plain text for reading and searching: escape sequences dropped, and on each
 * line only what a carriage return left visible (progress bars keep their last state).
 */
export function plainOutput(text: string): string {
  const lines = text.replace(/\r+\n/g, '\n').split('\n');
  const visible = lines.map((line) => {
    const parts = line.split('\r');
    let out = '';
    for (const part of parts) {
      const clean = stripControls(part);
      out = clean.length >= out.length ? clean : clean + out.slice(clean.length);
    }
    return out;
  });
  return visible.join('\n').replace(/\n+$/, '');
}
