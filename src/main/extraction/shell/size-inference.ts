/**
 * The width a shell draws for, from what it draws, for recordings that do not say when the
 * terminal was resized (a Cloudflare capture has no resize packet). zsh's PROMPT_SP pads the row
 * after a command's output with its end-of-line mark and COLUMNS - 1 spaces, then " \r": the
 * count of spaces is the width zsh knows. zsh's right prompt tells it too (zshRightPrompts).
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

const RPROMPT_START = Buffer.from('\x1b[K\x1b[');
/** How far past its start a right prompt's text may reach (escape sequences included). */
const MAX_RPROMPT_BYTES = 512;

/**
 * zsh draws a right prompt after the left one as ESC[K ESC[nC, the prompt (text and colours only),
 * ESC[mD back to where the line starts: m - n is the right prompt's width, and it ends one column
 * before the edge (ZLE_RPROMPT_INDENT, 1 unless set), so the width zsh knows is the column the
 * cursor is at before ESC[K, plus m, plus 1. Returns where each starts and its m.
 */
export function zshRightPrompts(chunk: Buffer): Array<{ at: number; back: number }> {
  const found: Array<{ at: number; back: number }> = [];
  for (let i = chunk.indexOf(RPROMPT_START); i >= 0; i = chunk.indexOf(RPROMPT_START, i + 1)) {
    let j = i + RPROMPT_START.length;
    const forward = digits(chunk, j);
    if (forward === null || chunk[forward.end] !== 0x43 /* C */) continue;
    j = forward.end + 1;
    const limit = Math.min(chunk.length, j + MAX_RPROMPT_BYTES);
    let text = false;
    while (j < limit) {
      if (chunk[j] !== 0x1b) {
        if (chunk[j]! < 0x20) break; // a control character: not a plain right prompt
        text = true;
        j++;
        continue;
      }
      if (chunk[j + 1] !== 0x5b /* [ */) break;
      let k = j + 2;
      while (k < limit && ((chunk[k]! >= 0x30 && chunk[k]! <= 0x39) || chunk[k] === 0x3b)) k++;
      if (chunk[k] === 0x6d /* m */) {
        j = k + 1;
        continue;
      }
      const back = digits(chunk, j + 2);
      if (text && back !== null && back.end === k && chunk[k] === 0x44 /* D */ && back.value > forward.value)
        found.push({ at: i, back: back.value });
      break;
    }
  }
  return found;
}

function digits(chunk: Buffer, from: number): { value: number; end: number } | null {
  let end = from;
  let value = 0;
  while (end < chunk.length && end - from < 5 && chunk[end]! >= 0x30 && chunk[end]! <= 0x39)
    value = value * 10 + chunk[end++]! - 0x30;
  return end === from ? null : { value, end };
}
