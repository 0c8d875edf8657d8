import { describe, expect, it } from 'vitest';
import { buildLinesSnippet, buildSnippet } from '../../src/main/search/snippet';

const marked = (s: { text: string; matches: Array<{ start: number; end: number }> }): string => {
  let out = '';
  let at = 0;
  for (const m of s.matches) {
    out += `${s.text.slice(at, m.start)}[${s.text.slice(m.start, m.end)}]`;
    at = m.end;
  }
  return out + s.text.slice(at);
};

describe('buildSnippet', () => {
  it('shows a short text whole, with its matches', () => {
    expect(marked(buildSnippet('cat /etc/passwd', [[9, 15]]))).toBe('cat /etc/[passwd]');
  });

  it('starts at the line of the first match and stops at the end of that line, marking cuts with …', () => {
    const text = 'root\n12.11\nwarning: low disk on /var\nmore output\n';
    expect(marked(buildSnippet(text, [[20, 28]]))).toBe('…warning: [low disk] on /var…');
  });

  it('adds no … for what is only whitespace', () => {
    expect(buildSnippet('\n\nlow disk\n\n', [[2, 5]]).text).toBe('low disk');
  });

  it('cuts a long line around the match, some characters before it', () => {
    const text = `${'x'.repeat(500)} needle ${'y'.repeat(500)}`;
    const s = buildSnippet(text, [[501, 507]], 80);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBe(82);
    expect(marked(s)).toContain('[needle]');
    expect(s.text.indexOf('needle')).toBe(41);
  });

  it('keeps every match inside the window, merged where they overlap, and drops those outside', () => {
    const text = 'aaa bbb aaa ' + 'z'.repeat(400) + ' aaa';
    const s = buildSnippet(
      text,
      [
        [8, 11],
        [0, 3],
        [1, 2],
        [text.length - 3, text.length],
      ],
      40,
    );
    expect(s.matches).toEqual([
      { start: 0, end: 3 },
      { start: 8, end: 11 },
    ]);
  });

  it('shows line breaks and tabs as spaces, one for one, so ranges stay exact', () => {
    const s = buildSnippet('a\tb\r\nneedle', [[5, 11]]);
    expect(s.text).toBe('…needle');
    const t = buildSnippet('x\tneedle\ty', [[2, 8]]);
    expect(t.text).toBe('x needle y');
    expect(t.text.slice(t.matches[0]!.start, t.matches[0]!.end)).toBe('needle');
  });

  it('never cuts a surrogate pair in half', () => {
    const text = `${'😀'.repeat(100)}needle`;
    const s = buildSnippet(text, [[200, 206]], 50);
    expect(s.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('starts at the beginning when nothing is marked (a search by filters only)', () => {
    expect(buildSnippet('uptime -p', []).text).toBe('uptime -p');
  });
});

describe('buildLinesSnippet (output hits keep their lines)', () => {
  it('shows the line of the match and one line either side, each as it was, … where lines were left out', () => {
    // What `seq 19860 19889` prints, CR LF between lines as a terminal records it.
    const seq = Array.from({ length: 30 }, (_, i) => String(19860 + i)).join('\r\n');
    const at = seq.indexOf('19876');
    expect(marked(buildLinesSnippet(seq, [[at, at + 5]]))).toBe('…19875\n[19876]\n19877…');
  });

  it('at the start or end of the output, shows what is there, without …', () => {
    expect(marked(buildLinesSnippet('19876\n19877\n19878', [[0, 5]]))).toBe('[19876]\n19877…');
    expect(marked(buildLinesSnippet('a\nb\nneedle', [[4, 10]]))).toBe('…b\n[needle]');
    expect(marked(buildLinesSnippet('needle', [[0, 6]]))).toBe('[needle]');
  });

  it('leaves out blank lines around the match', () => {
    expect(marked(buildLinesSnippet('\n\n\nlow disk\n\n\n', [[3, 6]]))).toBe('[low] disk');
  });

  it('cuts a long match line around the match and long context lines at their width', () => {
    const text = `${'a'.repeat(300)}\n${'x'.repeat(500)} needle ${'y'.repeat(500)}\nb`;
    const at = text.indexOf('needle');
    const s = buildLinesSnippet(text, [[at, at + 6]], 80);
    const lines = s.text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${'a'.repeat(80)}…`);
    expect(lines[1]!.startsWith('…x')).toBe(true);
    expect(lines[1]!.endsWith('y…')).toBe(true);
    expect(lines[2]).toBe('b');
    expect(marked(s)).toContain('[needle]');
  });

  it('marks matches on every line shown, and keeps tabs and control characters for the caller', () => {
    const text = 'pass one\n\tpass \x1b[31mtwo\npass three\npass four';
    const s = buildLinesSnippet(text, [
      [0, 4],
      [10, 14],
      [29, 33],
      [40, 44],
    ]);
    expect(marked(s)).toBe('[pass] one\n\t[pass] \x1b[31mtwo…');
  });
});
