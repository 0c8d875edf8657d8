// Session starts over time as SVG bars (problem sessions stacked in their own colour), with a
// time axis that adapts to the zoom, a tooltip per bar and a brush: drag across the chart to zoom
// into that time, double-click (or "Zoom out") to go back.

import { useEffect, useMemo, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type { Histogram, TimelineFilter } from '../../../../shared/views';
import { api } from '../../api/client';
import { formatCount, plural } from '../../ui/format';
import { Problem } from '../../ui/Problem';
import { filterKey, withoutTime, type TimeRange } from './filter-state';
import { formatRange, formatSpan, histogramAxis, timeTicks } from './time-axis';
import { useDebounced, useElementSize } from '../../ui/use-element-size';
import { useLatest } from '../../ui/use-latest';
import './histogram.css';

const LEFT = 44;
const RIGHT = 12;
const TOP = 10;
const PLOT_H = 96;
const AXIS_H = 24;
const HEIGHT = TOP + PLOT_H + AXIS_H;
/** Width of a bucket on screen: the histogram asks for width / BAR_PX buckets. */
const BAR_PX = 4;
/** A brush narrower than this is a click, not a zoom. */
const MIN_BRUSH_PX = 4;
/** The narrowest window a zoom opens (a shorter brush widens around its middle). */
const MIN_ZOOM_MS = 1000;

/** The span brushed (on the histogram or the lanes) as the window to zoom to: at least MIN_ZOOM_MS wide. */
export function zoomWindow(fromMs: number, toMs: number): TimeRange {
  if (toMs - fromMs >= MIN_ZOOM_MS) return { fromMs, toMs };
  const from = Math.floor((fromMs + toMs) / 2 - MIN_ZOOM_MS / 2);
  return { fromMs: from, toMs: from + MIN_ZOOM_MS };
}

export interface HistogramPanelProps {
  filter: TimelineFilter;
  zoom: TimeRange | null;
  /** First start and last end in the case (the axis when not zoomed); undefined while loading, null when no session has a start. */
  caseSpan: TimeRange | null | undefined;
  reloadKey: number;
  onZoom: (range: TimeRange) => void;
  onZoomOut: () => void;
  onResetZoom: () => void;
}

export function HistogramPanel(props: HistogramPanelProps): ReactNode {
  const { filter, zoom, caseSpan, reloadKey, onZoom, onZoomOut, onResetZoom } = props;
  const body = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(body);
  const settledWidth = useDebounced(width, 150);
  const maxBuckets = Math.max(10, Math.min(2000, Math.floor((settledWidth - LEFT - RIGHT) / BAR_PX)));
  // The axis: the zoom, else the whole case (the same for every filter, so filtered sessions are seen in context).
  const range = zoom ?? caseSpan;
  const axis = range ? histogramAxis(range.fromMs, range.toMs, maxBuckets) : null;
  const base = withoutTime(filter);
  const histogram = useLatest<Histogram>(
    settledWidth > 0 && axis ? () => api.timelineHistogram({ filter: base, ...axis }) : null,
    [filterKey(base), axis?.fromMs, axis?.toMs, axis?.buckets, settledWidth > 0, reloadKey],
  );
  const data = histogram.value;
  const bucketMs = data?.bucketMs ?? 0;

  return (
    <section className="panel tl-hist" aria-label="Sessions started over time">
      <header className="tl-hist-head">
        <span className="section-title">Sessions started</span>
        {data && range && (
          <span className="tl-hist-range">
            {formatRange(range.fromMs, range.toMs)}
            <span className="faint"> · 1 bar = {formatSpan(bucketMs)}</span>
          </span>
        )}
        <span className="tl-legend" aria-hidden="true">
          <span className="tl-swatch tl-swatch-all" /> sessions
          <span className="tl-swatch tl-swatch-exit" /> with a non-zero exit
          <span className="tl-swatch tl-swatch-problem" /> with problems
        </span>
        <span className="tl-grow" />
        <span className="tl-hint faint">Drag to zoom · double-click to zoom out</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!zoom}
          onClick={onZoomOut}
          title="Back to the previous zoom (double-click the chart)"
        >
          Zoom out
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!zoom}
          onClick={onResetZoom}
          title="Show the whole case"
        >
          All time
        </button>
      </header>
      <div ref={body} className={`tl-hist-body${histogram.pending ? ' is-pending' : ''}`}>
        {histogram.error !== null && !data ? (
          <Problem message={histogram.error} onRetry={histogram.reload} />
        ) : range === null ? (
          <div className="empty tl-hist-none">No session has a known start time to place on the axis.</div>
        ) : (
          width > 0 && <Chart data={data} width={width} onZoom={onZoom} onZoomOut={onZoomOut} />
        )}
      </div>
    </section>
  );
}

interface Brush {
  x0: number;
  x1: number;
}

function Chart({
  data,
  width,
  onZoom,
  onZoomOut,
}: {
  data: Histogram | undefined;
  width: number;
  onZoom: (r: TimeRange) => void;
  onZoomOut: () => void;
}): ReactNode {
  const plotW = Math.max(10, width - LEFT - RIGHT);
  const [hover, setHover] = useState<number | null>(null);
  const [brush, setBrush] = useState<Brush | null>(null);

  const n = data?.counts.length ?? 0;
  const barW = n > 0 ? plotW / n : plotW;
  const domainMs = data ? n * data.bucketMs : 0;
  const maxCount = useMemo(() => (data ? Math.max(0, ...data.counts) : 0), [data]);
  const yMax = niceCeil(maxCount);
  const xOf = (ms: number): number => LEFT + (data && domainMs > 0 ? ((ms - data.fromMs) / domainMs) * plotW : 0);
  const bucketAt = (x: number): number | null =>
    n > 0 && x >= LEFT && x < LEFT + plotW ? Math.min(n - 1, Math.floor((x - LEFT) / barW)) : null;

  const bars = useMemo(() => {
    if (!data || yMax === 0) return { all: '', exits: '', problems: '' };
    const gap = barW >= 3 ? 1 : 0;
    const w = Math.max(0.5, barW - gap);
    const baseline = TOP + PLOT_H;
    let all = '';
    // The flagged sessions of a bar as two halves of its width (a session can be both): the
    // non-zero exits on the left, the problems on the right, each from the baseline.
    const half = w / 2;
    let exits = '';
    let problems = '';
    const bar = (x: number, n: number, width: number): string => {
      const h = Math.max(1, (n / yMax) * PLOT_H);
      return `M${x.toFixed(2)} ${(baseline - h).toFixed(2)}h${width.toFixed(2)}V${baseline}h${(-width).toFixed(2)}z`;
    };
    data.counts.forEach((count, i) => {
      if (count <= 0) return;
      const x = LEFT + i * barW;
      all += bar(x, count, w);
      const e = data.nonZeroExit[i] ?? 0;
      const p = data.problems[i] ?? 0;
      if (e > 0) exits += bar(x, e, p > 0 ? half : w);
      if (p > 0) problems += e > 0 ? bar(x + half, p, half) : bar(x, p, w);
    });
    return { all, exits, problems };
  }, [data, yMax, barW]);

  const ticks = useMemo(
    () => (data && domainMs > 0 ? timeTicks(data.fromMs, data.fromMs + domainMs, plotW) : []),
    [data, domainMs, plotW],
  );

  useEffect(() => {
    if (!brush) return;
    const cancel = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setBrush(null);
    };
    window.addEventListener('keydown', cancel);
    return () => window.removeEventListener('keydown', cancel);
  }, [brush]);

  const localX = (e: PointerEvent<SVGSVGElement>): number => e.clientX - e.currentTarget.getBoundingClientRect().left;

  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    if (e.button !== 0 || !data) return;
    const x = Math.min(Math.max(localX(e), LEFT), LEFT + plotW);
    e.currentTarget.setPointerCapture(e.pointerId);
    setBrush({ x0: x, x1: x });
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const x = localX(e);
    if (brush) setBrush({ x0: brush.x0, x1: Math.min(Math.max(x, LEFT), LEFT + plotW) });
    setHover(bucketAt(x));
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>): void => {
    const b = brush;
    setBrush(null);
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (!b || !data) return;
    if (Math.abs(b.x1 - b.x0) < MIN_BRUSH_PX) return;
    const { fromMs, toMs } = snapped(b);
    onZoom(zoomWindow(fromMs, toMs));
  };

  /** The brushed span widened to whole bars: the zoom shows exactly the sessions of the bars chosen. */
  const snapped = (b: Brush): TimeRange => {
    if (!data || n === 0) return { fromMs: 0, toMs: 0 };
    const first = Math.max(0, Math.floor((Math.min(b.x0, b.x1) - LEFT) / barW));
    const last = Math.min(n, Math.max(first + 1, Math.ceil((Math.max(b.x0, b.x1) - LEFT) / barW)));
    return { fromMs: data.fromMs + first * data.bucketMs, toMs: data.fromMs + last * data.bucketMs - 1 };
  };

  const brushRange =
    brush && Math.abs(brush.x1 - brush.x0) >= MIN_BRUSH_PX
      ? { a: Math.min(brush.x0, brush.x1), b: Math.max(brush.x0, brush.x1) }
      : null;
  const brushSpan = brush && brushRange ? snapped(brush) : null;

  return (
    <>
      <svg
        className="tl-chart"
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={
          data
            ? `Histogram of ${plural(sum(data.counts), 'session')} starting ${formatRange(data.fromMs, data.toMs)}`
            : 'Histogram loading'
        }
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setBrush(null)}
        onPointerLeave={() => setHover(null)}
        onDoubleClick={onZoomOut}
      >
        {ticks
          .filter((t) => t.major)
          .map((t) => (
            <line key={`g${t.ms}`} className="tl-grid-major" x1={xOf(t.ms)} x2={xOf(t.ms)} y1={TOP} y2={TOP + PLOT_H} />
          ))}
        {yMax > 0 &&
          [yMax, yMax / 2].map((v) => (
            <g key={v}>
              <line
                className="tl-grid"
                x1={LEFT}
                x2={LEFT + plotW}
                y1={TOP + PLOT_H - (v / yMax) * PLOT_H}
                y2={TOP + PLOT_H - (v / yMax) * PLOT_H}
              />
              <text className="tl-axis-label" x={LEFT - 6} y={TOP + PLOT_H - (v / yMax) * PLOT_H + 4} textAnchor="end">
                {compact(v)}
              </text>
            </g>
          ))}
        {hover !== null && !brush && (
          <rect className="tl-hover-col" x={LEFT + hover * barW} y={TOP} width={barW} height={PLOT_H} />
        )}
        <path className="tl-bars" d={bars.all} />
        <path className="tl-bars-exit" d={bars.exits} />
        <path className="tl-bars-problem" d={bars.problems} />
        <line className="tl-baseline" x1={LEFT} x2={LEFT + plotW} y1={TOP + PLOT_H + 0.5} y2={TOP + PLOT_H + 0.5} />
        {ticks.map((t) => {
          const x = xOf(t.ms);
          const anchor = x - LEFT < 28 ? 'start' : LEFT + plotW - x < 28 ? 'end' : 'middle';
          return (
            <g key={t.ms}>
              <line className="tl-tick" x1={x} x2={x} y1={TOP + PLOT_H} y2={TOP + PLOT_H + 4} />
              <text
                className={`tl-axis-label${t.major ? ' is-major' : ''}`}
                x={x}
                y={TOP + PLOT_H + 17}
                textAnchor={anchor}
              >
                {t.label}
              </text>
            </g>
          );
        })}
        {data && maxCount === 0 && (
          <text className="tl-chart-empty" x={LEFT + plotW / 2} y={TOP + PLOT_H / 2 + 4} textAnchor="middle">
            No sessions start in this time range
          </text>
        )}
        {brushSpan && (
          <rect
            className="tl-brush"
            x={xOf(brushSpan.fromMs)}
            y={TOP}
            width={xOf(brushSpan.toMs + 1) - xOf(brushSpan.fromMs)}
            height={PLOT_H}
          />
        )}
        {/* Catches the pointer over empty space too (a path only hits where it is painted). */}
        <rect className="tl-hit" x={LEFT} y={TOP} width={plotW} height={PLOT_H + AXIS_H} />
      </svg>
      {data && brushRange ? (
        <Tooltip x={brushRange.b} width={width}>
          <div className="tl-tip-title">{brushSpan && formatRange(brushSpan.fromMs, brushSpan.toMs)}</div>
          <div className="muted">Release to zoom in · Esc cancels</div>
        </Tooltip>
      ) : (
        data &&
        hover !== null &&
        !brush && (
          <Tooltip x={LEFT + (hover + 0.5) * barW} width={width}>
            <div className="tl-tip-title">
              {formatRange(data.fromMs + hover * data.bucketMs, data.fromMs + (hover + 1) * data.bucketMs - 1)}
            </div>
            <div>
              <strong>{formatCount(data.counts[hover] ?? 0)}</strong>{' '}
              {(data.counts[hover] ?? 0) === 1 ? 'session' : 'sessions'}
            </div>
            {(data.nonZeroExit[hover] ?? 0) > 0 && (
              <div className="tl-tip-exit">
                <strong>{formatCount(data.nonZeroExit[hover] ?? 0)}</strong> with a non-zero exit
              </div>
            )}
            {(data.problems[hover] ?? 0) > 0 && (
              <div className="tl-tip-problem">
                <strong>{formatCount(data.problems[hover] ?? 0)}</strong> with problems
              </div>
            )}
          </Tooltip>
        )
      )}
    </>
  );
}

function Tooltip({ x, width, children }: { x: number; width: number; children: ReactNode }): ReactNode {
  // Beside the pointer, on whichever side has room.
  const style = x < width / 2 ? { left: x + 12 } : { right: width - x + 12 };
  return (
    <div className="tl-tooltip" style={{ ...style, top: TOP }} role="status">
      {children}
    </div>
  );
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `v` (0 for 0). */
function niceCeil(v: number): number {
  if (v <= 0) return 0;
  if (v <= 4) return Math.max(2, Math.ceil(v / 2) * 2);
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function compact(v: number): string {
  if (v >= 1_000_000) return `${trim(v / 1_000_000)}M`;
  if (v >= 1000) return `${trim(v / 1000)}k`;
  return trim(v);
}
const trim = (v: number): string => String(Math.round(v * 10) / 10);

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
