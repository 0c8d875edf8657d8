import { memo, type ReactNode } from 'react';
import type { ProgramType } from '../../../../shared/model';
import type { SessionFlags, TimelineRow } from '../../../../shared/views';
import { formatCount, formatDuration, formatTime } from '../../ui/format';
import { displayText, SafeText } from '../../ui/display-text';
import { badgeClass } from '../session/program-facts';
import { flagBadge } from './session-flags';

/** Height of a list row in px; the list positions rows by it. */
export const ROW_HEIGHT = 34;

/** The column headings, in the grid the rows use (timeline.css, .tl-cols). */
export function SessionColumns(): ReactNode {
  return (
    <div className="tl-cols tl-head" role="presentation">
      <span />
      <span>Id</span>
      <span>Start</span>
      <span>Duration</span>
      <span>User</span>
      <span>Target</span>
      <span>
        Client<span className="tl-wide-only"> → server</span>
      </span>
      <span>Programs</span>
      <span className="tl-num">Commands</span>
      <span>Status</span>
    </div>
  );
}

const MAX_TYPE_BADGES = 2;

/**
 * One session in the list. Memoized on the row object: pages keep their row objects, so while
 * scrolling only rows that come into view are drawn. Every text is from a recording: React text only.
 */
export const SessionRow = memo(function SessionRow({
  row,
  index,
  checked,
  onCheck,
}: {
  row: TimelineRow | undefined;
  index: number;
  checked: boolean;
  /** The checkbox was clicked; `range`: with Shift, from the last one clicked. */
  onCheck: (index: number, range: boolean) => void;
}): ReactNode {
  if (!row) {
    return (
      <div className="tl-cols tl-row tl-row-loading" aria-busy="true">
        <span />
        <span className="tl-skeleton" style={{ width: '60%' }} />
        <span className="tl-skeleton" style={{ width: '70%' }} />
        <span className="tl-skeleton" style={{ width: '50%' }} />
        <span className="tl-skeleton" style={{ width: '80%' }} />
        <span className="tl-skeleton" style={{ width: '60%' }} />
        <span className="tl-skeleton" style={{ width: '85%' }} />
        <span className="tl-skeleton" style={{ width: '40%' }} />
        <span />
        <span />
      </div>
    );
  }
  const user = row.userEmail ?? row.username;
  const login = row.userEmail !== null ? row.username : null;
  const target = row.targetId;
  // Two badges at most: two types, or the first and "+N" for the rest.
  const types = row.types.slice(0, row.types.length > MAX_TYPE_BADGES ? MAX_TYPE_BADGES - 1 : MAX_TYPE_BADGES);
  const more = row.types.length - types.length;
  return (
    <div className={`tl-cols tl-row${checked ? ' is-checked' : ''}`}>
      <span className="tl-check">
        <input
          type="checkbox"
          checked={checked}
          aria-label={`Select ${row.id} for a report`}
          tabIndex={-1}
          // The row opens on a click: the checkbox only selects.
          onClick={(e) => {
            e.stopPropagation();
            onCheck(index, e.shiftKey);
          }}
          onChange={() => undefined}
        />
      </span>
      <span className="tl-id mono">{row.id}</span>
      <span className="tl-time">{formatTime(row.start)}</span>
      <span className="tl-num tl-duration">{formatDuration(durationMs(row.start, row.end))}</span>
      <span className="tl-user ellipsis" title={displayText([user, login].filter((v) => v !== null).join(' as '))}>
        {user !== null ? (
          <SafeText text={user} />
        ) : (
          <span className="faint" title="No source of this session names its user (a capture alone does not)">
            not recorded
          </span>
        )}
        {login !== null && (
          <span className="tl-login">
            {' '}
            <SafeText text={login} />
          </span>
        )}
      </span>
      <span className="tl-target ellipsis mono" title={target !== null ? displayText(target) : undefined}>
        {target !== null ? (
          <SafeText text={target} />
        ) : (
          <span className="faint" title="No source of this session names its target (a capture alone does not)">
            not recorded
          </span>
        )}
      </span>
      {row.clientAddress === null && row.serverAddress === null ? (
        <span className="faint">–</span>
      ) : (
        <span
          className="tl-address ellipsis mono"
          title={displayText(`${row.clientAddress ?? '?'} → ${row.serverAddress ?? '?'}`)}
        >
          {row.clientAddress !== null ? <SafeText text={row.clientAddress} /> : <span className="faint">?</span>}
          <span className="tl-wide-only">
            <span className="faint"> → </span>
            {row.serverAddress !== null ? <SafeText text={row.serverAddress} /> : <span className="faint">?</span>}
          </span>
        </span>
      )}
      <span className="tl-types" title={row.types.join(', ')}>
        {types.map((t) => (
          <TypeBadge key={t} type={t} />
        ))}
        {more > 0 && <span className="badge">+{more}</span>}
      </span>
      <span className="tl-num">{row.commands > 0 ? formatCount(row.commands) : <span className="faint">0</span>}</span>
      <span>{row.flags && <FlagBadge flags={row.flags} />}</span>
    </div>
  );
});

function FlagBadge({ flags }: { flags: SessionFlags }): ReactNode {
  const b = flagBadge(flags);
  return (
    <span className={`${badgeClass(b.tone)} tl-problem`} title={b.title}>
      {b.label}
    </span>
  );
}

function TypeBadge({ type }: { type: ProgramType }): ReactNode {
  return <span className={`badge tl-type tl-type-${type}`}>{type}</span>;
}

function durationMs(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
