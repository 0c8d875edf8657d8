// What was running at the instant cursor, across every session the filters keep (so with a
// target filter: "what was running at 14:02 on web-prod-03"): each open session with its id,
// user and target, and the programs running in it with the last command typed before then.

import type { ReactNode } from 'react';
import type { RunningAt, TimelineFilter } from '../../../../shared/views';
import { api } from '../../api/client';
import { hrefOf } from '../../router';
import { SafeText } from '../../ui/display-text';
import { formatMoment, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { useLatest } from '../../ui/use-latest';
import { filterKey } from './filter-state';
import './running-at.css';

const LIMIT = 200;

export function RunningAtPanel({
  filter,
  atMs,
  reloadKey,
  selected,
  onPick,
  onClose,
}: {
  filter: TimelineFilter;
  atMs: number;
  reloadKey: number;
  selected: ReadonlySet<string>;
  onPick: (id: string, add: boolean) => void;
  onClose: () => void;
}): ReactNode {
  const running = useLatest<RunningAt>(
    () => api.runningAt({ filter, atMs, limit: LIMIT }),
    [filterKey(filter), atMs, reloadKey],
  );
  const v = running.value;
  return (
    <section className={`panel tl-running${running.pending ? ' is-pending' : ''}`} aria-label="Running at the cursor">
      <header className="tl-running-head">
        <span className="section-title">Running at</span>
        <strong className="tl-running-at mono">{formatMoment(atMs, true)}</strong>
        {v && <span className="faint">{plural(v.total, 'session')}</span>}
        <span className="tl-grow" />
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Clear the cursor">
          <Icon name="close" size={12} />
        </button>
      </header>
      {running.error !== null && !v ? (
        <Problem message={running.error} onRetry={running.reload} />
      ) : v && v.total === 0 ? (
        <div className="empty tl-running-none">Nothing was running at this instant.</div>
      ) : (
        <ul className="tl-running-list">
          {v?.sessions.map((s) => (
            <li key={s.id} className={`tl-running-item${s.problem ? ' is-problem' : s.nonZeroExit ? ' is-exit' : ''}`}>
              <label className="tl-check" title={`Select ${s.id} for a report`}>
                <input
                  type="checkbox"
                  checked={selected.has(s.id)}
                  onChange={() => onPick(s.id, true)}
                  aria-label={`Select ${s.id}`}
                />
              </label>
              <a
                className="tl-running-id mono"
                href={hrefOf({ screen: 'session', session: s.id, program: null, atUs: null })}
              >
                {s.id}
              </a>
              <span className="tl-running-who ellipsis">
                {(s.userEmail ?? s.username) ? (
                  <SafeText text={(s.userEmail ?? s.username)!} />
                ) : (
                  <span className="faint">unknown user</span>
                )}
                <span className="faint"> → </span>
                {s.targetId !== null ? <SafeText text={s.targetId} /> : <span className="faint">unknown target</span>}
              </span>
              <ul className="tl-running-programs">
                {s.running.map((p) => (
                  <li key={p.id}>
                    <a className="mono" href={hrefOf({ screen: 'session', session: s.id, program: p.id, atUs: null })}>
                      {p.id}
                    </a>{' '}
                    <span className={`badge tl-type tl-type-${p.type}`}>{p.type}</span>{' '}
                    {p.lastCommand !== null && (
                      <code className="tl-running-cmd ellipsis" title={p.lastCommand}>
                        <SafeText text={p.lastCommand} />
                      </code>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {v && v.total > v.sessions.length && (
            <li className="faint tl-running-more">
              and {plural(v.total - v.sessions.length, 'more session')}: narrow the filters
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
