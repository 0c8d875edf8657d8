import type { ReactNode } from 'react';
import { Icon } from '../../ui/Icon';
import { formatClock, formatMoment } from '../../ui/format';
import { SPEEDS, speedLabel } from './playback-clock';
import type { PlayerState } from './replay-player';
import './transport.css';

/** Play/pause, the clock, command steps, speed and idle skipping, under the seek bar. */
export function Transport(props: {
  state: PlayerState;
  startIso: string | null;
  size: { cols: number; rows: number };
  canPrev: boolean;
  canNext: boolean;
  onToggle: () => void;
  onStep: (direction: -1 | 1) => void;
  onSpeed: (speed: number) => void;
  onSkipIdle: (skip: boolean) => void;
  onLegend: () => void;
  legendOpen: boolean;
  /** The layout buttons, last on the right (when they are not beside the program tabs). */
  view: ReactNode;
  /** A word on the view (the text is small), after the clock. */
  hint?: ReactNode;
}): ReactNode {
  const {
    state,
    startIso,
    size,
    canPrev,
    canNext,
    onToggle,
    onStep,
    onSpeed,
    onSkipIdle,
    onLegend,
    legendOpen,
    view,
    hint,
  } = props;
  // The date and zone too: a replay is compared with other logs, often across midnight.
  const wallClock = startIso ? formatMoment(Date.parse(startIso) + state.positionUs / 1000) : null;
  // Buttons take no focus from a click, so Space keeps meaning play/pause.
  const keepFocus = (e: { preventDefault: () => void }): void => e.preventDefault();
  const status = state.phase === 'seeking' ? 'Loading…' : state.buffering ? 'Buffering…' : state.ended ? 'Ended' : null;

  return (
    <div className="ss-transport">
      <div className="ss-transport-group">
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          onMouseDown={keepFocus}
          onClick={() => onStep(-1)}
          disabled={!canPrev}
          title="Previous command ( [ )"
          aria-label="Previous command"
        >
          <Icon name="prev" />
        </button>
        <button
          type="button"
          className="btn btn-primary btn-icon ss-transport-play"
          onMouseDown={keepFocus}
          onClick={onToggle}
          disabled={state.phase === 'failed'}
          title={state.playing ? 'Pause (Space)' : 'Play (Space)'}
          aria-label={state.playing ? 'Pause' : 'Play'}
        >
          <Icon name={state.playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          onMouseDown={keepFocus}
          onClick={() => onStep(1)}
          disabled={!canNext}
          title="Next command ( ] )"
          aria-label="Next command"
        >
          <Icon name="next" />
        </button>
      </div>

      <div className="ss-transport-clock" aria-live="off">
        <span className="mono ss-transport-now">{formatClock(state.positionUs, true)}</span>
        <span className="faint"> / </span>
        <span className="mono muted">{formatClock(state.durationUs, true)}</span>
        {wallClock && (
          <span className="ss-transport-wall faint mono" title="Wall-clock time at the playhead">
            {wallClock}
          </span>
        )}
        <span className="ss-transport-size faint mono" title="Terminal size as recorded (columns × rows)">
          {size.cols}×{size.rows}
        </span>
        {status && <span className="ss-transport-status faint">{status}</span>}
      </div>

      {hint && <div className="ss-transport-hint faint">{hint}</div>}

      <div className="ss-transport-group ss-transport-right">
        <label className="ss-transport-speed" title="Playback speed ( < > )">
          <span className="visually-hidden">Speed</span>
          <select
            className="select"
            value={state.speed}
            onChange={(e) => {
              onSpeed(Number(e.target.value));
              e.target.blur();
            }}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox ss-transport-idle" title="Cut pauses longer than 1 s to 1 s">
          <input
            type="checkbox"
            checked={state.skipIdle}
            onChange={(e) => {
              onSkipIdle(e.target.checked);
              e.target.blur();
            }}
          />
          Skip idle
        </label>
        <button
          type="button"
          className={`btn btn-ghost btn-small${legendOpen ? ' is-on' : ''}`}
          onMouseDown={keepFocus}
          onClick={onLegend}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          aria-expanded={legendOpen}
        >
          <kbd>?</kbd>
        </button>
        {view}
      </div>
    </div>
  );
}
