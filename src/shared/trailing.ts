// Trailing runs found by walking back from the end. A regex anchored at the end (/\n+$/, /=*$/)
// retries from every position of a run that is not at the end: quadratic in the run's length, and
// a recording is free to hold a million newlines followed by one letter.

/** How many characters at the end of `text` are `char`. */
export function trailingRunLength(text: string, char: string): number {
  let i = text.length;
  while (i > 0 && text[i - 1] === char) i--;
  return text.length - i;
}

/** `text` without the line feeds it ends with. */
export function withoutTrailingNewlines(text: string): string {
  return text.slice(0, text.length - trailingRunLength(text, '\n'));
}
