import { SerializeAddon } from '@xterm/addon-serialize';
import { describe, expect, it } from 'vitest';
import { REPLAY_SCROLLBACK } from '../../src/shared/replay-terminal';
import { createReplayTerminal } from '../../src/main/terminal/headless-terminal';
import { parserAtRest, unserializedState } from '../../src/main/replay/terminal-state';
import type { HeadlessTerminal } from '../../src/main/terminal/headless-terminal';

const write = (term: HeadlessTerminal, data: string): Promise<void> =>
  new Promise((resolve) => term.write(data, resolve));

/** What a viewer could tell apart: every line of both buffers, the cursor and whether it shows. */
function looks(term: HeadlessTerminal): unknown {
  const lines = (buffer: HeadlessTerminal['buffer']['normal']): string[] =>
    Array.from({ length: buffer.length }, (_, i) => {
      const line = buffer.getLine(i)!;
      return `${line.isWrapped ? '~' : '|'}${line.translateToString(true)}`;
    });
  const active = term.buffer.active;
  const serializer = new SerializeAddon();
  term.loadAddon(serializer);
  return {
    type: active.type,
    cursor: [active.cursorX, active.cursorY, active.baseY],
    normal: lines(term.buffer.normal),
    alternate: lines(term.buffer.alternate),
    cursorHidden: (term as unknown as { _core: { coreService: { isCursorHidden: boolean } } })._core.coreService
      .isCursorHidden,
    serialized: serializer.serialize({ scrollback: REPLAY_SCROLLBACK }),
  };
}

/** Plays `before`, restores a second terminal from its snapshot, plays `after` into both. */
async function restoredAndOriginal(before: string, after: string, withState = true): Promise<[unknown, unknown]> {
  const original = createReplayTerminal(20, 6);
  const serializer = new SerializeAddon();
  original.loadAddon(serializer);
  await write(original, before);
  const snapshot =
    serializer.serialize({ scrollback: REPLAY_SCROLLBACK }) + (withState ? unserializedState(original) : '');
  const restored = createReplayTerminal(20, 6);
  await write(restored, snapshot);
  await write(original, after);
  await write(restored, after);
  const result: [unknown, unknown] = [looks(restored), looks(original)];
  original.dispose();
  restored.dispose();
  return result;
}

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i}`).join('\r\n');

describe('terminal state a snapshot adds to @xterm/addon-serialize', () => {
  it.each([
    // apt draws its progress bar on the last row, outside a scroll region, with ESC 7 / ESC 8.
    [
      'a scroll region and a saved cursor (apt progress bar)',
      `${lines(3)}\x1b7\x1b[1;5r\x1b8`,
      `\r\n${lines(8)}\x1b7\x1b[6;1HProgress: [ 40%]\x1b8more\r\n`,
    ],
    ['a scroll region with origin mode', `${lines(4)}\x1b[2;4r\x1b[?6h\x1b[2;3H`, 'ab\r\n\r\n\r\n\r\ncd\x1b[1;1HX'],
    ['the line-drawing character set in G0', '\x1b(0lqqk', 'x  x\r\nmqqj\x1b(Bplain'],
    ['line drawing in G1, shifted in', '\x1b)0\x0elqk', 'x\x0fq'],
    ['a hidden cursor', 'vim\x1b[?25l', 'drawn'],
    ['a saved cursor', 'ab\x1b7\x1b[3;3H', '\x1b8X'],
    ['a saved cursor scrolled up', `\x1b[2;2H\x1b7${lines(20)}`, '\x1b8X'],
    [
      'a scroll region on the alternate screen',
      `${lines(8)}\x1b[?1049h\x1b[H\x1b[2J\x1b[1;5rtop`,
      `\x1b[5;1H${lines(7)}`,
    ],
    ['leaving the alternate screen', `${lines(8)}\x1b[?1049h\x1b[H\x1b[2Jtop`, '\x1b[?1049lback'],
    ['a pending wrap at the right margin', `x\r\n${'a'.repeat(20)}`, 'b'],
    [
      'a pending wrap after a full-screen program left a saved cursor',
      `\x1b[?1049h\x1b[?1049l\x1b[31m${'a'.repeat(19)}\x1b[1;44mZ\x1b[0;32m`,
      'b',
    ],
    ['a pending wrap after a wide character, in insert mode', `\x1b7\x1b[4h${'a'.repeat(18)}東`, 'b\x1b[1;3Hc'],
    ['the attributes a saved cursor restores', '\x1b[3;3H\x1b[1;38;5;200m\x1b7\x1b[0mplain', '\x1b8bold'],
  ])('%s', async (_name, before, after) => {
    const [restored, original] = await restoredAndOriginal(before, after);
    expect(restored).toEqual(original);
  });

  it('is what the addon alone gets wrong (so the cases above test something)', async () => {
    const [restored, original] = await restoredAndOriginal(`${lines(3)}\x1b7\x1b[1;5r\x1b8`, `\r\n${lines(8)}`, false);
    expect(restored).not.toEqual(original);
  });

  it('tells when the parser is inside an escape sequence (no snapshot can be taken there)', async () => {
    const term = createReplayTerminal(20, 6);
    const states: boolean[] = [];
    for (const piece of ['ab', '\x1b[1', ';31m', 'red\x1b]0;ti', 'tle\x07', '\x1b', '(0', 'q']) {
      await write(term, piece);
      states.push(parserAtRest(term));
    }
    expect(states).toEqual([true, false, true, false, true, false, true, true]);
    term.dispose();
  });
});
