// A list that draws only the rows in view, for any number of rows of one fixed height. Generic:
// it knows indexes, not what a row shows. Past a few million pixels (the most a browser lets an
// element be tall) the scrollbar is scaled: the scroll position maps to a row proportionally.
// Two uses: a list whose selection it moves with the keyboard (the timeline's sessions), and one
// that only scrolls, keeping a row the caller chooses in view (the session's commands).

import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { useElementSize } from './use-element-size';
import './virtual-list.css';

/** Tallest spacer we let the browser lay out; Chromium's limit is about 33.5 million px. */
const MAX_SCROLL_PX = 8_000_000;
/** Rows drawn beyond each edge of the viewport, so a small scroll shows drawn rows at once. */
const OVERSCAN = 6;
/** How long a scroll by the user holds off `follow`, so reading back is not yanked away. */
const USER_SCROLL_HOLD_MS = 4000;

export interface VirtualListHandle {
  /** Scrolls so that row `index` is in view: at the top (`start`) or just into view (`nearest`). */
  scrollToIndex: (index: number, align: 'start' | 'nearest') => void;
  focus: () => void;
}

/** The list's own selection: arrows, Page Up/Down, Home/End move it; a click or Enter opens a row. */
export interface VirtualListSelection {
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
}

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Draws one row (a memoized element, so unchanged rows cost nothing while scrolling). */
  renderRow: (index: number, selected: boolean) => ReactNode;
  /** Without it the rows are the options (their own role, id and clicks) and `onKeyDown` has the keys. */
  selection?: VirtualListSelection;
  /** The rows in view changed: [first, last] with overscan (to fetch), and the first row fully shown. */
  onRangeChange?: (first: number, last: number, firstVisible: number) => void;
  /** A row to keep in view as it changes, unless the user scrolled the list in the last few seconds. */
  follow?: number | null;
  /** The option the keyboard is on, when the rows are the options. */
  activeId?: string;
  /** Keys, before the selection's (preventDefault keeps them from it). */
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  label: string;
  className?: string;
  style?: CSSProperties;
  ref?: Ref<VirtualListHandle>;
}

export function VirtualList(props: VirtualListProps): ReactNode {
  const { count, rowHeight, renderRow, selection, onRangeChange, follow = null, activeId, label, ref } = props;
  const { className, style, onKeyDown: callerKeys } = props;
  const selected = selection?.selected ?? -1;
  const viewport = useRef<HTMLDivElement>(null);
  const selectedId = `${useId()}-selected`;
  const { height } = useElementSize(viewport);
  const [scrollTop, setScrollTop] = useState(0);
  const userScrolledAt = useRef(0);

  const contentPx = count * rowHeight;
  const spacerPx = Math.min(contentPx, MAX_SCROLL_PX);
  // Virtual pixels (rows × height) per real scroll pixel: 1 unless the list is taller than the spacer.
  const scale = spacerPx > height && contentPx > spacerPx ? (contentPx - height) / (spacerPx - height) : 1;
  const virtualTop = scrollTop * scale;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((virtualTop + height) / rowHeight) + OVERSCAN);
  const pageRows = Math.max(1, Math.floor(height / rowHeight) - 1);

  const firstVisible = Math.min(Math.max(0, count - 1), Math.ceil(virtualTop / rowHeight));
  useEffect(() => {
    if (count > 0 && height > 0) onRangeChange?.(first, last, firstVisible);
  }, [first, last, firstVisible, count, height, onRangeChange]);

  const scrollToIndex = useCallback(
    (index: number, align: 'start' | 'nearest') => {
      const el = viewport.current;
      if (!el) return;
      const top = index * rowHeight;
      const viewTop = el.scrollTop * scale;
      let target = viewTop;
      if (align === 'start' || top < viewTop) target = top;
      else if (top + rowHeight > viewTop + el.clientHeight) target = top + rowHeight - el.clientHeight;
      if (target !== viewTop) el.scrollTop = target / scale;
      setScrollTop(el.scrollTop);
    },
    [rowHeight, scale],
  );
  // Focusing must not scroll the page: at 1024×700 the timeline opened with its title and filters scrolled away.
  useImperativeHandle(ref, () => ({ scrollToIndex, focus: () => viewport.current?.focus({ preventScroll: true }) }), [
    scrollToIndex,
  ]);

  // Following: a row out of view is brought to a third of the way down.
  useEffect(() => {
    const el = viewport.current;
    if (!el || follow === null || follow < 0 || height === 0) return;
    if (Date.now() - userScrolledAt.current < USER_SCROLL_HOLD_MS) return;
    const top = follow * rowHeight;
    const viewTop = el.scrollTop * scale;
    if (top >= viewTop && top + rowHeight <= viewTop + el.clientHeight) return;
    el.scrollTop = Math.max(0, top - Math.round(el.clientHeight / 3)) / scale;
  }, [follow, rowHeight, height, scale]);
  const userScroll = (): void => {
    userScrolledAt.current = Date.now();
  };

  // A list that shrank (new filter) may leave the scroll position past its end: the browser clamps it.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
  }, [count, scrollTop]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    callerKeys?.(e);
    if (!selection || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const move = (index: number): void => {
      if (count === 0) return;
      const next = Math.max(0, Math.min(count - 1, index));
      selection.onSelect(next);
      scrollToIndex(next, 'nearest');
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + pageRows),
      PageUp: () => move(selected - pageRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => count > 0 && selection.onOpen(selected),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const rowAt = (target: EventTarget): number | null => {
    const row = (target as HTMLElement).closest<HTMLElement>('[data-index]');
    return row ? Number(row.dataset['index']) : null;
  };

  // Rows are placed relative to the real scroll position, so they line up also when scaled.
  const offset = scrollTop - virtualTop;
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const option = selection && {
      role: 'option',
      'aria-selected': i === selected,
      'aria-posinset': i + 1,
      'aria-setsize': count,
      id: i === selected ? selectedId : undefined,
    };
    rows.push(
      <div
        key={i}
        data-index={i}
        className="vlist-row"
        {...option}
        style={{ height: rowHeight, transform: `translateY(${i * rowHeight + offset}px)` }}
      >
        {renderRow(i, i === selected)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className={className ? `vlist ${className}` : 'vlist'}
      style={style}
      tabIndex={0}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeId ?? (count > 0 && selected >= first && selected <= last ? selectedId : undefined)}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onWheel={userScroll}
      onTouchMove={userScroll}
      onPointerDown={(e) => {
        // A press on the scrollbar (outside the rows' width) is the user scrolling.
        if (e.nativeEvent.offsetX > e.currentTarget.clientWidth) userScroll();
      }}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        const index = rowAt(e.target);
        // A drag that selected text (to copy an address) is not a click on the row.
        if (!selection || index === null || window.getSelection()?.type === 'Range') return;
        selection.onSelect(index);
        selection.onOpen(index);
      }}
    >
      <div className="vlist-spacer" style={{ height: spacerPx }}>
        {rows}
      </div>
    </div>
  );
}
