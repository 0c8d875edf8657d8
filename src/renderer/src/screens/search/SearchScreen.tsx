// Search every command and its output. Results come as you type (debounced; an answer to an older
// query is dropped), the query stays in the address (#/search?q=...), and Enter on a hit opens the
// replay at that moment. Query mistakes are answers, shown under the box at their column. The list
// is ordered by relevance or time, grouped by session or not, 200 hits at a time as it scrolls,
// with counts of users, targets, types and command/output beside it (a click narrows the query).

import { Fragment, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { type SearchHit, type SearchResult, type SearchSessionGroup, type SearchSort } from '../../../../shared/search';
import { api } from '../../api/client';
import { navigate } from '../../router';
import { formatCount, formatTime, utcOffsetLabel } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { SafeText } from '../../ui/display-text';
import { storedPref } from '../../ui/stored-pref';
import { useDebounced } from '../../ui/use-element-size';
import { ReportDialog } from '../case/ReportDialog';
import { ExportDialog } from './ExportDialog';
import { QueryHelp } from './QueryHelp';
import { SearchFacets } from './SearchFacets';
import { SearchHitRow } from './SearchHitRow';
import { narrowQuery, type FacetKey } from './narrow-query';
import { PAGE_HITS, useSearchPages, type Answered } from './use-search-pages';
import './search.css';

const DEBOUNCE_MS = 120;
const PAGE_STEP = 8;

const SORTS: Array<{ id: SearchSort; label: string }> = [
  { id: 'relevance', label: 'Best match first' },
  { id: 'time', label: 'Oldest first' },
  { id: '-time', label: 'Newest first' },
];
interface Order {
  sort: SearchSort;
  grouped: boolean;
}

/** The order and grouping, kept across visits and restarts. */
const orderPref = storedPref<Order>(
  'sshlens.search.order',
  (text) => {
    try {
      const v = JSON.parse(text ?? '{}') as { sort?: unknown; grouped?: unknown };
      return {
        sort: SORTS.some((s) => s.id === v.sort) ? (v.sort as SearchSort) : 'relevance',
        grouped: v.grouped === true,
      };
    } catch {
      return { sort: 'relevance', grouped: false };
    }
  },
  JSON.stringify,
);
const setOrder = (change: (order: Order) => Order): void => orderPref.set(change(orderPref.get()));

export function SearchScreen({ query, caseVersion }: { query: string; caseVersion: number }): ReactNode {
  const [text, setText] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);

  // The route and the box follow each other: typing replaces the address (no history entry per
  // key); an address changed from outside (Back, a link) replaces the box.
  const inRoute = useRef(query);
  useEffect(() => {
    if (query === inRoute.current) return;
    inRoute.current = query;
    setText(query);
  }, [query]);
  const settled = useDebounced(text, DEBOUNCE_MS);
  useEffect(() => {
    if (settled === inRoute.current) return;
    inRoute.current = settled;
    navigate({ screen: 'search', query: settled }, { replace: true });
  }, [settled]);

  const order = orderPref.use();
  const sort = order.sort;
  const group = order.grouped ? 'session' : 'none';
  const asked = settled.trim() === '' ? null : settled;
  const pages = useSearchPages(asked, sort, group, caseVersion);
  const search = pages.first;

  // The last good result stays (dimmed) under a query error, so a half-typed quote does not blank the list.
  const answered = search.value;
  const [lastGood, setLastGood] = useState<Answered | null>(null);
  if (answered?.answer.ok && answered !== lastGood) setLastGood(answered);
  const good = answered?.answer.ok ? answered : lastGood;
  const queryError = answered && !answered.answer.ok && answered.query === asked ? answered.answer : null;
  const shown: { query: string; result: SearchResult; ms: number } | null =
    asked === null || !good?.answer.ok ? null : { query: good.query, result: good.answer.result, ms: good.ms };
  const stale = shown !== null && (shown.query !== asked || queryError !== null || search.pending);
  const loaded = shown === null ? [] : [shown.result, ...pages.more];
  const hits = loaded.flatMap((r) => r.hits);
  const lastPage = loaded.at(-1);
  const groups = new Map<string, SearchSessionGroup>();
  for (const r of loaded) for (const g of r.groups ?? []) if (!groups.has(g.session)) groups.set(g.session, g);
  const [exporting, setExporting] = useState(false);

  // A new answer (another query, order or grouping) is read from its top: the next pages load
  // only as the investigator scrolls down to them.
  const body = useRef<HTMLDivElement>(null);
  const firstPage = shown?.result;
  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
  }, [firstPage]);

  const [selected, setSelected] = useState(0);
  const [reportSessions, setReportSessions] = useState<string[] | null>(null);
  // Another query's answer is read from its first hit.
  const [selectedOf, setSelectedOf] = useState(shown?.query);
  if (selectedOf !== shown?.query) {
    setSelectedOf(shown?.query);
    setSelected(0);
  }
  const current = Math.min(selected, Math.max(0, hits.length - 1));

  useEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  // "/" from anywhere on the screen goes to the box (not while typing in another field).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The list's output hits replay from their output's start until placed: the one opened is
  // placed now, where its first match was printed (its output's start if that fails).
  const open = (hit: SearchHit | undefined): void => {
    if (!hit) return;
    const go = (atUs: number): void =>
      navigate({ screen: 'session', session: hit.session, program: hit.program, atUs, highlight: matchedTexts(hit) });
    const query = shown?.query;
    if (hit.replay.placed || query === undefined) return go(hit.replay.atUs);
    const { atUs, outputOffset } = hit.replay;
    void api.searchMoment({ query, program: hit.program, atUs, outputOffset }).then(
      (r) => go(r.ok ? (r.value?.atUs ?? atUs) : atUs),
      () => go(atUs),
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const move = (to: number): void => {
      e.preventDefault();
      setSelected(Math.max(0, Math.min(hits.length - 1, to)));
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(current + 1);
      case 'ArrowUp':
        return move(current - 1);
      case 'PageDown':
        return move(current + PAGE_STEP);
      case 'PageUp':
        return move(current - PAGE_STEP);
      case 'Enter':
        // From the box or the list only: Enter on a button is that button's.
        if (e.target !== input.current && !list.current?.contains(e.target as Node)) return;
        if (hits.length > 0 && !stale) {
          e.preventDefault();
          open(hits[current]);
        }
        return;
      case 'Escape':
        if (e.target === input.current && text !== '') {
          e.preventDefault();
          setText('');
        }
        return;
    }
  };

  const putInBox = (q: string): void => {
    setText(q);
    input.current?.focus();
  };

  const pickFacet = (key: FacetKey, value: string): void => putInBox(narrowQuery(text, key, value));

  // The next page as the end of the list comes into view (and by the button, for keyboards).
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = pages;
  const canLoadMore = lastPage?.next != null && !stale;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !canLoadMore) return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [canLoadMore, loadMore]);

  const goToColumn = (column: number): void => {
    const el = input.current;
    if (!el) return;
    const at = Array.from(el.value)
      .slice(0, column - 1)
      .join('').length;
    el.focus();
    el.setSelectionRange(at, at);
  };

  return (
    <div className="sr-screen" onKeyDown={onKeyDown}>
      <div className="sr-top">
        <div className={`sr-box${queryError ? ' has-error' : ''}`}>
          <Icon name="search" size={18} />
          <input
            ref={input}
            className="sr-input mono"
            role="searchbox"
            aria-label="Search commands and output"
            aria-controls="sr-results"
            aria-activedescendant={hits.length > 0 && !stale ? `sr-hit-${current}` : undefined}
            aria-invalid={queryError !== null}
            aria-describedby={queryError ? 'sr-query-error' : undefined}
            placeholder="Search commands and output"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={2000}
          />
          {search.pending && asked !== null && <span className="sr-spinner" aria-label="Searching" />}
          {text !== '' ? (
            <button
              type="button"
              className="btn btn-ghost btn-icon sr-clear"
              aria-label="Clear the search"
              onClick={() => putInBox('')}
            >
              <Icon name="close" size={14} />
            </button>
          ) : (
            <kbd className="sr-slash" title="Press / to search">
              /
            </kbd>
          )}
        </div>
        {queryError && (
          <QueryError
            query={asked ?? ''}
            message={queryError.message}
            column={queryError.column}
            onColumn={goToColumn}
          />
        )}
        {search.error !== null && asked !== null && <Problem message={search.error} onRetry={search.reload} />}
        {shown && (
          <div className="sr-status">
            <span className={stale ? 'faint' : undefined} data-testid="sr-count">
              {hits.length < shown.result.total || shown.result.totalCapped ? (
                <>
                  <strong>{formatCount(hits.length)}</strong> of{' '}
                </>
              ) : null}
              <strong>
                {formatCount(shown.result.total)}
                {shown.result.totalCapped ? '+' : ''}
              </strong>{' '}
              {shown.result.total === 1 && !shown.result.totalCapped ? 'match' : 'matches'}
              <span className="faint"> · {Math.max(1, Math.round(shown.ms))} ms</span>
              {shown.result.incomplete && (
                <span className="sr-incomplete" data-testid="sr-incomplete">
                  {' '}
                  · stopped early: older output was not all tested
                </span>
              )}
            </span>
            <span className="sr-grow" />
            <label className="sr-order">
              <span className="faint">Order</span>
              <select
                className="select"
                aria-label="Order of the results"
                value={sort}
                onChange={(e) => setOrder((o) => ({ ...o, sort: e.target.value as SearchSort }))}
              >
                {SORTS.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox sr-group-toggle">
              <input
                type="checkbox"
                checked={order.grouped}
                onChange={(e) => setOrder((o) => ({ ...o, grouped: e.target.checked }))}
              />{' '}
              Group by session
            </label>
            {hits.length > 0 && (
              <>
                <button
                  type="button"
                  className="btn btn-small"
                  title="Every match, in this order, as CSV or JSON"
                  aria-label="Export the results"
                  onClick={() => setExporting(true)}
                >
                  <Icon name="folder" size={12} /> Export…
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  title="A report of the sessions these results are in"
                  aria-label="Report on these sessions"
                  onClick={() => setReportSessions([...new Set(hits.map((h) => h.session))])}
                >
                  <Icon name="file" size={12} /> Report…
                </button>
              </>
            )}
            <span className="faint sr-zone">Times in {utcOffsetLabel()}</span>
            {hits.length > 0 && (
              <span className="faint sr-keys">
                <kbd>↑</kbd> <kbd>↓</kbd> select <kbd>Enter</kbd> open replay
              </span>
            )}
          </div>
        )}
      </div>

      <div className="sr-body" ref={body}>
        {asked === null || text.trim() === '' ? (
          <QueryHelp onExample={putInBox} />
        ) : shown === null ? (
          search.pending && <div className="empty sr-empty">Searching…</div>
        ) : hits.length === 0 ? (
          !stale && (
            <div className="empty sr-empty">
              <Icon name="search" size={24} />
              <strong>No matches</strong>
              <span>
                Nothing in the commands or output matches <code>{shown.query}</code>.
              </span>
              <span className="faint">
                Text matches inside words and ignores case; check the filters, or try fewer terms.
              </span>
            </div>
          )
        ) : (
          <div className="sr-columns">
            <div className="sr-results">
              <ol
                ref={list}
                id="sr-results"
                className={`sr-list${stale ? ' is-stale' : ''}`}
                role="listbox"
                aria-label="Search results"
                onClick={(e) => {
                  const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
                  if (!row || window.getSelection()?.type === 'Range') return;
                  const index = Number(row.dataset['index']);
                  setSelected(index);
                  open(hits[index]);
                }}
              >
                {hits.map((hit, i) => {
                  const header =
                    groups.size > 0 && hits[i - 1]?.session !== hit.session ? groups.get(hit.session) : undefined;
                  return (
                    <Fragment key={`${hit.program}:${hit.in}:${hit.replay.atUs}:${i}`}>
                      {header && <GroupHeader group={header} capped={shown.result.totalCapped} />}
                      <SearchHitRow hit={hit} index={i} selected={i === current} />
                    </Fragment>
                  );
                })}
              </ol>
              <div className="sr-more" ref={sentinel}>
                {pages.moreError !== null && <Problem message={pages.moreError} onRetry={loadMore} />}
                {canLoadMore ? (
                  <button type="button" className="btn" disabled={pages.loadingMore} onClick={loadMore}>
                    {pages.loadingMore ? 'Loading…' : `Load ${formatCount(PAGE_HITS)} more`}
                  </button>
                ) : (
                  !stale &&
                  shown.result.totalCapped && (
                    <span className="faint sr-capped">
                      {shown.result.incomplete
                        ? 'The search tests output newest first, up to a fixed amount per query, and stopped there: older output may hold more matches. Narrow the query'
                        : `The list stops at the ${formatCount(hits.length)} most recently indexed matches: narrow the query`}{' '}
                      (user:, target:, after:, before:) to reach the others.
                    </span>
                  )
                )}
              </div>
            </div>
            {shown.result.facets && <SearchFacets facets={shown.result.facets} onPick={pickFacet} />}
          </div>
        )}
      </div>
      {reportSessions && <ReportDialog sessions={reportSessions} onClose={() => setReportSessions(null)} />}
      {exporting && asked !== null && (
        <ExportDialog query={asked} sort={sort} group={group} onClose={() => setExporting(false)} />
      )}
    </div>
  );
}

/** A session's line above its hits: who, where, when, and its hits among all the matches. */
function GroupHeader({ group, capped }: { group: SearchSessionGroup; capped: boolean }): ReactNode {
  return (
    <li className="sr-group" role="presentation" data-session={group.session}>
      <span className="mono sr-group-id">{group.session}</span>
      <span className="sr-group-who ellipsis">
        {group.userEmail !== null ? <SafeText text={group.userEmail} /> : <span className="faint">unknown user</span>}
        <span className="faint"> → </span>
        <span className="mono">
          {group.targetId !== null ? <SafeText text={group.targetId} /> : <span className="faint">unknown target</span>}
        </span>
      </span>
      <span className="sr-grow" />
      <span className="faint sr-group-start">started {formatTime(group.start)}</span>
      <span className="badge sr-group-hits">
        {formatCount(group.hits)}
        {capped ? '+' : ''} {group.hits === 1 && !capped ? 'hit' : 'hits'}
      </span>
    </li>
  );
}

/** The query again, with the place the message is about underlined and a caret under it. */
function QueryError({
  query,
  message,
  column,
  onColumn,
}: {
  query: string;
  message: string;
  column: number | null;
  onColumn: (c: number) => void;
}): ReactNode {
  const chars = Array.from(query);
  const at = column === null ? null : Math.max(0, Math.min(chars.length, column - 1));
  return (
    <div className="problem has-icon" id="sr-query-error" role="alert">
      <Icon name="warning" size={14} />
      <div className="sr-error-text">
        <div>{message}</div>
        {at !== null && (
          <button
            type="button"
            className="sr-error-echo mono"
            onClick={() => onColumn(at + 1)}
            title="Put the cursor there"
          >
            <span>{chars.slice(0, at).join('')}</span>
            <span className="sr-error-at">{chars[at] ?? ' '}</span>
            <span>{chars.slice(at + 1).join('')}</span>
            <span className="sr-error-caret" aria-hidden="true">
              {' '.repeat(at)}^ column {at + 1}
            </span>
          </button>
        )}
      </div>
    </div>
  );
}

/** What the replay highlights for a hit: each text its snippet marks as matched, once. */
function matchedTexts(hit: SearchHit): string[] {
  return [...new Set(hit.matches.map((m) => hit.snippet.slice(m.start, m.end)).filter((t) => t.trim() !== ''))];
}
