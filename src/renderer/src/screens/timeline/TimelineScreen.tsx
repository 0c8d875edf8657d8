// The case at a glance: every session on a time axis (a histogram to brush) and in a list that
// scrolls through any number of them. Filters, zoom and the place in the list survive leaving the
// screen (filter-state.ts). Nothing here is proportional to the number of sessions in the case:
// main counts and pages, the list draws what is in view.

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LaneBy, TimelineFilter } from '../../../../shared/views';
import { LANE_BYS } from '../../../../shared/views';
import { ReportDialog } from '../case/ReportDialog';
import { LanesPanel } from './LanesPanel';
import { RunningAtPanel } from './RunningAtPanel';
import { api } from '../../api/client';
import { hrefOf, navigate } from '../../router';
import { formatCount, plural, utcOffsetLabel } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import {
  cleanFilter,
  EMPTY_VIEW,
  filterKey,
  hasFilters,
  loadView,
  saveView,
  withoutTime,
  withZoom,
  zoomOf,
  type TimeRange,
  type TimelineView,
} from './filter-state';
import { FilterBar } from './FilterBar';
import { HistogramPanel } from './HistogramPanel';
import { ROW_HEIGHT, SessionColumns, SessionRow } from './SessionRow';
import { formatRange } from './time-axis';
import { storedPref } from '../../ui/stored-pref';
import { useKeyed } from '../../ui/use-keyed';
import { useLatest } from '../../ui/use-latest';
import { useTimelinePages } from './use-timeline-pages';
import { VirtualList, type VirtualListHandle } from '../../ui/VirtualList';
import { rowOfRef } from '../../../../shared/ids';
import './timeline.css';
import './session-list.css';

export function TimelineScreen({ caseVersion }: { caseVersion: number }): ReactNode {
  const [view, setView] = useState<TimelineView>(loadView);
  const { filter } = view;
  const zoom = zoomOf(filter);
  const caseInfo = useLatest(() => api.caseInfo(), [caseVersion]);
  const facets = useLatest(() => api.timelineFacets(), [caseVersion]);
  const pages = useTimelinePages(filter, caseVersion);
  const shown = pages.shown;
  const total = shown.total;
  const list = useRef<VirtualListHandle>(null);

  // Where the list is scrolled, remembered without re-rendering on every scroll.
  const firstRow = useRef(view.firstRow);
  const latestView = useRef(view);
  useEffect(() => {
    latestView.current = view;
    saveView({ ...view, firstRow: firstRow.current });
  }, [view]);
  useEffect(() => () => saveView({ ...latestView.current, firstRow: firstRow.current }), []);

  // Another case than the one the remembered view was for: start afresh (while rendering, so the
  // other case's view is never drawn).
  const casePath = caseInfo.value?.path;
  if (casePath !== undefined && view.casePath !== casePath)
    setView(view.casePath === null ? { ...view, casePath } : { ...EMPTY_VIEW, casePath });

  // Back on the screen: scroll to where the list was, once its length is known. (The list
  // reports its first row from then on: the place to go back to is kept apart.)
  const restoreTo = useRef<number | null>(view.firstRow > 0 ? view.firstRow : null);
  useEffect(() => {
    const to = restoreTo.current;
    if (to === null || total === null || total === 0) return;
    restoreTo.current = null;
    list.current?.scrollToIndex(Math.min(to, total - 1), 'start');
  }, [total]);

  // A new filter shows its first rows.
  const key = filterKey(filter);
  const previousKey = useRef(key);
  useEffect(() => {
    if (previousKey.current === key) return;
    previousKey.current = key;
    restoreTo.current = null;
    firstRow.current = 0;
    list.current?.scrollToIndex(0, 'start');
  }, [key]);

  useEffect(() => list.current?.focus(), []);

  const update = useCallback(
    (change: (v: TimelineView) => Partial<TimelineView>) => setView((v) => ({ ...v, ...change(v), selected: 0 })),
    [],
  );
  const changeFilter = useCallback(
    (change: Partial<TimelineFilter>) => update((v) => ({ filter: cleanFilter({ ...v.filter, ...change }) })),
    [update],
  );
  const clearFilters = useCallback(() => update(() => ({ filter: {}, zoomStack: [] })), [update]);
  const zoomTo = useCallback(
    (range: TimeRange) =>
      update((v) => ({ filter: withZoom(v.filter, range), zoomStack: [...v.zoomStack, zoomOf(v.filter)] })),
    [update],
  );
  const zoomOut = useCallback(
    () =>
      update((v) => {
        if (zoomOf(v.filter) === null) return {};
        const stack = v.zoomStack.slice();
        return { filter: withZoom(v.filter, stack.pop() ?? null), zoomStack: stack };
      }),
    [update],
  );
  const resetZoom = useCallback(() => update((v) => ({ filter: withZoom(v.filter, null), zoomStack: [] })), [update]);

  const count = total ?? 0;
  const selected = Math.min(view.selected, Math.max(0, count - 1));
  const select = useCallback(
    (index: number) => setView((v) => (v.selected === index ? v : { ...v, selected: index })),
    [],
  );
  const open = useCallback(
    (index: number) => {
      const row = shown.rowAt(index);
      if (!row) return;
      // The screen unmounts before this selection would render: remember it now, for coming back.
      latestView.current = { ...latestView.current, selected: index };
      navigate({ screen: 'session', session: row.id, program: null, atUs: null });
    },
    [shown],
  );
  const onRangeChange = useCallback(
    (first: number, last: number, firstVisible: number) => {
      pages.cache.want(first, last);
      firstRow.current = firstVisible;
    },
    [pages.cache],
  );
  // Sessions chosen for a report: by checkbox (Shift for a range), Space on the list, or a bar in the lanes.
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const [reporting, setReporting] = useState(false);
  const checkRow = useCallback(
    (index: number, range: boolean) => {
      const row = shown.rowAt(index);
      if (!row) return;
      setPicked((old) => {
        const next = new Set(old);
        const on = !old.has(row.id);
        const from = range && anchor.current !== null ? Math.min(anchor.current, index) : index;
        const to = range && anchor.current !== null ? Math.max(anchor.current, index) : index;
        for (let i = from; i <= to; i++) {
          const id = shown.rowAt(i)?.id;
          if (id === undefined) continue; // not loaded yet: a range picks what is known
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
      anchor.current = index;
    },
    [shown],
  );
  const clearPicked = useCallback(() => setPicked(new Set()), []);
  const pickSession = useCallback((id: string, add: boolean) => {
    setPicked((old) => {
      if (!add) return old.size === 1 && old.has(id) ? new Set() : new Set([id]);
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const renderRow = useCallback(
    (index: number) => {
      const row = shown.rowAt(index);
      return (
        <SessionRow row={row} index={index} checked={row !== undefined && picked.has(row.id)} onCheck={checkRow} />
      );
    },
    // Rows that arrive re-render the screen (pages.version), and with it every row in view.
    [shown, picked, checkRow],
  );
  const onListKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    checkRow(selected, e.shiftKey);
  };

  const laneBy = laneByPref.use();
  const [cursorMs, setCursorMs] = useState<number | null>(null);
  const baseFilter = useKeyed(filterKey(withoutTime(filter)), () => withoutTime(filter));

  const caseSessions = caseInfo.value?.sessions;
  const span = facets.value;
  const caseSpan = useMemo(
    () =>
      span === undefined
        ? undefined
        : span.fromMs !== null && span.toMs !== null
          ? { fromMs: span.fromMs, toMs: span.toMs }
          : null,
    [span],
  );
  const filtered = hasFilters(filter);
  const lanesWindow = zoom ?? caseSpan;
  const pickedList = useMemo(() => [...picked].sort((a, b) => rowOfRef(a) - rowOfRef(b)), [picked]);

  // Empty: main says so, or the list with no filter at all has no rows.
  if (caseSessions === 0 || (total === 0 && !filtered && shown === pages.cache)) {
    return (
      <div className="tl-screen">
        <ScreenHeader />
        <div className="panel tl-empty-case">
          <div className="empty">
            <Icon name="timeline" size={28} />
            <h2>No sessions in this case yet</h2>
            <p>Import Cloudflare SSH command logs or recordings, and their sessions appear here on a time axis.</p>
            <a className="btn btn-primary" href={hrefOf({ screen: 'import' })}>
              <Icon name="import" size={14} />
              Import recordings
            </a>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="tl-screen">
      <ScreenHeader>
        <span className="tl-count" aria-live="polite">
          {total === null ? (
            <span className="muted">Counting sessions…</span>
          ) : (
            <>
              <strong>{formatCount(total)}</strong> {total === 1 ? 'session' : 'sessions'}
              {filtered && caseSessions !== undefined && <span className="muted"> of {formatCount(caseSessions)}</span>}
            </>
          )}
        </span>
        {zoom && (
          <span className="badge badge-accent tl-zoom-badge">
            {formatRange(zoom.fromMs, zoom.toMs)}
            <button
              type="button"
              className="tl-zoom-clear"
              onClick={resetZoom}
              aria-label="Show all time"
              title="Show all time"
            >
              <Icon name="close" size={11} />
            </button>
          </span>
        )}
      </ScreenHeader>

      {picked.size > 0 && (
        <div className="tl-picked" role="status">
          <strong>{plural(picked.size, 'session')} selected</strong>
          <span className="faint mono ellipsis">
            {pickedList.slice(0, 12).join(', ')}
            {picked.size > 12 ? ', …' : ''}
          </span>
          <span className="tl-grow" />
          <button type="button" className="btn btn-small btn-primary" onClick={() => setReporting(true)}>
            <Icon name="file" size={12} /> Report on the selected sessions
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={clearPicked}>
            Clear selection
          </button>
        </div>
      )}
      {reporting && <ReportDialog sessions={pickedList} onClose={() => setReporting(false)} />}

      <FilterBar
        filter={filter}
        facets={facets.value}
        onChange={changeFilter}
        onClear={clearFilters}
        canClear={filtered}
      />

      <HistogramPanel
        filter={filter}
        zoom={zoom}
        caseSpan={caseSpan}
        reloadKey={caseVersion}
        onZoom={zoomTo}
        onZoomOut={zoomOut}
        onResetZoom={resetZoom}
      />

      <div className={`tl-mid${cursorMs !== null ? ' has-cursor' : ''}`}>
        <LanesPanel
          filter={baseFilter}
          window={lanesWindow}
          laneBy={laneBy}
          onLaneBy={laneByPref.set}
          reloadKey={caseVersion}
          cursorMs={cursorMs}
          onCursor={setCursorMs}
          selected={picked}
          onPick={pickSession}
          onZoom={zoomTo}
        />
        {cursorMs !== null && (
          <RunningAtPanel
            filter={baseFilter}
            atMs={cursorMs}
            reloadKey={caseVersion}
            selected={picked}
            onPick={pickSession}
            onClose={() => setCursorMs(null)}
          />
        )}
      </div>

      <section className={`panel tl-list${shown !== pages.cache ? ' is-pending' : ''}`} aria-label="Sessions">
        <SessionColumns />
        <div className="tl-list-body" onKeyDown={onListKey}>
          <VirtualList
            ref={list}
            className="tl-vlist"
            label="Sessions, oldest first"
            count={count}
            rowHeight={ROW_HEIGHT}
            renderRow={renderRow}
            selection={{ selected, onSelect: select, onOpen: open }}
            onRangeChange={onRangeChange}
          />
          {total === null && shown.error === null && <div className="tl-list-overlay muted">Loading sessions…</div>}
          {shown.error !== null && total === null && (
            <div className="tl-list-overlay">
              <Problem message={shown.error} onRetry={() => shown.retry()} />
            </div>
          )}
          {total === 0 && (
            <div className="tl-list-overlay">
              <div className="empty">
                <strong>No sessions match</strong>
                <span>
                  {zoom ? 'Nothing in this time range with these filters.' : 'No session fits all of these filters.'}
                </span>
                <span className="tl-empty-actions">
                  {zoom && (
                    <button type="button" className="btn" onClick={resetZoom}>
                      Show all time
                    </button>
                  )}
                  <button type="button" className="btn" onClick={clearFilters}>
                    Clear filters
                  </button>
                </span>
              </div>
            </div>
          )}
        </div>
        <footer className="tl-list-foot faint">
          <span>Oldest first</span>
          {shown.error !== null && total !== null && (
            <span className="tl-foot-problem" role="alert">
              Some rows could not be read: {shown.error}{' '}
              <button type="button" className="btn btn-small" onClick={() => shown.retry()}>
                Retry
              </button>
            </span>
          )}
          <span className="tl-grow" />
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> select
          </span>
          <span>
            <kbd>PgUp</kbd> <kbd>PgDn</kbd> page
          </span>
          <span>
            <kbd>Space</kbd> select for a report
          </span>
          <span>
            <kbd>Enter</kbd> open
          </span>
        </footer>
      </section>
    </div>
  );
}

function ScreenHeader({ children }: { children?: ReactNode }): ReactNode {
  return (
    <header className="tl-header">
      <h1>Timeline</h1>
      {children}
      <span className="tl-grow" />
      <span className="muted tl-zone" title="Times are shown in this computer's time zone">
        Times in {utcOffsetLabel()}
      </span>
    </header>
  );
}

/** What the lanes are by, kept across visits and restarts. */
const laneByPref = storedPref<LaneBy>(
  'sshlens:lane-by',
  (stored) => LANE_BYS.find((b) => b === stored) ?? 'target',
  (by) => by,
);
