import type { ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import { Icon } from '../../ui/Icon';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../ui/format';
import { TYPE_LABELS } from './program-facts';
import { ExitBadge } from './ExitBadge';
import { visibleText } from './visible-text';
import './tunnel-view.css';

const WHAT: Partial<Record<ProgramDetail['type'], string>> = {
  'direct-tcpip': 'A local port forward (ssh -L): the client asked the server to open a TCP connection onward.',
  'forwarded-tcpip': 'A remote port forward (ssh -R): the server handed a TCP connection back to the client.',
  x11: 'X11 forwarding: graphical programs on the server drew windows on the client’s display.',
  unknown: 'A channel sshlens does not know how to show.',
};

/** A tunnel, X11 channel or unknown program: what was recorded about it, without its content. */
export function TunnelView({ program: p }: { program: ProgramDetail }): ReactNode {
  return (
    <div className="ss-program-main ss-tunnel">
      <div className="ss-tunnel-card panel">
        <div className="ss-tunnel-head">
          <Icon name={p.type === 'x11' ? 'case' : 'import'} size={18} />
          <h2>{TYPE_LABELS[p.type]}</h2>
          <ExitBadge program={p} />
        </div>
        <p className="muted ss-tunnel-what">{WHAT[p.type] ?? WHAT.unknown}</p>

        <div className="ss-tunnel-flow">
          <div className="ss-tunnel-end">
            <span className="section-title">Client → server</span>
            <span className="ss-tunnel-bytes">{formatBytes(p.inputBytes)}</span>
            <span className="faint">{formatCount(p.inputBytes)} bytes</span>
          </div>
          <div className="ss-tunnel-end">
            <span className="section-title">Server → client</span>
            <span className="ss-tunnel-bytes">{formatBytes(p.outputBytes)}</span>
            <span className="faint">{formatCount(p.outputBytes)} bytes</span>
          </div>
        </div>

        <dl className="facts ss-tunnel-facts">
          <dt>Endpoints</dt>
          <dd>
            {p.command ? (
              <span className="mono">{visibleText(p.command)}</span>
            ) : (
              <span className="faint">not recorded</span>
            )}
          </dd>
          <dt>Start</dt>
          <dd>{formatTime(p.start)}</dd>
          <dt>End</dt>
          <dd>{formatTime(p.end)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(p.durationMs)}</dd>
          <dt>Events</dt>
          <dd>{formatCount(p.eventCount)}</dd>
        </dl>

        <p className="notice ss-tunnel-notice">
          <Icon name="warning" size={14} /> The content of {p.type === 'x11' ? 'X11 traffic' : 'tunnel traffic'} is not
          replayed: sshlens shows only how much went each way and when.
        </p>
      </div>
    </div>
  );
}
