/**
 * Splits raw client input into keys: escape sequences (the paste brackets ESC[200~ / ESC[201~
 * among them), Alt+key (ESC then one character), control bytes, and single characters. One key
 * per element, so a model can apply them one at a time. What the terminal itself sends back in
 * the same stream (answers to a program's queries, focus and mouse reports) is not a key: left out.
 */
export function splitKeys(input: string): string[] {
  const keys: string[] = [];
  const re =
    // eslint-disable-next-line no-control-regex -- keys are control bytes and escape sequences
    /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[P_^][\s\S]*?(?:\x1b\\|$)|\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1bO.|\x1b[\s\S]?|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+/gu;
  for (const m of input.matchAll(re)) {
    const k = m[0];
    if (isTerminalReport(k)) continue;
    if (k.charCodeAt(0) >= 0x20 && k.charCodeAt(0) !== 0x7f) for (const ch of k) keys.push(ch);
    else keys.push(k);
  }
  return keys;
}

/**
 * Sequences the terminal sends on its own: OSC and DCS replies (colours, tmux's XTVERSION), the
 * cursor position report (ESC[row;colR), device attributes (ESC[>..c, ESC[?..c), mode and
 * window reports, focus in/out (ESC[I, ESC[O) and SGR mouse reports.
 */
function isTerminalReport(k: string): boolean {
  if (k.length < 3 || k[0] !== '\x1b') return false;
  if (k[1] === ']' || k[1] === 'P' || k[1] === '_' || k[1] === '^') return true;
  // eslint-disable-next-line no-control-regex -- terminal reports are escape sequences
  return /^\x1b\[(?:\??\d+;\d+R|[>?=][\d;]*c|\??[\d;]*\$y|\d+(?:;\d+)*t|[IO]|<[\d;]+[Mm])$/.test(k);
}

/** A character that inserts itself (not a control byte, not an escape sequence). */
export function isPrintable(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x20 && c !== 0x7f && key[0] !== '\x1b';
}

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

/** Keys by what they mean to line editors, whatever the terminal sent (xterm, tmux and screen variants). */
const NAMED: Record<string, string> = {
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x1b[7~': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[8~': 'end',
  '\x1b[3~': 'delete',
  '\x1b[1;5D': 'word-left',
  '\x1b[1;5C': 'word-right',
  '\x1b[1;3D': 'word-left',
  '\x1b[1;3C': 'word-right',
};

export function keyName(key: string): string | undefined {
  return NAMED[key];
}
