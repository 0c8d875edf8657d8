// The replay engine: restores the terminal at a moment (a snapshot and the events after it),
// then plays on from there, fetching events ahead a page at a time and writing each when the
// playhead reaches it. Never re-feeds from the start; a seek while another is loading wins, and
// any answer meant for an earlier seek is dropped. No React and no DOM: see use-replay-player.ts.

import type { Result } from '../../../../shared/api';
import type { ReplayChunk, ReplayEvent, ReplayFrame } from '../../../../shared/views';
import { FIRST_FRAME_CHARS, firstDrawnOutput } from './first-frame';
import { advancePlayhead, IDLE_CAP_US } from './playback-clock';

/** Where the player reads the recording (the API, bound to one program). */
export interface ReplaySource {
  frame(atUs: number): Promise<Result<ReplayFrame>>;
  events(afterUs: number, maxChars: number): Promise<Result<ReplayChunk>>;
}

/** Where the player writes: every call is queued behind the ones before it. */
export interface TerminalSink {
  /** Clear everything (screen, scrollback, modes), set the size, write `data`. */
  restore(cols: number, rows: number, data: string): void;
  write(text: string): void;
  resize(cols: number, rows: number): void;
  /** Characters written but not yet parsed by the terminal. */
  readonly backlog: number;
}

/** requestAnimationFrame, or a stand-in for tests. */
export interface FrameScheduler {
  request(callback: (nowMs: number) => void): number;
  cancel(handle: number): void;
}

export interface PlayerState {
  /** 'seeking' until the terminal shows `positionUs`; 'failed' after an API error. */
  phase: 'seeking' | 'ready' | 'failed';
  playing: boolean;
  positionUs: number;
  durationUs: number;
  speed: number;
  skipIdle: boolean;
  /** Playing, but waiting for the next page of events. */
  buffering: boolean;
  /** Paused at the end (Play starts over). */
  ended: boolean;
  error: string | null;
  /** The first output that draws something (where the replay opened), once looked up; null before or when none. */
  firstFrameUs: number | null;
  /** Frames shown so far: one more each time a seek has redrawn the terminal. */
  frames: number;
}

/** Output text asked for per page of events. */
export const PAGE_CHARS = 256 * 1024;
/** Ask for the next page when less than this is waiting to be written. */
const LOW_WATER_CHARS = 96 * 1024;
/** The clock waits while the terminal has this much left to parse (fast speeds on heavy output). */
const MAX_BACKLOG_CHARS = 2 * 1024 * 1024;
/** At most this many events per animation frame. */
const MAX_EVENTS_PER_STEP = 20_000;
/** Longest wall-clock step: a tab coming back from the background does not jump minutes. */
const MAX_STEP_MS = 250;
/** How often the position is published while playing. */
const POSITION_PUBLISH_MS = 80;

const rafScheduler: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** Events not yet written, oldest first, with the output characters they hold. */
class EventQueue {
  private items: ReplayEvent[] = [];
  private head = 0;
  chars = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  timeAt(i: number): number | undefined {
    return this.items[this.head + i]?.atUs;
  }
  push(events: ReplayEvent[]): void {
    for (const ev of events) {
      this.items.push(ev);
      if (ev.kind === 'output') this.chars += ev.text.length;
    }
  }
  shift(): ReplayEvent | undefined {
    const ev = this.items[this.head++];
    if (ev?.kind === 'output') this.chars -= ev.text.length;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return ev;
  }
  clear(): void {
    this.items = [];
    this.head = 0;
    this.chars = 0;
  }
}

export class ReplayPlayer {
  private state: PlayerState;
  private readonly listeners = new Set<() => void>();
  private readonly queue = new EventQueue();
  /** Bumped by every seek: answers carrying an older one are stale. */
  private generation = 0;
  /** The moment the latest seek asked for, and whether a frame request is out. */
  private wantedUs = 0;
  private frameInFlight = false;
  private eventsInFlight = false;
  /** Every event up to this time has been loaded (written or queued). */
  private loadedUntilUs = 0;
  private done = false;
  private anchorUs = 0;
  /** The playhead, exact; state.positionUs is it as last published. */
  private positionUs = 0;
  private frameHandle: number | null = null;
  private lastStepMs: number | null = null;
  private lastPublishMs = 0;
  private disposed = false;

  constructor(
    private readonly source: ReplaySource,
    private readonly sink: TerminalSink,
    private readonly initial: { cols: number; rows: number; durationUs: number },
    private readonly scheduler: FrameScheduler = rafScheduler,
  ) {
    this.state = {
      phase: 'seeking',
      playing: false,
      positionUs: 0,
      durationUs: Math.max(0, initial.durationUs),
      speed: 1,
      skipIdle: true,
      buffering: false,
      ended: false,
      error: null,
      firstFrameUs: null,
      frames: 0,
    };
  }

  // ------------------------------------------------------------------- observing

  getState = (): PlayerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PlayerState>): void {
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof PlayerState>) {
      if (this.state[key] !== patch[key]) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  // --------------------------------------------------------------------- control

  /** Shows the terminal as it was at `atUs` (clamped to the program); playing goes on from there if it was. */
  seek(atUs: number): void {
    if (this.disposed) return;
    const to = Math.min(Math.max(0, Math.round(atUs)), this.state.durationUs);
    this.generation++;
    this.wantedUs = to;
    this.queue.clear();
    this.done = false;
    this.eventsInFlight = false;
    this.lastStepMs = null;
    this.positionUs = to;
    this.set({ phase: 'seeking', positionUs: to, ended: false, buffering: false, error: null });
    if (!this.frameInFlight) void this.loadFrame();
  }

  /**
   * Opens on the first frame: the terminal at the first output that draws something (the start
   * when nothing does, or when the look-up fails: the frame's own load reports errors). A seek
   * made meanwhile wins.
   */
  openAtFirstFrame(): void {
    if (this.disposed) return;
    const generation = this.generation;
    this.set({ phase: 'seeking' });
    void settle(this.source.events(-1, FIRST_FRAME_CHARS)).then((result) => {
      if (this.disposed || generation !== this.generation) return;
      const atUs = result.ok ? firstDrawnOutput(result.value.events) : null;
      this.set({ firstFrameUs: atUs });
      this.seek(atUs ?? 0);
    });
  }

  play(): void {
    if (this.disposed || this.state.phase === 'failed') return;
    if (this.state.ended || this.positionUs >= this.state.durationUs) this.seek(0);
    this.set({ playing: true, ended: false });
    this.lastStepMs = null;
    this.schedule();
  }

  pause(): void {
    this.set({ playing: false, buffering: false, positionUs: this.positionUs });
    this.unschedule();
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.set({ speed });
  }

  setSkipIdle(skipIdle: boolean): void {
    this.set({ skipIdle });
  }

  /** After a failure: load the moment shown again. */
  retry(): void {
    this.seek(this.positionUs);
  }

  dispose(): void {
    this.disposed = true;
    this.unschedule();
    this.listeners.clear();
  }

  // --------------------------------------------------------------------- loading

  private async loadFrame(): Promise<void> {
    const atUs = this.wantedUs;
    this.frameInFlight = true;
    const result = await settle(this.source.frame(atUs));
    this.frameInFlight = false;
    if (this.disposed) return;
    if (this.wantedUs !== atUs) {
      // Sought again meanwhile: this frame is stale, load the latest wish instead.
      void this.loadFrame();
      return;
    }
    if (!result.ok) {
      this.fail(result.error);
      return;
    }
    const frame = result.value;
    const size = frame.snapshot ?? this.initial;
    this.sink.restore(size.cols, size.rows, frame.snapshot?.data ?? '');
    this.writeEvents(frame.events);
    this.loadedUntilUs = atUs;
    this.anchorUs = frame.events.at(-1)?.atUs ?? frame.snapshot?.atUs ?? atUs;
    this.lastStepMs = null;
    this.positionUs = atUs;
    this.set({ phase: 'ready', positionUs: atUs, frames: this.state.frames + 1 });
    this.fetchAhead();
    if (this.state.playing) this.schedule();
  }

  private fetchAhead(): void {
    if (this.state.phase !== 'ready' || this.done || this.eventsInFlight || this.queue.chars >= LOW_WATER_CHARS) return;
    const generation = this.generation;
    const afterUs = this.loadedUntilUs;
    this.eventsInFlight = true;
    void settle(this.source.events(afterUs, PAGE_CHARS)).then((result) => {
      if (this.disposed || generation !== this.generation) return;
      this.eventsInFlight = false;
      if (!result.ok) {
        this.fail(result.error);
        return;
      }
      const { events, done } = result.value;
      this.queue.push(events);
      this.loadedUntilUs = events.at(-1)?.atUs ?? afterUs;
      // An empty page that is not the last would ask for the same page forever.
      this.done = done || events.length === 0;
      if (this.state.playing) this.schedule();
      this.fetchAhead();
    });
  }

  private fail(error: string): void {
    this.unschedule();
    this.set({ phase: 'failed', playing: false, buffering: false, error });
  }

  // --------------------------------------------------------------------- playing

  private schedule(): void {
    if (this.frameHandle === null && !this.disposed) this.frameHandle = this.scheduler.request(this.step);
  }

  private unschedule(): void {
    if (this.frameHandle !== null) this.scheduler.cancel(this.frameHandle);
    this.frameHandle = null;
    this.lastStepMs = null;
  }

  private readonly step = (nowMs: number): void => {
    this.frameHandle = null;
    if (!this.state.playing || this.state.phase !== 'ready') return;
    const dtMs = this.lastStepMs === null ? 0 : Math.min(MAX_STEP_MS, Math.max(0, nowMs - this.lastStepMs));
    this.lastStepMs = nowMs;
    if (this.sink.backlog > MAX_BACKLOG_CHARS) {
      this.schedule();
      return;
    }
    const { durationUs, speed, skipIdle } = this.state;
    const advance = advancePlayhead(
      { positionUs: this.positionUs, anchorUs: this.anchorUs },
      dtMs * 1000 * speed,
      (i) => this.queue.timeAt(i),
      {
        idleCapUs: skipIdle ? IDLE_CAP_US : null,
        horizonUs: this.done ? durationUs : this.loadedUntilUs,
        maxEvents: MAX_EVENTS_PER_STEP,
      },
    );
    const taken: ReplayEvent[] = [];
    for (let i = 0; i < advance.take; i++) {
      const ev = this.queue.shift();
      if (ev) taken.push(ev);
    }
    this.writeEvents(taken);
    this.anchorUs = advance.playhead.anchorUs;
    const positionUs = Math.min(advance.playhead.positionUs, durationUs);
    this.positionUs = positionUs;
    this.fetchAhead();

    if (this.done && this.queue.length === 0 && positionUs >= durationUs) {
      this.unschedule();
      this.positionUs = durationUs;
      this.set({ positionUs: durationUs, playing: false, buffering: false, ended: true });
      return;
    }
    const buffering = advance.stalled && !this.done;
    if (nowMs - this.lastPublishMs >= POSITION_PUBLISH_MS || buffering !== this.state.buffering) {
      this.lastPublishMs = nowMs;
      this.set({ positionUs, buffering });
    }
    this.schedule();
  };

  /** Writes events in order, outputs joined; a resize goes between the outputs around it. */
  private writeEvents(events: readonly ReplayEvent[]): void {
    let text = '';
    for (const ev of events) {
      if (ev.kind === 'output') {
        text += ev.text;
      } else {
        if (text) this.sink.write(text);
        text = '';
        this.sink.resize(ev.cols, ev.rows);
      }
    }
    if (text) this.sink.write(text);
  }
}

/** A promise of a Result that never rejects (a broken transport becomes an error Result). */
async function settle<T>(promise: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await promise;
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : 'the sshlens API is unavailable' };
  }
}
