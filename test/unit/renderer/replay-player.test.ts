// The replay player's state machine and its clock, on a real recording (test/fixtures/recordings/
// redraws.cast: bash, `seq 1 30`, clears, python) written into a real (headless) xterm terminal.
// The source answers the way the sshlens API does (a frame: the events up to a moment; pages of
// events after a time); the frame clock is stepped by hand, so nothing depends on real time.
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import type { ReplayEvent, ReplayFrame, ReplayChunk } from '../../../src/shared/views';
import type { Result } from '../../../src/shared/api';
import { firstDrawnOutput } from '../../../src/renderer/src/screens/session/first-frame';
import { advancePlayhead, IDLE_CAP_US } from '../../../src/renderer/src/screens/session/playback-clock';
import {
  ReplayPlayer,
  type FrameScheduler,
  type ReplaySource,
  type TerminalSink,
} from '../../../src/renderer/src/screens/session/replay-player';
import cast from '../../fixtures/recordings/redraws.cast?raw';

const [header = '', ...lines] = cast.split('\n');
const SIZE = JSON.parse(header) as { width: number; height: number };
/** The recording's output, as the API gives it: µs since the start. */
const EVENTS: ReplayEvent[] = lines
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as [number, string, string])
  .filter(([, kind]) => kind === 'o')
  .map(([t, , text]) => ({ atUs: Math.round(t * 1e6), kind: 'output', text }));
const DURATION_US = EVENTS.at(-1)!.atUs;
const INFO = { cols: SIZE.width, rows: SIZE.height, durationUs: DURATION_US };

/** The recording through the API's contract; `gate` holds answers back until released. */
class CastSource implements ReplaySource {
  failNext = false;
  held: Array<() => void> = [];
  gate = false;
  frames = 0;

  frame(atUs: number): Promise<Result<ReplayFrame>> {
    this.frames++;
    return this.answer(() => ({ atUs, snapshot: null, events: EVENTS.filter((e) => e.atUs <= atUs) }));
  }

  events(afterUs: number, maxChars: number): Promise<Result<ReplayChunk>> {
    return this.answer(() => {
      const events: ReplayEvent[] = [];
      let chars = 0;
      for (const e of EVENTS) {
        if (afterUs >= 0 && e.atUs <= afterUs) continue;
        const last = events.at(-1);
        if (chars >= maxChars && last !== undefined && e.atUs > last.atUs) return { events, done: false };
        if (e.kind === 'output') chars += e.text.length;
        events.push(e);
      }
      return { events, done: true };
    });
  }

  private answer<T>(make: () => T): Promise<Result<T>> {
    const fail = this.failNext;
    this.failNext = false;
    const settle = (): Result<T> => (fail ? { ok: false, error: 'the case is locked' } : { ok: true, value: make() });
    if (!this.gate) return Promise.resolve(settle());
    return new Promise((resolve) => this.held.push(() => resolve(settle())));
  }
}

/** A real terminal (xterm's headless build) behind the player's sink. */
class HeadlessSink implements TerminalSink {
  readonly term = new Terminal({ cols: INFO.cols, rows: INFO.rows, allowProposedApi: true, scrollback: 1000 });
  backlog = 0;
  restore(cols: number, rows: number, data: string): void {
    this.term.reset();
    this.term.resize(cols, rows);
    this.write(data);
  }
  write(text: string): void {
    this.term.write(text);
  }
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }
  /** The screen's text once everything written is parsed. */
  async screen(): Promise<string> {
    await new Promise<void>((resolve) => this.term.write('', resolve));
    const b = this.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < this.term.rows; i++) rows.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return rows.join('\n');
  }
}

/** Animation frames on demand: `tick(ms)` runs the pending frame that much later. */
class HandClock implements FrameScheduler {
  now = 1000;
  private pending: ((nowMs: number) => void) | null = null;
  request(callback: (nowMs: number) => void): number {
    this.pending = callback;
    return 1;
  }
  cancel(): void {
    this.pending = null;
  }
  get waiting(): boolean {
    return this.pending !== null;
  }
  tick(ms: number): void {
    this.now += ms;
    const run = this.pending;
    this.pending = null;
    run?.(this.now);
  }
}

/** Lets promise callbacks (the source's answers) run. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(): { source: CastSource; sink: HeadlessSink; clock: HandClock; player: ReplayPlayer } {
  const source = new CastSource();
  const sink = new HeadlessSink();
  const clock = new HandClock();
  return { source, sink, clock, player: new ReplayPlayer(source, sink, INFO, clock) };
}

/** What the screen should read at `atUs`: every event up to it, written into a fresh terminal. */
async function expectedScreen(atUs: number): Promise<string> {
  const sink = new HeadlessSink();
  sink.write(
    EVENTS.filter((e) => e.atUs <= atUs)
      .map((e) => (e.kind === 'output' ? e.text : ''))
      .join(''),
  );
  return sink.screen();
}

describe('the playback clock', () => {
  const times = [1_000_000, 1_200_000, 9_000_000];
  const next = (from: number) => (i: number) => times[from + i];

  it('takes the events the playhead reaches, in order, and stops between them', () => {
    const a = advancePlayhead({ positionUs: 0, anchorUs: 0 }, 1_100_000, next(0), {
      idleCapUs: null,
      horizonUs: 10e6,
      maxEvents: 100,
    });
    expect(a.take).toBe(1);
    expect(a.playhead).toEqual({ positionUs: 1_100_000, anchorUs: 1_000_000 });
    expect(a.stalled).toBe(false);
  });

  it('with idle skipping, waits out a long pause for the cap only, then jumps to the next event', () => {
    const from = { positionUs: 1_200_000, anchorUs: 1_200_000 };
    const options = { idleCapUs: IDLE_CAP_US, horizonUs: 10e6, maxEvents: 100 };
    const waiting = advancePlayhead(from, IDLE_CAP_US / 2, next(2), options);
    expect(waiting.take).toBe(0);
    expect(waiting.playhead.positionUs).toBe(1_200_000 + IDLE_CAP_US / 2);
    const woken = advancePlayhead(from, IDLE_CAP_US, next(2), options);
    expect(woken.take).toBe(1);
    expect(woken.playhead.positionUs).toBe(times[2]);
    // Played as recorded, the same pause takes its whole length.
    const recorded = advancePlayhead(from, IDLE_CAP_US, next(2), { ...options, idleCapUs: null });
    expect(recorded.take).toBe(0);
  });

  it('never passes the horizon, and says it stalled there', () => {
    const a = advancePlayhead({ positionUs: 0, anchorUs: 0 }, 5e6, () => undefined, {
      idleCapUs: null,
      horizonUs: 2e6,
      maxEvents: 100,
    });
    expect(a.playhead.positionUs).toBe(2e6);
    expect(a.stalled).toBe(true);
  });

  it('stops after the most events a step may take', () => {
    const a = advancePlayhead({ positionUs: 0, anchorUs: 0 }, 60e6, next(0), {
      idleCapUs: null,
      horizonUs: 60e6,
      maxEvents: 2,
    });
    expect(a.take).toBe(2);
    expect(a.playhead.positionUs).toBe(times[1]);
  });
});

describe('the first frame', () => {
  const ESC = String.fromCharCode(27);
  const out = (atUs: number, text: string): ReplayEvent => ({ atUs, kind: 'output', text });

  it('passes over output that draws nothing: modes, colours, titles, line breaks, zero-width spaces', () => {
    const events = [
      out(1, `${ESC}[?2004h${ESC}[0m`),
      out(2, `${ESC}]0;root@web-prod-03${String.fromCharCode(7)}\r\n`),
      { atUs: 3, kind: 'resize', cols: 100, rows: 30 } as const,
      out(4, '\u200b \t'),
      out(5, `${ESC}[1;32m$ `),
      out(6, 'ls'),
    ];
    expect(firstDrawnOutput(events)).toBe(5);
  });

  it('is none when nothing is drawn', () => {
    expect(firstDrawnOutput([out(1, `${ESC}[H${ESC}[2J`), out(2, '\r\n')])).toBeNull();
    expect(firstDrawnOutput([])).toBeNull();
  });
});

describe('the replay player', () => {
  it('opens on the first frame: the first output that draws a character, not the empty start', async () => {
    const { sink, player } = setUp();
    expect(player.getState().phase).toBe('seeking');
    player.openAtFirstFrame();
    await settled();
    await settled();
    // The first output with a letter or digit outside its control sequences (CSI: ESC [ ... final).
    const csi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[a-zA-Z]`, 'g');
    const first = EVENTS.find((e) => e.kind === 'output' && /[A-Za-z0-9]/.test(e.text.replace(csi, '')))!;
    const state = player.getState();
    expect(state.phase).toBe('ready');
    expect(state.positionUs).toBe(first.atUs);
    expect(state.firstFrameUs).toBe(first.atUs);
    expect(firstDrawnOutput(EVENTS)).toBe(first.atUs);
    const screen = await sink.screen();
    expect(screen.trim()).not.toBe('');
    expect(screen).toBe(await expectedScreen(first.atUs));
  });

  it('shows the terminal as it was at a moment, and a later seek wins over one still loading', async () => {
    const { source, sink, player } = setUp();
    const seq = EVENTS.find((e) => e.kind === 'output' && e.text.includes('30\r\n'))!;
    source.gate = true;
    player.seek(seq.atUs - 5_000_000);
    player.seek(seq.atUs);
    // The first answer arrives after the second seek: it is dropped, and the latest wish is loaded.
    while (source.held.length > 0) {
      source.held.shift()!();
      await settled();
    }
    await settled();
    expect(player.getState()).toMatchObject({ phase: 'ready', positionUs: seq.atUs });
    const screen = await sink.screen();
    expect(screen).toContain('30');
    expect(screen).toBe(await expectedScreen(seq.atUs));
  });

  it('plays at its speed as the clock runs, writing what the playhead reaches, and pauses', async () => {
    const { source, sink, clock, player } = setUp();
    player.setSkipIdle(false);
    const seq = EVENTS.find((e) => e.kind === 'output' && e.text.includes('30\r\n'))!;
    const from = seq.atUs - 2_000_000;
    player.seek(from);
    await settled();
    player.setSpeed(2);
    player.play();
    clock.tick(0); // the first frame only starts the clock
    await settled(); // the page of events ahead
    for (let i = 0; i < 10; i++) clock.tick(100);
    player.pause();
    // One second of wall clock at 2×: two seconds of recording.
    const at = player.getState().positionUs;
    expect(at).toBe(from + 2_000_000);
    expect(player.getState().playing).toBe(false);
    expect(await sink.screen()).toBe(await expectedScreen(at));
    // Paused, the clock no longer moves it.
    clock.tick(500);
    expect(player.getState().positionUs).toBe(at);
    expect(clock.waiting).toBe(false);
    expect(source.frames).toBe(1);
  });

  it('ends at the end of the program, and Play then starts over', async () => {
    const { clock, player } = setUp();
    player.seek(DURATION_US - 500_000);
    await settled();
    player.play();
    clock.tick(0);
    await settled();
    for (let i = 0; i < 20 && player.getState().playing; i++) clock.tick(100);
    expect(player.getState()).toMatchObject({ playing: false, ended: true, positionUs: DURATION_US });
    player.play();
    expect(player.getState()).toMatchObject({ playing: true, ended: false, phase: 'seeking', positionUs: 0 });
  });

  it('fails when the source does, says why, and a retry loads the moment again', async () => {
    const { source, player } = setUp();
    source.failNext = true;
    player.seek(3_000_000);
    await settled();
    expect(player.getState()).toMatchObject({ phase: 'failed', error: 'the case is locked', playing: false });
    player.play();
    expect(player.getState().playing).toBe(false);
    player.retry();
    await settled();
    expect(player.getState()).toMatchObject({ phase: 'ready', positionUs: 3_000_000, error: null });
  });

  it('clamps a seek to the program, and tells its listeners only when something changed', async () => {
    const { player } = setUp();
    let calls = 0;
    const unsubscribe = player.subscribe(() => calls++);
    player.seek(DURATION_US * 10);
    await settled();
    expect(player.getState().positionUs).toBe(DURATION_US);
    const before = calls;
    player.setSpeed(player.getState().speed);
    expect(calls).toBe(before);
    player.setSpeed(4);
    expect(calls).toBe(before + 1);
    unsubscribe();
    player.setSpeed(8);
    expect(calls).toBe(before + 1);
  });
});
