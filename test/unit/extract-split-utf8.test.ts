import { describe, expect, it } from 'vitest';
import { extractCommands } from '../../src/main/extraction/extract-commands';
import type { TerminalEvent } from '../../src/main/formats/recording';

const PROMPT = '\x1b[?2004h[root@box ~]# ';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Cuts every packet in two in the middle of its bytes (also inside a UTF-8 character). */
function splitEverywhere(events: TerminalEvent[]): TerminalEvent[] {
  return events.flatMap((e) =>
    e.data.length < 2
      ? [e]
      : [
          { ...e, data: e.data.subarray(0, Math.floor(e.data.length / 2)) },
          { ...e, data: e.data.subarray(Math.floor(e.data.length / 2)) },
        ],
  );
}

describe('UTF-8 split across packets', () => {
  it('reads the command and its output whole', async () => {
    const cmd = 'echo "Grüße ✔ 你好"';
    const events: TerminalEvent[] = [{ atUs: 0, kind: 'output', code: 0, data: bytes(PROMPT) }];
    let t = 1000;
    // Paste-like typing: each keystroke packet holds a multi-byte character, cut in half below.
    for (const ch of cmd)
      events.push(
        { atUs: (t += 1000), kind: 'input', code: 0, data: bytes(ch) },
        { atUs: (t += 10), kind: 'output', code: 0, data: bytes(ch) },
      );
    events.push({ atUs: (t += 1000), kind: 'input', code: 0, data: bytes('\r') });
    events.push({ atUs: (t += 10), kind: 'output', code: 0, data: bytes('\r\n\x1b[?2004l\rGrüße ✔ 你好\r\n') });
    events.push({ atUs: (t += 10), kind: 'output', code: 0, data: bytes(PROMPT) });
    const result = await extractCommands({
      type: 'shell',
      command: null,
      terminal: { term: 'xterm', cols: 80, rows: 24, modes: [] },
      exitStatus: null,
      events: splitEverywhere(events),
    });
    expect(result.commands.map((c) => [c.text, c.output])).toEqual([[cmd, 'Grüße ✔ 你好']]);
  });
});
