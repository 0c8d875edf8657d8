import { SerializeAddon } from '@xterm/addon-serialize';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeScreen } from '../../src/main/replay/serialize-screen';
import { createReplayTerminal, type HeadlessTerminal } from '../../src/main/terminal/headless-terminal';
import { REPLAY_SCROLLBACK } from '../../src/shared/replay-terminal';
import { SAMPLES } from '../helpers/fixtures';
import { Rng } from '../fuzz/mutators';

const write = (term: HeadlessTerminal, data: string): Promise<void> =>
  new Promise((resolve) => term.write(data, resolve));

/** Plays `steps` into a replay terminal and compares both serializers after each step; returns how many steps were compared. */
async function compareAlong(
  cols: number,
  rows: number,
  steps: Iterable<string | { cols: number; rows: number }>,
  scrollback = REPLAY_SCROLLBACK,
): Promise<number> {
  const term = createReplayTerminal(cols, rows);
  const addon = new SerializeAddon();
  term.loadAddon(addon);
  let compared = 0;
  try {
    for (const step of steps) {
      if (typeof step === 'string') await write(term, step);
      else term.resize(step.cols, step.rows);
      expect(serializeScreen(term, scrollback)).toBe(addon.serialize({ scrollback }));
      compared += 1;
    }
  } finally {
    term.dispose();
  }
  return compared;
}

/** An asciicast v2's output and resizes, in order. */
function* castSteps(text: string): Generator<string | { cols: number; rows: number }> {
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const [, kind, data] = JSON.parse(line) as [number, string, string];
    if (kind === 'o') yield data;
    else if (kind === 'r') {
      const m = /^(\d+)x(\d+)$/.exec(data);
      if (m) yield { cols: Number(m[1]), rows: Number(m[2]) };
    }
  }
}

const RECORDINGS = join(SAMPLES, '..', 'recordings');

/** The fuzz tests' seeded generator (mulberry32): the same mix on every run. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** Text, every kind of SGR, wide and combining characters, erases with colour, cursor moves, wraps, modes, the alternate screen. */
function* hostileSteps(seed: number, count: number): Generator<string> {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const n = (max: number): number => Math.floor(next() * max);
  const pieces: Array<() => string> = [
    () => 'word '.repeat(1 + n(30)),
    () => 'x'.repeat(1 + n(200)),
    () => pick(['漢字', '🙂', 'é', 'e\u0301', 'ｗｉｄｅ', '\u200b', 'Ω']).repeat(1 + n(40)),
    () => '\r\n',
    () => '\r\n'.repeat(1 + n(40)),
    () => `\x1b[${pick(['0', '1', '2', '3', '4', '5', '7', '8', '9', '53', '22', '24', '27', '39', '49'])}m`,
    () => `\x1b[${30 + n(8)};${40 + n(8)}m`,
    () => `\x1b[${90 + n(8)};${100 + n(8)}m`,
    () => `\x1b[38;5;${n(256)};48;5;${n(256)}m`,
    () => `\x1b[38;2;${n(256)};${n(256)};${n(256)}m\x1b[48;2;${n(256)};${n(256)};${n(256)}m`,
    // Underline styles and colours, and links: what xterm keeps in a cell's extended attributes.
    () => `\x1b[${pick(['4:0', '4:1', '4:2', '4:3', '4:4', '4:5', '21', '58;5;' + n(256), '58;2;1;2;3', '59'])}m`,
    () => pick(['\x1b]8;;https://example.test/\x1b\\', '\x1b]8;;\x1b\\']),
    () => `\x1b[${1 + n(30)};${1 + n(100)}H`,
    () => `\x1b[${pick(['K', '1K', '2K', 'J', '1J', '2J', `${1 + n(20)}X`, `${1 + n(5)}P`, `${1 + n(5)}@`])}`,
    () => `\x1b[${pick(['A', 'B', 'C', 'D'])}`,
    () => `\x1b[${1 + n(5)};${5 + n(20)}r`,
    () => '\x1b[r',
    () => pick(['\x1b[?1049h', '\x1b[?1049l', '\x1b[?1h', '\x1b[?1l', '\x1b[?2004h', '\x1b[4h', '\x1b[4l']),
    () => pick(['\x1b[?6h', '\x1b[?6l', '\x1b[?7l', '\x1b[?7h', '\x1b[?1000h', '\x1b[?1002h', '\x1b[?1003h']),
    () => pick(['\x1b[?9h', '\x1b[?1004h', '\x1b[?45h', '\x1b=', '\x1b>', '\x1b7', '\x1b8', '\t', '\b', '\r']),
  ];
  for (let i = 0; i < count; i++) {
    let step = '';
    for (let k = 1 + n(6); k > 0; k--) step += pick(pieces)();
    yield step;
  }
}

describe('serializeScreen', () => {
  it('gives what @xterm/addon-serialize gives after every event of every recording', async () => {
    const casts = readdirSync(RECORDINGS).filter((f) => f.endsWith('.cast'));
    expect(casts.length).toBeGreaterThan(5);
    for (const name of casts) {
      const text = readFileSync(join(RECORDINGS, name), 'utf8');
      const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { width: number; height: number };
      const compared = await compareAlong(header.width, header.height, castSteps(text));
      expect(compared, name).toBeGreaterThan(0);
    }
  });

  it.each([
    [80, 24, 1],
    [20, 6, 2],
    [132, 43, 3],
    [7, 3, 4],
  ])('gives what the addon gives on a hostile mix at %ix%i (seed %i)', async (cols, rows, seed) => {
    expect(await compareAlong(cols, rows, hostileSteps(seed, 400))).toBe(400);
  });

  it('gives what the addon gives with a full scrollback, a small one and none', async () => {
    for (const scrollback of [REPLAY_SCROLLBACK, 10, 0])
      expect(await compareAlong(40, 10, hostileSteps(7, 150), scrollback)).toBe(150);
  });
});
