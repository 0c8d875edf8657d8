import { extractCommands } from '../src/main/extraction/extract-commands';
import type { TerminalEvent } from '../src/main/formats/recording';
import { bareXtermSeconds } from './anchors';
import { collectGarbage, now } from './measure';
import { SyntheticSession } from './synthetic-session';

export interface ExtractionFigures {
  outputBytes: number;
  events: number;
  /** Median seconds of the rounds, and the rounds' range. */
  seconds: number;
  minSeconds: number;
  maxSeconds: number;
  rounds: number;
  commands: number;
  /** The same output through a bare xterm.js terminal (the extraction limit), median seconds. */
  bareXtermSeconds: number;
}

/**
 * Command extraction over one interactive session, as import and reindex run it: a prompt,
 * keystrokes echoed one by one, Enter, coloured output (the import bench's synthetic session).
 * It measures whatever the shell extractor is when the bench runs.
 */
export async function runExtractionBench(targetOutputBytes: number, rounds: number): Promise<ExtractionFigures> {
  const session = new SyntheticSession(0xe7c);
  const events: TerminalEvent[] = [];
  let outputBytes = 0;
  while (outputBytes < targetOutputBytes) {
    const p = session.next();
    events.push({ atUs: p.elapsedUs, kind: p.source === 0 ? 'input' : 'output', code: p.code ?? 0, data: p.data });
    if (p.source === 1) outputBytes += p.data.length;
  }
  const terminal = { term: 'xterm-256color', cols: 120, rows: 40, modes: [] };
  const times: number[] = [];
  let commands = 0;
  for (let r = 0; r < rounds; r++) {
    collectGarbage();
    const t0 = now();
    const result = await extractCommands({ type: 'shell', command: null, terminal, exitStatus: null, events });
    times.push(now() - t0);
    commands = result.commands.length;
    if (times[0]! > 20) break; // a slow extractor: one round says enough, and keeps the bench short
  }
  const sorted = [...times].sort((a, b) => a - b);
  const output = events.filter((e) => e.kind === 'output').map((e) => e.data);
  return {
    outputBytes,
    events: events.length,
    seconds: sorted[Math.floor(sorted.length / 2)]!,
    minSeconds: sorted[0]!,
    maxSeconds: sorted.at(-1)!,
    rounds: times.length,
    commands,
    bareXtermSeconds: await bareXtermSeconds(output, rounds),
  };
}
