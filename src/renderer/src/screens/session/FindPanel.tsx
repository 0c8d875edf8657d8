import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { FindHit } from '../../../../shared/views';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { formatClock } from '../../ui/format';
import { FIND_LIMIT, type FindState } from './use-find';
import { markedParts, visibleText } from './visible-text';
import '../../ui/list-row.css';
import './find-panel.css';

/**
 * Find in this program's commands and output: Enter and Shift+Enter step through the hits (each
 * seeks the replay there), Esc leaves. Snippets are text, the matches marked from their ranges.
 */
export function FindPanel(props: {
  find: FindState;
  inputRef: RefObject<HTMLInputElement | null>;
  onGo: (index: number) => void;
  onClose: () => void;
}): ReactNode {
  const { find, inputRef, onGo, onClose } = props;
  const { hits, active } = find;
  const list = hits.state === 'done' && hits.ok ? hits.value : [];
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    listRef.current?.querySelector(`[data-hit="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const step = (direction: 1 | -1): void => {
    if (list.length === 0) return;
    const next =
      active < 0 ? (direction === 1 ? 0 : list.length - 1) : (active + direction + list.length) % list.length;
    onGo(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      step(event.key === 'ArrowDown' ? 1 : -1);
    }
  };

  const typing = find.query.trim() !== find.searched;
  const count =
    find.searched === ''
      ? null
      : hits.state === 'loading' || typing
        ? 'Searching…'
        : !hits.ok
          ? null
          : list.length === 0
            ? 'No hits'
            : `${active >= 0 ? `${active + 1} of ` : ''}${list.length}${list.length >= FIND_LIMIT ? '+' : ''} hits`;

  return (
    <div className="ss-find">
      <div className="ss-find-bar">
        <div className="ss-find-field">
          <Icon name="search" size={14} />
          <input
            ref={inputRef}
            className="input ss-find-input"
            type="search"
            placeholder="Find in commands and output"
            aria-label="Find in this program"
            value={find.query}
            onChange={(e) => find.setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="ss-find-tools">
          <span className="ss-find-count faint" aria-live="polite">
            {count}
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-small btn-icon ss-find-prev"
            onClick={() => step(-1)}
            disabled={list.length === 0}
            title="Previous hit (Shift+Enter)"
            aria-label="Previous hit"
          >
            <Icon name="back" size={14} />
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small btn-icon ss-find-next"
            onClick={() => step(1)}
            disabled={list.length === 0}
            title="Next hit (Enter)"
            aria-label="Next hit"
          >
            <Icon name="back" size={14} />
          </button>
        </div>
      </div>

      {hits.state === 'done' && !hits.ok ? (
        <div className="ss-find-problem">
          <Problem message={hits.error} onRetry={hits.reload} />
        </div>
      ) : find.searched === '' ? (
        <div className="empty ss-side-empty">
          <Icon name="search" size={20} />
          <span>Find text typed or shown in this program.</span>
          <span className="faint">
            Case-insensitive. <kbd>Enter</kbd> jumps to the next hit.
          </span>
        </div>
      ) : list.length === 0 && hits.state === 'done' && !typing ? (
        <div className="empty ss-side-empty">
          <span>
            Nothing matches <q className="mono">{find.searched}</q>.
          </span>
        </div>
      ) : (
        <ol className="ss-find-hits" ref={listRef} aria-label="Hits">
          {list.map((hit, i) => (
            <HitRow key={`${hit.atUs}:${i}`} hit={hit} index={i} active={i === active} onGo={onGo} />
          ))}
        </ol>
      )}
    </div>
  );
}

function HitRow({
  hit,
  index,
  active,
  onGo,
}: {
  hit: FindHit;
  index: number;
  active: boolean;
  onGo: (index: number) => void;
}): ReactNode {
  const parts = markedParts(visibleText(hit.snippet), hit.matches);
  return (
    <li data-hit={index}>
      <button
        type="button"
        className={`list-row ss-hit${active ? ' is-current' : ''}`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => onGo(index)}
        aria-current={active || undefined}
      >
        <span className="ss-hit-meta">
          <span className="mono">{formatClock(hit.atUs, true)}</span>
          <span className={`badge${hit.in === 'command' ? ' badge-accent' : ''}`}>{hit.in}</span>
        </span>
        <span className="ss-hit-snippet mono">
          {parts.map((p, j) => (p.marked ? <mark key={j}>{p.text}</mark> : <span key={j}>{p.text}</span>))}
        </span>
      </button>
    </li>
  );
}
