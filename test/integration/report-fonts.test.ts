// A PDF report prints every script a recording or a note may hold: Japanese, Chinese, Korean and
// emoji, in one sans family (Noto) for the text and one for code, never empty boxes. Checked in
// the PDF itself (pdffonts, pdftotext of poppler-utils) printed by the real Chromium through the
// real CLI; the fonts are Debian's fonts-noto-cjk and fonts-noto-color-emoji (.ci/run).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

const NOTE = 'ログを確認した 調查 확인 🔑';

describe('PDF reports in every script', () => {
  const dir = tempDir('sshlens-report-fonts-');
  const casePath = join(dir.path, 'case.sqlite');
  const env = { SSHLENS_HOME: dir.path };
  afterAll(() => dir.cleanup());

  it('prints Japanese, Chinese, Korean and emoji with real glyphs, in one text family', () => {
    const run = (...args: string[]) => sshlens(['--case', casePath, ...args], env);
    expect(run('import', '--key-file', SAMPLE_KEY, sample('sample-shell.capture')).status).toBe(0);
    expect(run('note', 'add', 's1', '--text', NOTE).status).toBe(0);
    const pdf = join(dir.path, 'report.pdf');
    const written = run('report', '-o', pdf);
    expect(written.status, written.stderr).toBe(0);

    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts.status).toBe(0);
    const fonts2 = fonts.stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => ({ name: l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''), type3: /\bType 3\b/.test(l) }));
    // Without a font that has them, Chromium embeds only the Latin faces and CJK prints as empty
    // boxes (tried with a fontconfig limited to DejaVu); with Noto's, their glyphs are embedded
    // (as Type 3 outlines from the CJK and emoji fonts).
    expect(fonts2.some((f) => f.type3 || /CJK|Emoji/i.test(f.name))).toBe(true);
    // One text family: no serif face anywhere.
    expect(fonts2.filter((f) => /Serif/i.test(f.name))).toEqual([]);
    // The text stays text (the glyphs map back to the characters), for search and copy.
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout;
    for (const word of ['ログを確認した', '調查', '확인']) expect(text).toContain(word);
  });
});
