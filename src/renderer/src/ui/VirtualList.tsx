// A list that draws only the rows in view, for any number of rows of one fixed height. Generic:
// it knows indexes, not what a row shows. Past a few million pixels (the most a browser lets an
// element be tall) the scrollbar is scaled: the scroll position maps to a row proportionally.

import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
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

export interface VirtualListHandle {
  /** Scrolls so that row `index` is in view: at the top (`start`) or just into view (`nearest`). */
  scrollToIndex: (index: number, align: 'start' | 'nearest') => void;
  focus: () => void;
}

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Draws one row (a memoized element, so unchanged rows cost nothing while scrolling). */
  renderRow: (index: number, selected: boolean) => ReactNode;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  /** The rows in view changed: [first, last] with overscan (to fetch), and the first row fully shown. */
  onRangeChange?: (first: number, last: number, firstVisible: number) => void;
  label: string;
  className?: string;
  ref?: Ref<VirtualListHandle>;
}

export function VirtualList(props: VirtualListProps): ReactNode {
  const { count, rowHeight, renderRow, selected, onSelect, onOpen, onRangeChange, label, className, ref } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const selectedId = `${useId()}-selected`;
  const { height } = useElementSize(viewport);
  const [scrollTop, setScrollTop] = useState(0);

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

  // A list that shrank (new filter) may leave the scroll position past its end: the browser clamps it.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
  }, [count, scrollTop]);

  const move = (index: number): void => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, index));
    onSelect(next);
    scrollToIndex(next, 'nearest');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + pageRows),
      PageUp: () => move(selected - pageRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => count > 0 && onOpen(selected),
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
    rows.push(
      <div
        key={i}
        data-index={i}
        className="vlist-row"
        role="option"
        aria-selected={i === selected}
        aria-posinset={i + 1}
        aria-setsize={count}
        id={i === selected ? selectedId : undefined}
        style={{ height: rowHeight, transform: `translateY(${i * rowHeight + offset}px)` }}
      >
        {renderRow(i, i === selected)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className={`vlist ${className ?? ''}`}
      tabIndex={0}
      role="listbox"
      aria-label={label}
      aria-activedescendant={count > 0 && selected >= first && selected <= last ? selectedId : undefined}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        const index = rowAt(e.target);
        // A drag that selected text (to copy an address) is not a click on the row.
        if (index === null || window.getSelection()?.type === 'Range') return;
        onSelect(index);
        onOpen(index);
      }}
    >
      <div className="vlist-spacer" style={{ height: spacerPx }}>
        {rows}
      </div>
    </div>
  );
}
