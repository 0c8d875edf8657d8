import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

/**
 * A scrolling list of fixed-height rows that renders only those in view, so thousands cost as
 * little as a screenful. `follow` keeps a row in view as it changes, unless the user scrolled
 * the list in the last few seconds.
 */
export function VirtualList(props: {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  follow: number | null;
  label: string;
  activeId?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  className?: string;
  style?: CSSProperties;
}): ReactNode {
  const { count, rowHeight, renderRow, follow, label, activeId, onKeyDown, className, style } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const userScrolledAt = useRef(0);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = viewportRef.current;
    if (!el || follow === null || follow < 0 || height === 0) return;
    if (Date.now() - userScrolledAt.current < 4000) return;
    const top = follow * rowHeight;
    if (top >= el.scrollTop && top + rowHeight <= el.scrollTop + el.clientHeight) return;
    el.scrollTop = Math.max(0, top - Math.round(el.clientHeight / 3));
  }, [follow, rowHeight, height]);

  const overscan = 8;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="ss-vlist-row" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }

  const userScroll = (): void => {
    userScrolledAt.current = Date.now();
  };

  return (
    <div
      className={`ss-vlist${className ? ` ${className}` : ''}`}
      ref={viewportRef}
      style={style}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeId}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onWheel={userScroll}
      onTouchMove={userScroll}
      onPointerDown={(e) => {
        // A press on the scrollbar (outside the rows' width) is the user scrolling.
        if (e.nativeEvent.offsetX > e.currentTarget.clientWidth) userScroll();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="ss-vlist-inner" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
