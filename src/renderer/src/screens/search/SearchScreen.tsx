// Search every command and its output. Results come as you type (debounced; an answer to an older
// query is dropped), the query stays in the address (#/search?q=...), and Enter on a hit opens the
// replay at that moment. Query mistakes are answers, shown under the box at their column.

import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SearchAnswer } from '../../../../shared/api';
import type { SearchHit, SearchResult } from '../../../../shared/search';
import { api } from '../../api/client';
import { navigate } from '../../router';
import { formatCount, utcOffsetLabel } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { useDebounced } from '../../ui/use-element-size';
import { useLatest } from '../../ui/use-latest';
import { ReportDialog } from '../case/ReportDialog';
import { QueryHelp } from './QueryHelp';
import { SearchHitRow } from './SearchHitRow';
import './search.css';

const DEBOUNCE_MS = 120;
/** Hits asked for as you type; "Show more" asks for the most main gives. */
const FIRST_HITS = 200;
const MAX_HITS = 1000;
const PAGE_STEP = 8;

interface Answered {
  query: string;
  answer: SearchAnswer;
  ms: number;
}

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

  const [limit, setLimit] = useState(FIRST_HITS);
  useEffect(() => setLimit(FIRST_HITS), [settled]);
  const asked = settled.trim() === '' ? null : settled;
  const search = useLatest<Answered>(
    asked === null
      ? null
      : () => {
          const started = performance.now();
          return api
            .search({ query: asked, limit })
            .then((r) =>
              r.ok
                ? { ok: true as const, value: { query: asked, answer: r.value, ms: performance.now() - started } }
                : r,
            );
        },
    [asked, limit, caseVersion],
  );

  // The last good result stays (dimmed) under a query error, so a half-typed quote does not blank the list.
  const lastResult = useRef<{ query: string; result: SearchResult; ms: number } | null>(null);
  const answered = search.value;
  if (answered?.answer.ok)
    lastResult.current = { query: answered.query, result: answered.answer.result, ms: answered.ms };
  const queryError = answered && !answered.answer.ok && answered.query === asked ? answered.answer : null;
  const shown = asked === null ? null : lastResult.current;
  const stale = shown !== null && (shown.query !== asked || queryError !== null);
  const hits = shown?.result.hits ?? [];

  const [selected, setSelected] = useState(0);
  const [reportSessions, setReportSessions] = useState<string[] | null>(null);
  useEffect(() => setSelected(0), [shown?.query]);
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

  const open = useCallback((hit: SearchHit | undefined) => {
    if (!hit) return;
    navigate({
      screen: 'session',
      session: hit.session,
      program: hit.program,
      atUs: hit.replay.atUs,
      highlight: matchedTexts(hit),
    });
  }, []);

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
            <span className={stale ? 'faint' : undefined}>
              <strong>
                {shown.result.totalCapped ? `${formatCount(shown.result.total)}+` : formatCount(shown.result.total)}
              </strong>{' '}
              {shown.result.total === 1 && !shown.result.totalCapped ? 'match' : 'matches'}
              {hits.length < shown.result.total && (
                <span className="muted"> · showing the best {formatCount(hits.length)}</span>
              )}
              <span className="faint"> · {Math.max(1, Math.round(shown.ms))} ms</span>
            </span>
            <span className="sr-grow" />
            {hits.length > 0 && (
              <button
                type="button"
                className="btn btn-small"
                title="A report of the sessions these results are in"
                onClick={() => setReportSessions([...new Set(hits.map((h) => h.session))])}
              >
                <Icon name="file" size={12} /> Report on these sessions
              </button>
            )}
            <span className="faint">Times in {utcOffsetLabel()}</span>
            {hits.length > 0 && (
              <span className="faint sr-keys">
                <kbd>↑</kbd> <kbd>↓</kbd> select <kbd>Enter</kbd> open replay
              </span>
            )}
          </div>
        )}
      </div>

      <div className="sr-body">
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
          <>
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
              {hits.map((hit, i) => (
                <SearchHitRow
                  key={`${hit.program}:${hit.in}:${hit.replay.atUs}:${i}`}
                  hit={hit}
                  index={i}
                  selected={i === current}
                />
              ))}
            </ol>
            {hits.length < shown.result.total && limit < MAX_HITS && !stale && (
              <div className="sr-more">
                <button type="button" className="btn" onClick={() => setLimit(MAX_HITS)}>
                  Show up to {formatCount(MAX_HITS)} results
                </button>
              </div>
            )}
          </>
        )}
      </div>
      {reportSessions && <ReportDialog sessions={reportSessions} onClose={() => setReportSessions(null)} />}
    </div>
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
    <div className="sr-error" id="sr-query-error" role="alert">
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
