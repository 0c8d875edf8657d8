import type { ReactNode } from 'react';
import type { SessionDetail } from '../../../../shared/views';
import { Icon } from '../../ui/Icon';
import { formatDuration, formatTime, plural, utcOffsetLabel } from '../../ui/format';
import { sessionDurationMs, userOf } from './session-facts';
import './session-header.css';

/** Who connected where and when, in two lines above everything else. */
export function SessionHeader({ session }: { session: SessionDetail }): ReactNode {
  const user = userOf(session);
  const offset = utcOffsetLabel(session.start ? new Date(session.start) : undefined);
  return (
    <header className="ss-session-head">
      <div className="ss-session-title-row">
        <a className="ss-session-back btn btn-ghost btn-small" href="#/timeline" title="Back to the timeline">
          <Icon name="back" size={14} />
          Timeline
        </a>
        <h1 className="ss-session-title">
          <span className={user ? undefined : 'faint'}>{user ?? 'Unknown user'}</span>
          {session.username && session.userEmail && (
            <span className="ss-session-title-sub mono">as {session.username}</span>
          )}
          <span className="ss-session-title-arrow" aria-hidden="true">
            →
          </span>
          <span
            className={`mono ss-session-title-target${session.targetId ? '' : ' faint'}`}
            title={session.targetId ?? undefined}
          >
            {session.targetId ?? 'unknown target'}
          </span>
        </h1>
        <span className="ss-session-id mono faint">{session.id}</span>
      </div>
      <dl className="ss-session-strip">
        <div>
          <dt>Client</dt>
          <dd className="mono">{session.clientAddress ?? '–'}</dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd className="mono">{session.serverAddress ?? '–'}</dd>
        </div>
        <div>
          <dt>Start</dt>
          <dd>
            {formatTime(session.start)} <span className="faint">{offset}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(sessionDurationMs(session))}</dd>
        </div>
        <div>
          <dt>Programs</dt>
          <dd>{plural(session.programDetails.length, 'program')}</dd>
        </div>
      </dl>
      {session.error && (
        <p className="problem has-icon ss-session-error" role="note">
          <Icon name="warning" size={14} />
          <span>{session.error}</span>
        </p>
      )}
    </header>
  );
}
