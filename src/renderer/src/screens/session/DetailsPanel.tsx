import type { ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import type { SessionDetail } from '../../../../shared/views';
import { formatBytes, formatCount, formatDuration, formatTime, utcOffsetLabel } from '../../ui/format';
import { CopyButton } from '../../ui/CopyButton';
import { TYPE_LABELS } from './program-facts';
import { ExitBadge, ExitClaims } from './ExitBadge';
import { sessionDurationMs } from './session-facts';
import { SourcesSection } from './SourcesSection';
import { visibleText } from './visible-text';
import './details-panel.css';

/** Everything recorded about the session, the selected program and the files they came from. */
export function DetailsPanel({
  session,
  program,
}: {
  session: SessionDetail;
  program: ProgramDetail | null;
}): ReactNode {
  return (
    <div className="ss-details">
      <section className="ss-details-section" aria-labelledby="details-session">
        <h3 id="details-session" className="section-title">
          Session
        </h3>
        <dl className="facts">
          <Fact term="Session">
            <span className="mono">{session.id}</span>
          </Fact>
          <Fact term="Cloudflare ID" mono value={session.cfSessionId} copy />
          <Fact term="User" value={session.userEmail} />
          <Fact term="Username" mono value={session.username} />
          <Fact term="User ID" mono value={session.userId} copy />
          <Fact term="Account" mono value={session.accountId} />
          <Fact term="Target" mono value={session.targetId} copy />
          <Fact term="Client" mono value={session.clientAddress} />
          <Fact term="Server" mono value={session.serverAddress} />
          <Fact term="Start" value={session.start && `${formatTime(session.start)}`} />
          <Fact term="End" value={session.end && `${formatTime(session.end)}`} />
          <Fact term="Duration" value={formatDuration(sessionDurationMs(session))} />
          {session.error && (
            <Fact term="Error">
              <span className="ss-details-error">{session.error}</span>
            </Fact>
          )}
        </dl>
        <p className="ss-details-note faint">
          Times in {utcOffsetLabel(session.start ? new Date(session.start) : undefined)}
        </p>
      </section>

      {program && <ProgramFacts program={program} />}

      <SourcesSection session={session} />
    </div>
  );
}

function ProgramFacts({ program: p }: { program: ProgramDetail }): ReactNode {
  return (
    <section className="ss-details-section" aria-labelledby="details-program">
      <h3 id="details-program" className="section-title">
        Program <span className="as-written">{p.id}</span>
      </h3>
      <dl className="facts">
        <Fact term="Type" value={TYPE_LABELS[p.type]} />
        <Fact term="Cloudflare ID" mono value={p.cfProgramId} copy />
        {p.command !== null && <Fact term="Command" mono value={visibleText(p.command)} copyText={p.command} copy />}
        {p.terminal && (
          <Fact term="Terminal" mono value={`${p.terminal.term ?? 'pty'} · ${p.terminal.cols}×${p.terminal.rows}`} />
        )}
        <Fact term="Start" value={p.start && formatTime(p.start)} />
        <Fact term="End" value={p.end && formatTime(p.end)} />
        <Fact term="Duration" value={formatDuration(p.durationMs)} />
        <Fact term="Exit">
          <ExitBadge program={p} />
          {p.coreDumped && <span className="badge badge-problem">core dumped</span>}
        </Fact>
        {p.exitError && (
          <Fact term="Exit error">
            <span className="ss-details-error">{p.exitError}</span>
          </Fact>
        )}
        {(p.incomplete || p.partialReason) && (
          <Fact term="Recording">
            <span className="ss-details-warn">
              {p.partialReason ?? 'Incomplete: the recording ends before the program did'}
            </span>
          </Fact>
        )}
        <Fact term="Events" value={formatCount(p.eventCount)} />
        <Fact term="Input" value={`${formatBytes(p.inputBytes)}`} />
        <Fact term="Output" value={`${formatBytes(p.outputBytes)}`} />
      </dl>
      <ExitClaims program={p} />
    </section>
  );
}

/** One fact: its value (or a dash when unknown), optionally monospace with a copy button. */
function Fact(props: {
  term: string;
  value?: string | null;
  mono?: boolean;
  copy?: boolean;
  copyText?: string;
  children?: ReactNode;
}): ReactNode {
  const { term, value, mono, copy, copyText, children } = props;
  return (
    <>
      <dt>{term}</dt>
      <dd>
        {children ??
          (value ? (
            <span className="ss-fact-value">
              <span className={mono ? 'mono' : undefined}>{value}</span>
              {copy && (
                <CopyButton
                  text={copyText ?? value}
                  label={`Copy ${term.toLowerCase()}`}
                  compact
                  className="ss-copy-btn"
                />
              )}
            </span>
          ) : (
            <span className="faint">–</span>
          ))}
      </dd>
    </>
  );
}
