import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromFile } from '../helpers/extract-sample';
import { scoreCommands, storedTexts } from '../helpers/extraction-score';
import { sample, SAMPLES, truth } from '../helpers/fixtures';

// Each interactive sample in every format that carries its output; the ZIP has no keystrokes.
const cases = [
  ['sample-shell', 'capture'],
  ['sample-shell', 'cast'],
  ['sample-shell', 'decrypted.zip'],
  ['sample-editing', 'capture'],
  ['sample-editing', 'cast'],
  ['sample-editing', 'decrypted.zip'],
] as const;

describe.each(cases)('command extraction: %s.%s against bash history', (scenario, ext) => {
  const t = truth(scenario);

  it('finds exactly the commands bash executed (precision and recall 100%), at the right time', async () => {
    const { result, startUs } = await extractFromFile(sample(`${scenario}.${ext}`));
    const score = scoreCommands(result, t, startUs);
    console.log(
      `${scenario}.${ext}: precision ${(score.precision * 100).toFixed(1)}%, recall ${(score.recall * 100).toFixed(1)}% (${score.matched}/${score.expected})`,
    );
    expect({ missing: score.missing, unexpected: score.unexpected, timing: score.lateOrEarly }).toEqual({
      missing: [],
      unexpected: [],
      timing: [],
    });
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(1);
  });

  it('stores no secret and no typed text that never ran as a command', async () => {
    const { result } = await extractFromFile(sample(`${scenario}.${ext}`));
    for (const secret of t.secrets) for (const text of storedTexts(result)) expect(text).not.toContain(secret);
    const texts = result.commands.map((c) => c.text);
    for (const never of t.not_commands) expect(texts).not.toContain(never);
  });

  it('keeps the output each command printed', async () => {
    const { result } = await extractFromFile(sample(`${scenario}.${ext}`));
    const outputs = result.commands.map((c) => c.output).join('\n');
    for (const snippet of t.output_snippets) expect(outputs).toContain(snippet);
  });
});

describe('what the extractor records besides commands', () => {
  it('marks the vim session, the hidden passphrase and nothing of its text', async () => {
    const { result } = await extractFromFile(sample('sample-editing.capture'));
    const kinds = result.marks.map((m) => m.kind);
    expect(kinds).toContain('fullscreen');
    expect(kinds).toContain('hidden-input');
    expect(result.marks.find((m) => m.kind === 'fullscreen')!.detail).toBe('vim todo.md');
    expect(result.marks.find((m) => m.kind === 'fullscreen')!.endUs).not.toBeNull();
  });

  it('marks top full-screen like vim, less and man, though it paints the main screen, until the prompt is back', async () => {
    const recording = join(process.cwd(), 'test', 'fixtures', 'recordings', 'fullscreen.cast');
    const recorded = JSON.parse(readFileSync(recording.replace(/\.cast$/, '.truth.json'), 'utf8')) as {
      commands: Array<{ text: string; ts: number }>;
    };
    const { result, startUs } = await extractFromFile(recording);
    const spans = result.marks.filter((m) => m.kind === 'fullscreen');
    expect(spans.map((m) => m.detail)).toEqual(['vim todo.txt', 'less numbers.txt', 'top', 'man ls']);
    // top's span: from its Enter to before the next command was typed (the truth's times are whole seconds).
    const at = (text: string): number => recorded.commands.find((c) => c.text === text)!.ts * 1e6 - startUs;
    const top = spans.find((m) => m.detail === 'top')!;
    expect(top.atUs).toBeGreaterThanOrEqual(at('top') - 1e6);
    expect(top.endUs).not.toBeNull();
    expect(top.endUs!).toBeGreaterThan(top.atUs);
    expect(top.endUs!).toBeLessThan(at('man ls') + 1e6);
  });

  it('keeps the line abandoned with Ctrl-C as abandoned input, not a command', async () => {
    const { result } = await extractFromFile(sample('sample-shell.capture'));
    expect(result.marks.filter((m) => m.kind === 'abandoned-input').map((m) => m.detail)).toEqual(['reboot']);
  });

  it('reads user, host and working directory from the prompt', async () => {
    const { result } = await extractFromFile(sample('sample-shell.capture'));
    const ls = result.commands.find((c) => c.text === 'ls | head -n 5')!;
    expect(ls).toMatchObject({ user: 'root', host: 'sample-box', cwd: 'log', method: 'screen', guess: null });
  });
});

describe('shell integration marks, when the shell sends them', () => {
  it('give each command its exit status (OSC 133;D) and directory (OSC 7)', async () => {
    const { result } = await extractFromFile(join(SAMPLES, '..', 'recordings', 'shell-marks.cast'));
    expect(result.commands.map((c) => [c.text, c.exitStatus, c.cwd])).toEqual([
      ['echo with marks', 0, '/tmp/sshlens-rec/shell-marks/home'],
      ['ls /nonexistent-dir', 2, '/tmp/sshlens-rec/shell-marks/home'],
      ['cd /var/log', 0, '/tmp/sshlens-rec/shell-marks/home'],
      ['ls -d /etc/hostname ', 0, '/var/log'],
      ['for d in a b\ndo echo "$d"; done', 0, '/var/log'],
      ['exit', null, '/var/log'],
    ]);
  });
});
