import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromFile } from '../helpers/extract-sample';
import { scoreCommands, storedTexts, type TruthCommands } from '../helpers/extraction-score';
import { SAMPLES } from '../helpers/fixtures';

/** Real sessions recorded for the hard cases (test/fixtures/recordings/README.md), each with bash's history as truth. */
const DIR = join(SAMPLES, '..', 'recordings');
const scenarios = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.truth.json'))
      .map((f) => f.replace(/\.truth\.json$/, ''))
      .sort()
  : [];

interface RecordingTruth extends Omit<TruthCommands, 'commands'> {
  commands: Array<{ text: string; ts: number; executed?: boolean }>;
  hard_cases?: string[];
  program_inputs?: Array<{ program: string; text: string }>;
}

describe.each(scenarios)('command extraction on the recording %s', (name) => {
  const truth = JSON.parse(readFileSync(join(DIR, `${name}.truth.json`), 'utf8')) as RecordingTruth;
  const cast = join(DIR, `${name}.cast`);

  it(`finds exactly what bash ran (${(truth.hard_cases ?? []).join(', ')})`, async () => {
    const { result, startUs } = await extractFromFile(cast);
    const score = scoreCommands(result, truth, startUs);
    console.log(
      `${name}: precision ${(score.precision * 100).toFixed(1)}%, recall ${(score.recall * 100).toFixed(1)}% (${score.matched}/${score.expected})`,
    );
    expect({ missing: score.missing, unexpected: score.unexpected, timing: score.lateOrEarly }).toEqual({
      missing: [],
      unexpected: [],
      timing: [],
    });
  });

  it('keeps secrets and never-run text out of everything it stores', async () => {
    const { result } = await extractFromFile(cast);
    for (const secret of truth.secrets) for (const text of storedTexts(result)) expect(text).not.toContain(secret);
    // Each secret was typed once at an echo-off prompt: each leaves a mark, and only a mark.
    expect(result.marks.filter((m) => m.kind === 'hidden-input').length).toBe(truth.secrets.length);
    const commandTexts = result.commands.filter((c) => c.kind !== 'program-input').map((c) => c.text);
    for (const never of truth.not_commands) expect(commandTexts).not.toContain(never);
  });

  it('says so when a command bash recorded never ran', async () => {
    const { result } = await extractFromFile(cast);
    for (const entry of truth.commands.filter((c) => c.executed === false)) {
      expect(result.commands.find((c) => c.text === entry.text)?.guess).toMatch(/never ran/);
    }
  });

  it('attributes lines typed into other programs to them', async () => {
    const { result } = await extractFromFile(cast);
    const inputs = result.commands
      .filter((c) => c.kind === 'program-input')
      .map((c) => ({ program: c.programName, text: c.text }));
    expect(inputs).toEqual(truth.program_inputs ?? []);
  });
});
