import { memo, useMemo, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type { FindHit } from '../../../../shared/views';
import { formatClock } from '../../ui/format';
import { lastAtOrBefore } from './time-index';
import type { CommandTimeline } from './timeline-items';
import type { NoteMoment } from './use-program-notes';
import { visibleText } from './visible-text';
import './seek-bar.css';

/** Ticks are drawn in a 0..WIDTH box stretched to the bar. */
const WIDTH = 1000;

/** Hovering this close (px) to a note's tick names the note; clicking this close to a find hit's tick selects it. */
const NOTE_REACH_PX = 5;
const HIT_REACH_PX = 4;

/**
 * The playhead over the program's length, with a tick for each command (failed ones red), the
 * marks (secrets typed, full-screen spans), the notes and the find hits, the selected hit apart.
 * Drag or click to seek; a click on a hit's tick selects that hit (as in the find list). Hovering
 * names the command at that moment, a note or a hit there.
 */
export function SeekBar(props: {
  positionUs: number;
  durationUs: number;
  timeline: CommandTimeline;
  marks: ReadonlyArray<{ atUs: number; endUs: number | null; kind: string }>;
  hits: readonly FindHit[];
  /** The hit selected in the find list (-1: none). */
  activeHit: number;
  notes: readonly NoteMoment[];
  onSeek: (atUs: number) => void;
  /** A click on a hit's tick: select that hit (it seeks there). */
  onHit: (index: number) => void;
}): ReactNode {
  const { positionUs, durationUs, timeline, marks, hits, activeHit, notes, onSeek, onHit } = props;
  const barRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ x: number; atUs: number; width: number } | null>(null);
  const [dragUs, setDragUs] = useState<number | null>(null);
  const span = Math.max(1, durationUs);

  const timeAt = (clientX: number): { x: number; atUs: number; width: number } => {
    const rect = barRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return { x: 0, atUs: 0, width: 0 };
    const x = Math.min(Math.max(0, clientX - rect.left), rect.width);
    return { x, atUs: Math.round((x / rect.width) * span), width: rect.width };
  };

  /** The hit whose tick is nearest x (px along the bar), when one is within reach. */
  const hitNear = (x: number): number => {
    const width = barRef.current?.clientWidth ?? 0;
    if (width === 0) return -1;
    // Hits printed at one moment share a tick: the first of them is the one meant.
    let best = -1;
    let bestDistance = Infinity;
    hits.forEach((h, i) => {
      const distance = Math.abs((Math.min(Math.max(0, h.atUs), span) / span) * width - x);
      if (distance <= HIT_REACH_PX && distance < bestDistance) [best, bestDistance] = [i, distance];
    });
    return best;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    const { x, atUs } = timeAt(e.clientX);
    const hit = hitNear(x);
    if (hit >= 0) return onHit(hit);
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragUs(atUs);
    onSeek(atUs);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const at = timeAt(e.clientX);
    setHover(at);
    if (dragUs !== null) {
      setDragUs(at.atUs);
      onSeek(at.atUs);
    }
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (dragUs === null) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onSeek(timeAt(e.clientX).atUs);
    setDragUs(null);
  };

  const shown = dragUs ?? positionUs;
  const percent = `${(Math.min(shown, span) / span) * 100}%`;
  const hoverCommand = hover ? timeline.commands[lastAtOrBefore(timeline.commandTimes, hover.atUs)] : undefined;
  const barWidth = hover?.width ?? 0;
  const hoverNote =
    hover && barWidth > 0
      ? notes.find((n) => Math.abs((Math.min(n.atUs, span) / span) * barWidth - hover.x) <= NOTE_REACH_PX)
      : undefined;
  const hoverHit = hover && !hoverNote ? hitNear(hover.x) : -1;

  return (
    <div
      className={`ss-seek${dragUs !== null ? ' is-dragging' : ''}`}
      ref={barRef}
      role="slider"
      tabIndex={-1}
      aria-label="Playback position"
      aria-valuemin={0}
      aria-valuemax={Math.round(durationUs / 1e6)}
      aria-valuenow={Math.round(shown / 1e6)}
      aria-valuetext={`${formatClock(shown)} of ${formatClock(durationUs)}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDragUs(null)}
      onPointerLeave={() => setHover(null)}
    >
      <Ticks timeline={timeline} marks={marks} hits={hits} notes={notes} span={span} />
      {hits[activeHit] && (
        <div
          className="ss-seek-hit-active"
          data-hit={activeHit}
          style={{ left: `${(Math.min(Math.max(0, hits[activeHit].atUs), span) / span) * 100}%` }}
          title={`Hit ${activeHit + 1} of ${hits.length}, selected`}
        />
      )}
      <div className="ss-seek-track">
        <div className="ss-seek-played" style={{ width: percent }} />
      </div>
      <div className="ss-seek-thumb" style={{ left: percent }} />
      {hover && (
        <div className="ss-seek-hover" style={{ left: hover.x }}>
          <div className="ss-seek-tip">
            <span className="mono">{formatClock(hover.atUs, true)}</span>
            {hoverNote ? (
              <span className="ss-seek-tip-note">Note: {visibleText(hoverNote.note) || '(no text)'}</span>
            ) : hoverHit >= 0 ? (
              <span className="ss-seek-tip-hit">
                Hit {hoverHit + 1} of {hits.length}:{' '}
                <span className="mono">{visibleText(hitText(hits[hoverHit]!))}</span>
              </span>
            ) : (
              hoverCommand && <span className="ss-seek-tip-command mono">{visibleText(hoverCommand.text)}</span>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** The ticks, one SVG path per kind: cheap for thousands of commands, redrawn only when they change. */
const Ticks = memo(function Ticks(props: {
  timeline: CommandTimeline;
  marks: ReadonlyArray<{ atUs: number; endUs: number | null; kind: string }>;
  hits: readonly FindHit[];
  notes: readonly NoteMoment[];
  span: number;
}): ReactNode {
  const { timeline, marks, hits, notes, span } = props;
  const paths = useMemo(() => {
    const x = (us: number): string => ((Math.min(Math.max(0, us), span) / span) * WIDTH).toFixed(1);
    let ok = '';
    let failed = '';
    for (const c of timeline.commands) {
      const tick = `M${x(c.atUs)} 0V10`;
      if (c.exitStatus !== null && c.exitStatus !== 0) failed += tick;
      else ok += tick;
    }
    let secrets = '';
    let screens = '';
    for (const m of marks) {
      if (m.kind === 'hidden-input') secrets += `M${x(m.atUs)} 0V10`;
      else if (m.kind === 'fullscreen')
        screens += `M${x(m.atUs)} 4H${x(Math.max(m.endUs ?? m.atUs, m.atUs + span / WIDTH))}`;
    }
    let found = '';
    for (const h of hits) found += `M${x(h.atUs)} 0V10`;
    // A note: a tall tick, and its range along the bottom edge.
    let noted = '';
    let ranges = '';
    for (const n of notes) {
      noted += `M${x(n.atUs)} -3V10`;
      if (n.endUs !== null && n.endUs > n.atUs) ranges += `M${x(n.atUs)} 10H${x(n.endUs)}`;
    }
    return { ok, failed, secrets, screens, found, noted, ranges };
  }, [timeline, marks, hits, notes, span]);
  return (
    <svg className="ss-seek-ticks" viewBox={`0 0 ${WIDTH} 10`} preserveAspectRatio="none" aria-hidden="true">
      {paths.screens && <path className="ss-tick-screen" d={paths.screens} />}
      {paths.ok && <path className="ss-tick-command" d={paths.ok} />}
      {paths.failed && <path className="ss-tick-failed" d={paths.failed} />}
      {paths.secrets && <path className="ss-tick-secret" d={paths.secrets} />}
      {paths.found && <path className="ss-tick-hit" d={paths.found} />}
      {paths.ranges && <path className="ss-tick-note-range" d={paths.ranges} />}
      {paths.noted && <path className="ss-tick-note" d={paths.noted} />}
    </svg>
  );
});

/** What a hit matched: its first match in the snippet (a few words). */
function hitText(h: FindHit): string {
  const m = h.matches[0];
  return m ? h.snippet.slice(m.start, m.end) : h.snippet.slice(0, 40);
}
