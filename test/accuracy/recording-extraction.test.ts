import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../src/main/extraction/extraction-types';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { extractFromCast, extractFromFile } from '../helpers/extract-sample';
import {
  scoreCommands,
  storedTexts,
  tallyByShell,
  type Score,
  type ShellTally,
  type TruthCommands,
} from '../helpers/extraction-score';
import { SAMPLES } from '../helpers/fixtures';

/**
 * Real sessions recorded for the hard cases (test/fixtures/recordings/README.md), each with the
 * shells' own history (or, for dash, the lines typed, checked against their output) as truth.
 */
const DIR = join(SAMPLES, '..', 'recordings');
const scenarios = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.truth.json'))
      .map((f) => f.replace(/\.truth\.json$/, ''))
      .sort()
  : [];

interface RecordingTruth extends Omit<TruthCommands, 'commands'> {
  shell?: string;
  commands: Array<{ text: string; ts: number; executed?: boolean; shell?: string }>;
  hidden_inputs?: number;
  hard_cases?: string[];
  program_inputs?: Array<{ program: string; text: string; parent?: string }>;
}

function withoutBracketedPaste(ev: TerminalEvent): TerminalEvent {
  if (ev.kind !== 'output') return ev;
  // eslint-disable-next-line no-control-regex -- the mode switches are escape sequences
  const switches = /\x1b\[\?2004[hl]/g;
  const text = Buffer.from(ev.data).toString('latin1').replace(switches, '');
  return { ...ev, data: Uint8Array.from(Buffer.from(text, 'latin1')) };
}

/** Per shell, over every recording: printed at the end. */
const tallies = new Map<string, ShellTally>();

afterAll(() => {
  if (tallies.size === 0) return;
  const percent = (a: number, b: number): string => (b === 0 ? '100.0' : ((a / b) * 100).toFixed(1));
  const lines = [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([shell, t]) =>
        `  ${shell.padEnd(46)} precision ${percent(t.matched, t.found).padStart(5)}%  recall ${percent(t.matched, t.expected).padStart(5)}%  (${t.matched}/${t.expected} found, ${t.found - t.matched} wrong)`,
    );
  console.log(`command extraction per shell:\n${lines.join('\n')}`);
});

describe.each(scenarios)('command extraction on the recording %s', (name) => {
  const truth = JSON.parse(readFileSync(join(DIR, `${name}.truth.json`), 'utf8')) as RecordingTruth;
  const cast = join(DIR, `${name}.cast`);
  let extracted: Promise<{ result: ExtractionResult; startUs: number }> | null = null;
  const extract = (): Promise<{ result: ExtractionResult; startUs: number }> => (extracted ??= extractFromFile(cast));
  let score: Score | null = null;

  it(`finds exactly what the shells ran (${(truth.hard_cases ?? []).join(', ')})`, async () => {
    const { result, startUs } = await extract();
    score = scoreCommands(result, truth, startUs);
    tallyByShell(tallies, truth, score, truth.shell ?? 'bash');
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
    const { result } = await extract();
    for (const secret of truth.secrets) for (const text of storedTexts(result)) expect(text).not.toContain(secret);
    // Each line typed at an echo-off prompt leaves a mark, and only a mark.
    expect(result.marks.filter((m) => m.kind === 'hidden-input').length).toBe(
      truth.hidden_inputs ?? truth.secrets.length,
    );
    const commandTexts = result.commands.filter((c) => c.kind !== 'program-input').map((c) => c.text);
    for (const never of truth.not_commands) expect(commandTexts).not.toContain(never);
  });

  it('says so when a command the history recorded never ran, and only then', async () => {
    const { result, startUs } = await extract();
    const s = score ?? scoreCommands(result, truth, startUs);
    const found = result.commands.filter((c) => c.kind !== 'program-input');
    for (const m of s.matches) {
      if (m.expected === null) continue;
      const ran = truth.commands[m.expected]!.executed !== false;
      expect({ text: found[m.found]!.text, neverRan: /never ran/.test(found[m.found]!.guess ?? '') }).toEqual({
        text: found[m.found]!.text,
        neverRan: !ran,
      });
    }
  });

  // The extractor must not rest on one shell's or one recorder's habits: the same recording
  // without bracketed paste (bash before 5.1, other line editors) or without its resize events
  // (a Cloudflare capture has no resize packet) gives the same commands.
  it.each([
    ['without bracketed paste', withoutBracketedPaste],
    ['without resize events', (ev: TerminalEvent) => (ev.kind === 'resize' ? null : ev)],
  ])('finds the same %s', async (_, change) => {
    const result = await extractFromCast(cast, change);
    const texts = (kind: 'program-input' | 'other'): string[] =>
      result.commands.filter((c) => (c.kind === 'program-input') === (kind === 'program-input')).map((c) => c.text);
    expect(texts('other')).toEqual(truth.commands.map((c) => c.text));
    expect(texts('program-input')).toEqual((truth.program_inputs ?? []).map((p) => p.text));
  });

  it('attributes lines typed into other programs to them and to the command that started them', async () => {
    const { result } = await extract();
    const inputs = result.commands
      .filter((c) => c.kind === 'program-input')
      .map((c) => ({
        program: c.programName,
        text: c.text,
        parent: c.parentIndex === null ? null : (result.commands[c.parentIndex]?.text ?? null),
      }));
    expect(inputs).toEqual((truth.program_inputs ?? []).map((p) => ({ parent: null, ...p })));
    for (const c of result.commands.filter((c) => c.kind === 'program-input'))
      expect(result.commands[c.parentIndex!]!.kind).toBe('shell');
  });
});
