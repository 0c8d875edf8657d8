import { dropControlChars, stripEscapes } from '../../../terminal/render-transcript';

/**
 * Output bytes as plain text for reading and searching: escape sequences dropped, and on each
 * line only what a carriage return left visible (progress bars keep their last state).
 */
export function plainOutput(text: string): string {
  const lines = stripEscapes(text).replace(/\r+\n/g, '\n').split('\n');
  const visible = lines.map((line) => {
    if (!line.includes('\r')) return dropControlChars(line);
    let out = '';
    for (const part of line.split('\r')) {
      const clean = dropControlChars(part);
      out = clean.length >= out.length ? clean : clean + out.slice(clean.length);
    }
    return out;
  });
  return visible.join('\n').replace(/\n+$/, '');
}
