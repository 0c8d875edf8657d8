import { withoutTrailingNewlines } from '../../../../shared/trailing';
import { dropControlChars, stripEscapes } from '../../../terminal/render-transcript';

/**
 * Output bytes as plain text for reading and searching: escape sequences dropped, and on each
 * line only what a carriage return left visible (progress bars keep their last state).
 */
export function plainOutput(text: string): string {
  const stripped = stripEscapes(text).replace(/\r+\n/g, '\n');
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
