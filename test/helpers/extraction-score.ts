import type { ExtractionResult } from '../../src/main/extraction/extraction-types';

export interface TruthCommands {
  commands: Array<{ text: string; ts: number; shell?: string }>;
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
  /** Each found command (in order) and the index of the truth command it matched, or null. */
  matches: Array<{ found: number; expected: number | null }>;
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
  const matches: Score['matches'] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (expected[i]!.text === found[j]!.text) {
      const seconds = (startUs + found[j]!.atUs) / 1e6;
      if (Math.abs(seconds - expected[i]!.ts) > 2)
        lateOrEarly.push(`${expected[i]!.text} at ${seconds.toFixed(1)}, history says ${expected[i]!.ts}`);
      matches.push({ found: j, expected: i });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) missing.push(expected[i++]!.text);
    else {
      matches.push({ found: j, expected: null });
      unexpected.push(found[j++]!.text);
    }
  }
  while (i < n) missing.push(expected[i++]!.text);
  while (j < m) {
    matches.push({ found: j, expected: null });
    unexpected.push(found[j++]!.text);
  }
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
    matches,
  };
}

/** Precision and recall counts of one shell (by the truth's `shell` label) over several recordings. */
export interface ShellTally {
  expected: number;
  found: number;
  matched: number;
}

/**
 * Adds a recording's score to per-shell tallies: a truth command counts for its shell; a found
 * command for the shell of the truth command it matched, or (unmatched) of the truth command
 * before it.
 */
export function tallyByShell(
  tallies: Map<string, ShellTally>,
  truth: TruthCommands,
  score: Score,
  fallback: string,
): void {
  const tally = (shell: string): ShellTally => {
    let t = tallies.get(shell);
    if (!t) tallies.set(shell, (t = { expected: 0, found: 0, matched: 0 }));
    return t;
  };
  for (const c of truth.commands) tally(c.shell ?? fallback).expected++;
  let last = fallback;
  for (const m of score.matches) {
    if (m.expected !== null) last = truth.commands[m.expected]!.shell ?? fallback;
    tally(last).found++;
    if (m.expected !== null) tally(last).matched++;
  }
}

/** Every text the extraction stores or shows: a secret must be in none of them. */
export function storedTexts(result: ExtractionResult): string[] {
  return [
    ...result.commands.flatMap((c) => [c.text, c.output, c.prompt ?? '']),
    ...result.marks.map((m) => m.detail ?? ''),
    ...result.strayOutput.map((s) => s.text),
  ];
}
