/**
 * The width a shell draws for, from what it draws, for recordings that do not say when the
 * terminal was resized (a Cloudflare capture has no resize packet). zsh's PROMPT_SP pads the row
 * after a command's output with its end-of-line mark and COLUMNS - 1 spaces, then " \r": the
 * count of spaces is the width zsh knows.
 */
const PAD_END = Buffer.from(' \r \r');
const MIN_WIDTH = 20;
const MAX_WIDTH = 1000;

/** Where in a chunk zsh revealed its width: the byte after its padding, and the width. */
export function zshWidths(chunk: Buffer): Array<{ at: number; cols: number }> {
  const found: Array<{ at: number; cols: number }> = [];
  for (let i = chunk.indexOf(PAD_END); i >= 0; i = chunk.indexOf(PAD_END, i + 1)) {
    let spaces = 1; // the space before "\r" is the last of the padding
    while (i - spaces >= 0 && chunk[i - spaces] === 0x20) spaces++;
    // the end-of-line mark (one character drawn with attributes: "\e[1m\e[7m%\e[27m\e[1m\e[0m") precedes the padding
    const before = chunk.subarray(Math.max(0, i - spaces - 24), i - spaces + 1).toString('latin1');
    // eslint-disable-next-line no-control-regex -- the mark's escape sequences
    if (!/[^\s\x1b](?:\x1b\[[\d;]*m)+$/.test(before)) continue;
    const cols = spaces + 1;
    if (cols >= MIN_WIDTH && cols <= MAX_WIDTH) found.push({ at: i + PAD_END.length, cols });
  }
  return found;
}
