import { describe, expect, it } from 'vitest';
import { extractCommands } from '../../src/main/extraction/extract-commands';
import type { TerminalEvent } from '../../src/main/formats/recording';

const PROMPT = '\x1b[?2004h[root@box ~]# ';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A bash session typed key by key, each key echoed, each Enter answered with `answers[i]` and a prompt. */
function session(lines: string[], answers: string[]): TerminalEvent[] {
  const events: TerminalEvent[] = [{ atUs: 0, kind: 'output', code: 0, data: bytes(PROMPT) }];
  let t = 1000;
  lines.forEach((line, i) => {
    for (const ch of line)
      events.push(
        { atUs: (t += 100_000), kind: 'input', code: 0, data: bytes(ch) },
        { atUs: (t += 500), kind: 'output', code: 0, data: bytes(ch) },
      );
    events.push({ atUs: (t += 300_000), kind: 'input', code: 0, data: bytes('\r') });
    events.push({ atUs: (t += 500), kind: 'output', code: 0, data: bytes(`\r\n\x1b[?2004l\r${answers[i]}${PROMPT}`) });
  });
  return events;
}

const extract = (events: TerminalEvent[]) =>
  extractCommands({
    type: 'shell',
    command: null,
    terminal: { term: 'xterm', cols: 80, rows: 24, modes: [] },
    exitStatus: null,
    events,
  });

describe('history expansion as the shell printed it', () => {
  it('takes the line bash printed, and says a :p line never ran', async () => {
    const r = await extract(
      session(['echo alpha', '!!', '!echo:p'], ['alpha\r\n', 'echo alpha\r\nalpha\r\n', 'echo alpha\r\n']),
    );
    expect(r.commands.map((c) => [c.text, c.output, /never ran/.test(c.guess ?? '')])).toEqual([
      ['echo alpha', 'alpha', false],
      ['echo alpha', 'alpha', false],
      ['echo alpha', '', true],
    ]);
  });

  it('drops a line whose expansion bash could not resolve: it neither ran nor went to history', async () => {
    const r = await extract(session(['!nosuch', 'echo ok'], ['bash: !nosuch: event not found\r\n', 'ok\r\n']));
    expect(r.commands.map((c) => c.text)).toEqual(['echo ok']);
    expect(r.marks.filter((m) => m.kind === 'abandoned-input').map((m) => m.detail)).toEqual(['!nosuch']);
  });
});
