import { describe, expect, it } from 'vitest';
import { splitKeys } from '../../src/main/extraction/shell/keys/split-keys';
import { TypedLine } from '../../src/main/extraction/shell/keys/typed-line';
import { lineText, type LineEvidence } from '../../src/main/extraction/shell/line-text';

const typed = (...input: string[]): TypedLine => {
  const line = new TypedLine('emacs', 'readline');
  for (const k of input.flatMap((s) => splitKeys(s))) line.key(k);
  return line;
};
const evidence = (screenText: string, keys: TypedLine, more: Partial<LineEvidence> = {}): LineEvidence => ({
  screenText,
  typedBeforePrompt: false,
  promptFound: true,
  keys,
  editor: true,
  zle: false,
  promptEnd: (text) => {
    const at = text.lastIndexOf('$ ');
    return at < 0 ? -1 : at + 2;
  },
  ...more,
});

describe('which text a line is', () => {
  it('is what the screen shows when a line editor echoed it', () => {
    expect(lineText(evidence('echo hello', typed('echo helo', '\x1b[D', 'l')))).toEqual({
      text: 'echo hello',
      method: 'screen',
      guess: null,
    });
  });

  it('is the bytes the terminal echoed as ^X when no editor read them (dash)', () => {
    const keys = typed('echo left', '\x1b[D', 'X');
    expect(lineText(evidence('echo left^[[DX', keys, { editor: false })).text).toBe('echo left\x1b[DX');
  });

  it('is the keys, through the line discipline, when a prompt was drawn in the middle of a line typed ahead', () => {
    const keys = typed('echo half typed ahead');
    const screen = 'echo half$  typed ahead';
    expect(lineText(evidence(screen, keys, { editor: false, typedBeforePrompt: true }))).toEqual({
      text: 'echo half typed ahead',
      method: 'keystrokes',
      guess: null,
    });
  });

  it('is the keys when the shell drew wide characters out of place, and says so', () => {
    const keys = typed('echo 🙂👍', '\x1b[D', 'X');
    const r = lineText(evidence('echo X🙂👍', keys));
    expect(r.text).toBe('echo 🙂X👍');
    expect(r.guess).toMatch(/wide characters/);
  });

  it("drops the space zle writes over a completion's suffix, keeps a typed one", () => {
    expect(lineText(evidence('ls -d /usr/share ', typed('ls -d /us', '\t'), { zle: true })).text).toBe(
      'ls -d /usr/share',
    );
    expect(lineText(evidence('echo hi ', typed('echo hi '), { zle: true })).text).toBe('echo hi ');
    expect(lineText(evidence('uptime ', typed('upti', '\t'))).text).toBe('uptime '); // bash keeps it
  });

  it('falls back to the keys with a guess when nothing of the line is on screen', () => {
    const r = lineText(evidence('', typed('cat /etc/hos', '\t')));
    expect(r.method).toBe('keystrokes');
    expect(r.guess).toMatch(/only the shell knows/);
  });
});
