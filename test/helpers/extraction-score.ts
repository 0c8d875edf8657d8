import type { ExtractionResult } from '../../src/main/extraction/extraction-types';

export interface TruthCommands {
  commands: Array<{ text: string; ts: number }>;
  secrets: string[];
  not_commands: string[];
  program_inputs?: Array<{ program: string; text: string }>;
}

export interface Score {
  expected: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
  missing: string[];
  unexpected: string[];
  lateOrEarly: string[];
}

/**
 * Precision and recall of the shell (and exec) commands against bash's own history, matched
 * in order (a longest common subsequence), plus each matched command's time within ±2 s.
 */
export function scoreCommands(result: ExtractionResult, truth: TruthCommands, startUs: number): Score {
  const found = result.commands.filter((c) => c.kind !== 'program-input');
  const expected = truth.commands;
  const n = expected.length;
  const m = found.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        expected[i]!.text === found[j]!.text ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const missing: string[] = [];
  const unexpected: string[] = [];
  const lateOrEarly: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (expected[i]!.text === found[j]!.text) {
      const seconds = (startUs + found[j]!.atUs) / 1e6;
      if (Math.abs(seconds - expected[i]!.ts) > 2)
        lateOrEarly.push(`${expected[i]!.text} at ${seconds.toFixed(1)}, history says ${expected[i]!.ts}`);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) missing.push(expected[i++]!.text);
    else unexpected.push(found[j++]!.text);
  }
  while (i < n) missing.push(expected[i++]!.text);
  while (j < m) unexpected.push(found[j++]!.text);
  const matched = lcs[0]![0]!;
  return {
    expected: n,
    found: m,
    matched,
    precision: m === 0 ? 1 : matched / m,
    recall: n === 0 ? 1 : matched / n,
    missing,
    unexpected,
    lateOrEarly,
  };
}

/** Every text the extraction stores or shows: a secret must be in none of them. */
export function storedTexts(result: ExtractionResult): string[] {
  return [
    ...result.commands.flatMap((c) => [c.text, c.output, c.prompt ?? '']),
    ...result.marks.map((m) => m.detail ?? ''),
    ...result.strayOutput.map((s) => s.text),
  ];
}
