// The swim lanes: one lane per user, target or client host, each session a bar from its start to
// its end, overlapping sessions on rows of their own (lane-layout.ts). Only the visible window is
// asked for (the zoom, else the whole case), the busiest lanes first, each capped. Drag across
// the lanes to zoom; click to place the instant cursor (what was running then lists beside);
// click a bar to select its session (Ctrl/⌘ or Shift adds), double-click or Enter to open it.

import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { LANE_BYS, type Lane, type LaneBy, type LanesView, type TimelineFilter } from '../../../../shared/views';
import { api } from '../../api/client';
import { navigate } from '../../router';
import { displayText, SafeText } from '../../ui/display-text';
import { formatCount, formatDuration, formatMoment, plural } from '../../ui/format';
import { Problem } from '../../ui/Problem';
import { useDebounced, useElementSize } from '../../ui/use-element-size';
import { useLatest } from '../../ui/use-latest';
import { filterKey, type TimeRange } from './filter-state';
import { layoutLane, type LaneLayout } from './lane-layout';
import { formatRange, timeTicks } from './time-axis';
import { zoomWindow } from './HistogramPanel';
import '../../ui/segmented.css';
import './lanes.css';

const LABEL_W = 184;
const RIGHT = 12;
const AXIS_H = 22;
const BAR_H = 9;
const ROW_GAP = 3;
const LANE_PAD = 5;
const MAX_ROWS = 4;
const MAX_LANES = 60;
const MAX_PER_LANE = 300;
const MIN_DRAG_PX = 5;

const LANE_NAMES: Record<LaneBy, string> = { user: 'User', target: 'Target', address: 'Client host' };

export interface LanesPanelProps {
  /** The timeline's filters without their time bounds. */
  filter: TimelineFilter;
  /** The visible window: the zoom, else the case's span; null when no session has a start. */
  window: TimeRange | null | undefined;
  laneBy: LaneBy;
  onLaneBy: (by: LaneBy) => void;
  reloadKey: number;
  cursorMs: number | null;
  onCursor: (ms: number | null) => void;
  selected: ReadonlySet<string>;
  /** `add`: keep the others selected (Ctrl/⌘/Shift). */
  onPick: (id: string, add: boolean) => void;
  onZoom: (range: TimeRange) => void;
}

export function LanesPanel(props: LanesPanelProps): ReactNode {
  const { filter, window: range, laneBy, onLaneBy, reloadKey, cursorMs, onCursor, selected, onPick, onZoom } = props;
  const body = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(body);
  const settledWidth = useDebounced(width, 150);
  const lanes = useLatest<LanesView>(
    range && settledWidth > 0
      ? () =>
          api.timelineLanes({
            filter,
            laneBy,
            fromMs: range.fromMs,
            toMs: range.toMs,
            maxLanes: MAX_LANES,
            maxPerLane: MAX_PER_LANE,
          })
      : null,
    [filterKey(filter), laneBy, range?.fromMs, range?.toMs, settledWidth > 0, reloadKey],
  );
  const view = lanes.value;
  const shownSessions = view ? view.lanes.reduce((n, l) => n + l.shown.length, 0) : 0;
  const inShownLanes = view ? view.lanes.reduce((n, l) => n + l.sessions, 0) : 0;

  return (
    <section className="panel tl-lanes" aria-label="Sessions in lanes">
      <header className="tl-lanes-head">
        <span className="section-title">Lanes by</span>
        <div className="seg" role="radiogroup" aria-label="Lanes by">
          {LANE_BYS.map((by) => (
            <button
              key={by}
              type="button"
              role="radio"
              aria-checked={laneBy === by}
              className={`seg-btn${laneBy === by ? ' is-on' : ''}`}
              onClick={() => onLaneBy(by)}
            >
              {LANE_NAMES[by]}
            </button>
          ))}
        </div>
        {view && (
          <span className="tl-lanes-count faint">
            {plural(view.sessionsTotal, 'session')} in {plural(view.lanesTotal, 'lane')}
            {view.lanesTotal > view.lanes.length && ` · the ${formatCount(view.lanes.length)} busiest shown`}
            {shownSessions < inShownLanes && ` · ${formatCount(inShownLanes - shownSessions)} more: zoom in`}
          </span>
        )}
        <span className="tl-grow" />
        <span className="tl-hint faint">Click: instant cursor · drag: zoom · double-click a bar: open</span>
      </header>
      <div ref={body} className={`tl-lanes-body${lanes.pending ? ' is-pending' : ''}`}>
        {lanes.error !== null && !view ? (
          <Problem message={lanes.error} onRetry={lanes.reload} />
        ) : range === null ? (
          <div className="empty">No session has a known start time to place in a lane.</div>
        ) : view && view.lanes.length === 0 ? (
          <div className="empty">No session in this time range fits these filters.</div>
        ) : (
          view &&
          width > 0 && (
            <Lanes
              view={view}
              width={width}
              cursorMs={cursorMs}
              onCursor={onCursor}
              selected={selected}
              onPick={onPick}
              onZoom={onZoom}
            />
          )
        )}
      </div>
    </section>
  );
}

type LanesProps = Pick<LanesPanelProps, 'cursorMs' | 'onCursor' | 'selected' | 'onPick' | 'onZoom'> & {
  view: LanesView;
  width: number;
};

function Lanes({ view, width, cursorMs, onCursor, selected, onPick, onZoom }: LanesProps): ReactNode {
  const plotW = Math.max(40, width - LABEL_W - RIGHT);
  const span = Math.max(1, view.toMs - view.fromMs + 1);
  const xOf = useCallback((ms: number): number => ((ms - view.fromMs) / span) * plotW, [view.fromMs, span, plotW]);
  const msAt = (x: number): number => Math.round(view.fromMs + (Math.min(Math.max(x, 0), plotW) / plotW) * span);

  const layouts = useMemo(() => {
    const placed: { lane: Lane; layout: LaneLayout; top: number; height: number }[] = [];
    let y = AXIS_H;
    for (const lane of view.lanes) {
      const layout = layoutLane(lane.shown, xOf, MAX_ROWS, plotW);
      const height = LANE_PAD * 2 + layout.rows * BAR_H + (layout.rows - 1) * ROW_GAP;
      placed.push({ lane, layout, top: y, height });
      y += height;
    }
    return placed;
  }, [view.lanes, xOf, plotW]);
  const height = (layouts.at(-1)?.top ?? AXIS_H) + (layouts.at(-1)?.height ?? 0) + 1;
  const ticks = useMemo(() => timeTicks(view.fromMs, view.toMs, plotW, 110), [view.fromMs, view.toMs, plotW]);

  // The bar pressed is noted at pointerdown: once the pointer is captured, pointerup targets the svg.
  const [drag, setDrag] = useState<{ x0: number; x1: number; bar: string | null } | null>(null);

  useEffect(() => {
    if (!drag) return;
    const cancel = (e: globalThis.KeyboardEvent): void => {
      if (e.key === 'Escape') setDrag(null);
    };
    window.addEventListener('keydown', cancel);
    return () => window.removeEventListener('keydown', cancel);
  }, [drag]);

  const plotX = (e: PointerEvent<SVGSVGElement>): number =>
    e.clientX - e.currentTarget.getBoundingClientRect().left - LABEL_W;
  const barOf = (target: EventTarget): string | null =>
    (target as Element).closest?.('[data-session]')?.getAttribute('data-session') ?? null;

  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    if (e.button !== 0) return;
    const x = plotX(e);
    if (x < 0) return;
    const bar = barOf(e.target);
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ x0: x, x1: x, bar });
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const d = drag;
    if (d) setDrag({ ...d, x1: Math.min(Math.max(plotX(e), 0), plotW) });
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>): void => {
    const d = drag;
    setDrag(null);
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (!d) return;
    if (Math.abs(d.x1 - d.x0) >= MIN_DRAG_PX) {
      onZoom(zoomWindow(msAt(Math.min(d.x0, d.x1)), msAt(Math.max(d.x0, d.x1))));
      return;
    }
    const id = d.bar;
    const at = msAt(d.x0);
    if (id === null) return onCursor(at);
    onPick(id, e.ctrlKey || e.metaKey || e.shiftKey);
    // A bar is at least MIN_BAR_PX wide, often longer than its session at this zoom: the cursor
    // goes to the moment clicked, kept inside the session, so the session is among those listed.
    const s = view.lanes.flatMap((l) => l.shown).find((x) => x.id === id);
    onCursor(s ? Math.min(Math.max(at, s.startMs), s.endMs) : at);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = span / (e.shiftKey ? 10 : 100);
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const from = cursorMs ?? view.fromMs + span / 2;
      const next = from + (e.key === 'ArrowLeft' ? -step : step);
      onCursor(Math.round(Math.min(view.toMs, Math.max(view.fromMs, next))));
    } else if (e.key === 'Escape' && cursorMs !== null) {
      e.preventDefault();
      onCursor(null);
    }
  };

  const brush = drag && Math.abs(drag.x1 - drag.x0) >= MIN_DRAG_PX ? drag : null;
  const cursorX = cursorMs !== null && cursorMs >= view.fromMs && cursorMs <= view.toMs ? xOf(cursorMs) : null;

  return (
    <div
      className="tl-lanes-scroll"
      tabIndex={0}
      role="group"
      aria-label={`Lanes ${formatRange(view.fromMs, view.toMs)}: ← → move the instant cursor, Esc clears it`}
      onKeyDown={onKeyDown}
    >
      <svg
        className="tl-lanes-svg"
        width={width}
        height={height}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onDoubleClick={(e) => {
          const id = barOf(e.target);
          if (id !== null) navigate({ screen: 'session', session: id, program: null, atUs: null });
        }}
      >
        <g transform={`translate(${LABEL_W},0)`}>
          {ticks.map((t) => (
            <g key={t.ms}>
              <line
                className={t.major ? 'tl-grid-major' : 'tl-grid'}
                x1={xOf(t.ms)}
                x2={xOf(t.ms)}
                y1={AXIS_H - 4}
                y2={height}
              />
              <text
                className={`tl-axis-label${t.major ? ' is-major' : ''}`}
                x={xOf(t.ms)}
                y={AXIS_H - 8}
                textAnchor={xOf(t.ms) < 30 ? 'start' : plotW - xOf(t.ms) < 30 ? 'end' : 'middle'}
              >
                {t.label}
              </text>
            </g>
          ))}
        </g>
        {layouts.map(({ lane, layout, top, height: h }, i) => (
          <g key={lane.key ?? '\u0000none'} className="tl-lane" data-lane={lane.key ?? ''}>
            {i % 2 === 1 && <rect className="tl-lane-band" x={0} y={top} width={width} height={h} />}
            <line className="tl-lane-rule" x1={0} x2={width} y1={top + h + 0.5} y2={top + h + 0.5} />
            <foreignObject x={0} y={top} width={LABEL_W - 8} height={h}>
              <div
                className="tl-lane-label"
                title={`${displayText(lane.key ?? 'not recorded')}: ${plural(lane.sessions, 'session')} in view`}
              >
                <span className="ellipsis">
                  {lane.key === null ? <span className="faint">not recorded</span> : <SafeText text={lane.key} />}
                </span>
                <span className="tl-lane-n faint">{formatCount(lane.sessions)}</span>
              </div>
            </foreignObject>
            <g transform={`translate(${LABEL_W},${top + LANE_PAD})`}>
              {layout.bars.map((b) => (
                <rect
                  key={b.session.id}
                  data-session={b.session.id}
                  className={`tl-bar${b.session.problem ? ' is-problem' : b.session.nonZeroExit ? ' is-exit' : ''}${selected.has(b.session.id) ? ' is-selected' : ''}${b.session.endKnown ? '' : ' is-open'}`}
                  x={b.x}
                  y={b.row * (BAR_H + ROW_GAP)}
                  width={b.width}
                  height={BAR_H}
                  rx={2}
                >
                  <title>{barTitle(b.session)}</title>
                </rect>
              ))}
              {layout.crowded > 0 && (
                <text className="tl-lane-more" x={plotW - 2} y={layout.rows * (BAR_H + ROW_GAP) - 2} textAnchor="end">
                  +{layout.crowded} overlapping
                </text>
              )}
            </g>
          </g>
        ))}
        {cursorX !== null && (
          <g className="tl-cursor" transform={`translate(${LABEL_W + cursorX},0)`}>
            <line x1={0} x2={0} y1={AXIS_H - 6} y2={height} />
            <path d="M-5 0h10l-5 7z" transform={`translate(0,${AXIS_H - 13})`} />
          </g>
        )}
        {brush && (
          <rect
            className="tl-brush"
            x={LABEL_W + Math.min(brush.x0, brush.x1)}
            y={AXIS_H}
            width={Math.abs(brush.x1 - brush.x0)}
            height={height - AXIS_H}
          />
        )}
      </svg>
    </div>
  );
}

function barTitle(s: LanesView['lanes'][0]['shown'][0]): string {
  const end = s.endKnown ? `${formatMoment(s.endMs)} (${formatDuration(s.endMs - s.startMs)})` : 'end not recorded';
  const other = s.other !== null ? ` · ${displayText(s.other)}` : '';
  return `${s.id}${other} · ${formatMoment(s.startMs)} → ${end}${s.nonZeroExit ? ' · non-zero exit' : ''}${s.problem ? ' · with problems' : ''}`;
}
