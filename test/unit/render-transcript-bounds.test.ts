import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { renderTranscript } from '../../src/main/terminal/render-transcript';

const output = (text: string, atUs = 0): TerminalEvent => ({ atUs, kind: 'output', code: 0, data: Buffer.from(text) });
const resize = (cols: number, rows: number): TerminalEvent => ({
  atUs: 0,
  kind: 'resize',
  code: 0,
  data: Buffer.from(`${cols}x${rows}`),
});

// A transcript never needs more memory than its bounds: a terminal 1000 columns wide keeps 20,000
// lines of scrollback (12 bytes a cell), and says when earlier lines were dropped.
describe('transcript bounds', () => {
  it('keeps the last lines of a wide terminal and says the earlier ones are not shown', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i}\r\n`).join('');
    const text = await renderTranscript([output(lines)], { term: null, cols: 1000, rows: 50, modes: [] });
    const shown = text.split('\n');
    expect(shown[0]).toMatch(/^\[earlier lines are not shown: the transcript keeps its last 20000 lines;/);
    expect(shown).toContain('line 29999');
    expect(shown).not.toContain('line 0');
  });

  it('shrinks the scrollback before a resize widens every line', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `line ${i}\r\n`).join('');
    const text = await renderTranscript([output(lines), resize(1000, 24), output('last\r\n')], {
      term: null,
      cols: 80,
      rows: 24,
      modes: [],
    });
    expect(text.split('\n')[0]).toMatch(/keeps its last 20000 lines/);
    expect(text).toContain('last');
  });

  it('says nothing when everything fits', async () => {
    const text = await renderTranscript([output('a\r\nb\r\n')], { term: null, cols: 80, rows: 24, modes: [] });
    expect(text).toBe('a\nb');
  });
});
