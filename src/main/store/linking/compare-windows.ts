import type { TerminalEvent } from '../../formats/recording';
import { TextNormalizer } from './text-normalizer';

/** How a piece of a recording compares with what is stored over the same span of time. */
export interface WindowComparison {
  /** Output (as text) differs. */
  outputDiffers: boolean;
  /** Both have keystrokes there and they differ. */
  inputDiffers: boolean;
  /** The stored events have no keystrokes there and the piece has some. */
  addsInput: boolean;
  /** Time of the first event whose output differs, and short excerpts of both sides from there. */
  atUs: number | null;
  stored: string;
  found: string;
}

const EXCERPT = 48;

/**
 * Compares the events of two recordings of the same program over one span of time. Event
 * boundaries may differ (a capture's packets, a cast's events), so what is compared is the
 * output as text (normalized the same way on both sides) and the keystrokes as bytes.
 */
export function compareWindow(stored: readonly TerminalEvent[], piece: readonly TerminalEvent[]): WindowComparison {
  const a = streams(stored);
  const b = streams(piece);
  const at = firstDifference(a.output, b.output);
  const outputDiffers = at !== -1;
  const storedHasInput = a.input.length > 0;
  const pieceHasInput = b.input.length > 0;
  return {
    outputDiffers,
    inputDiffers: storedHasInput && pieceHasInput && firstDifference(a.input, b.input) !== -1,
    addsInput: !storedHasInput && pieceHasInput,
    atUs: outputDiffers ? timeOfOffset(piece, at) : null,
    stored: outputDiffers ? excerpt(a.output, at) : '',
    found: outputDiffers ? excerpt(b.output, at) : '',
  };
}

function streams(events: readonly TerminalEvent[]): { output: Buffer; input: Buffer } {
  const normalizer = new TextNormalizer();
  const out: Uint8Array[] = [];
  const input: Uint8Array[] = [];
  for (const ev of events) {
    if (ev.kind === 'output') out.push(normalizer.push(ev.data));
    else if (ev.kind === 'input') input.push(ev.data);
  }
  out.push(normalizer.end());
  return { output: Buffer.concat(out), input: Buffer.concat(input) };
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function timeOfOffset(events: readonly TerminalEvent[], offset: number): number | null {
  let at = 0;
  for (const ev of events) {
    if (ev.kind !== 'output') continue;
    at += ev.data.length;
    if (at > offset) return ev.atUs;
  }
  return events.at(-1)?.atUs ?? null;
}

function excerpt(bytes: Buffer, at: number): string {
  return bytes.subarray(at, at + EXCERPT).toString('utf8');
}
