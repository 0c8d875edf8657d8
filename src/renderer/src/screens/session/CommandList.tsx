import { useCallback, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { MarkRow } from '../../../../shared/views';
import { Icon } from '../../ui/Icon';
import { formatClock, formatDuration, formatTime } from '../../ui/format';
import { VirtualList } from '../../ui/VirtualList';
import { MARK_LABELS, type CommandTimeline, type ListItem } from './timeline-items';
import { visibleText } from './visible-text';
import '../../ui/list-row.css';
import './command-list.css';

const ROW_HEIGHT = 28;

/**
 * The commands typed (and the marks between them) beside the replay: the one playing is
 * highlighted and kept in view; a click seeks to it.
 */
export function CommandList(props: {
  timeline: CommandTimeline;
  /** Row of the command at the playhead, -1 before the first. */
  currentItem: number;
  onSeek: (atUs: number) => void;
  onStep: (direction: -1 | 1) => void;
  idPrefix: string;
}): ReactNode {
  const { timeline, currentItem, onSeek, onStep, idPrefix } = props;
  const { items } = timeline;

  const renderRow = useCallback(
    (i: number): ReactNode => {
      const item = items[i];
      if (!item) return null;
      return <Row item={item} current={i === currentItem} id={`${idPrefix}-${i}`} onSeek={onSeek} />;
    },
    [items, currentItem, idPrefix, onSeek],
  );

  if (items.length === 0) {
    return (
      <div className="empty ss-side-empty">
        <Icon name="terminal" size={20} />
        <span>No commands were found in this program.</span>
        <span className="faint">The replay still shows everything on screen.</span>
      </div>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      onStep(event.key === 'ArrowDown' ? 1 : -1);
    }
  };

  const timeChars = formatClock(items.at(-1)?.atUs ?? 0).length;
  return (
    <VirtualList
      style={{ '--ss-time-chars': timeChars } as CSSProperties}
      className="ss-cmd-list"
      count={items.length}
      rowHeight={ROW_HEIGHT}
      renderRow={renderRow}
      follow={currentItem >= 0 ? currentItem : null}
      label="Commands"
      activeId={currentItem >= 0 ? `${idPrefix}-${currentItem}` : undefined}
      onKeyDown={onKeyDown}
    />
  );
}

function Row({
  item,
  current,
  id,
  onSeek,
}: {
  item: ListItem;
  current: boolean;
  id: string;
  onSeek: (atUs: number) => void;
}): ReactNode {
  if (item.kind === 'mark') return <MarkLine mark={item.mark} id={id} onSeek={onSeek} />;
  const c = item.command;
  const text = visibleText(c.text);
  const failed = c.exitStatus !== null && c.exitStatus !== 0;
  const title = [
    text,
    c.time ? formatTime(c.time) : null,
    c.cwd ? `in ${c.cwd}` : null,
    c.exitStatus !== null ? `exit ${c.exitStatus}` : null,
    c.guess ? `guess: ${c.guess}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div
      id={id}
      role="option"
      aria-selected={current}
      className={`list-row ss-cmd-row${current ? ' is-current' : ''}${failed ? ' is-failed' : ''}`}
      onClick={() => onSeek(c.atUs)}
      title={title}
    >
      <span className="ss-cmd-time mono">{formatClock(c.atUs)}</span>
      {c.kind === 'program-input' && <span className="badge badge-accent ss-cmd-kind">{c.programName ?? 'input'}</span>}
      {c.kind === 'exec' && <span className="badge ss-cmd-kind">exec</span>}
      <span className="ss-cmd-text mono">{text || <span className="faint">(empty line)</span>}</span>
      {c.exitStatus !== null && <span className={`ss-cmd-exit mono${failed ? ' is-failed' : ''}`}>{c.exitStatus}</span>}
    </div>
  );
}

function MarkLine({ mark, id, onSeek }: { mark: MarkRow; id: string; onSeek: (atUs: number) => void }): ReactNode {
  const span = mark.endUs !== null && mark.endUs > mark.atUs ? formatDuration((mark.endUs - mark.atUs) / 1000) : null;
  const detail = mark.detail ? visibleText(mark.detail) : null;
  return (
    <div
      id={id}
      role="option"
      aria-selected={false}
      className={`list-row ss-mark-row ss-mark-${mark.kind}`}
      onClick={() => onSeek(mark.atUs)}
      title={[MARK_LABELS[mark.kind], detail, span].filter(Boolean).join('\n')}
    >
      <span className="ss-cmd-time mono">{formatClock(mark.atUs)}</span>
      <Icon name={mark.kind === 'hidden-input' ? 'key' : mark.kind === 'fullscreen' ? 'terminal' : 'close'} size={12} />
      <span className="ss-mark-label">{MARK_LABELS[mark.kind]}</span>
      {detail && <span className="ss-mark-detail mono">{detail}</span>}
      {span && <span className="ss-mark-span faint">{span}</span>}
    </div>
  );
}
