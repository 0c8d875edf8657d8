import { useCallback, useState, type ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import type { SessionDetail } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { navigate } from '../../router';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { DetailsPanel } from './DetailsPanel';
import { hasTerminal } from './program-facts';
import { ProgramTabs } from './ProgramTabs';
import { ProgramView } from './ProgramView';
import type { ProgramViewProps } from './ReplayView';
import { SessionHeader } from './SessionHeader';
import { SidePanel } from './SidePanel';
import { ViewSlot } from './view-slot';
import { SidebarToggle } from './ViewControls';
import './session-screen.css';

/**
 * One session opened: who, where and when above; its programs as tabs; the selected program
 * below (a replay for a terminal, the streams of an exec, the facts of a tunnel), and beside it
 * its commands, find, and everything recorded about the session and its source files.
 */
export function SessionScreen(props: {
  session: string;
  program: string | null;
  atUs: number | null;
  highlight: readonly string[];
  caseVersion: number;
}): ReactNode {
  const { session, program, atUs, highlight, caseVersion } = props;
  const detail = useResult(() => api.getSession(session), [session, caseVersion]);
  const [viewSlot, setViewSlot] = useState<HTMLElement | null>(null);

  const selectProgram = useCallback(
    (id: string) => navigate({ screen: 'session', session, program: id, atUs: null }, { replace: true }),
    [session],
  );

  if (detail.state === 'loading' || (detail.ok && detail.value.id !== session)) {
    return (
      <div className="session-screen">
        <div className="ss-session-status" aria-busy="true">
          <span className="faint">Loading session {session}…</span>
        </div>
      </div>
    );
  }
  if (!detail.ok) {
    return (
      <div className="session-screen">
        <div className="ss-session-status">
          <Problem message={`Session ${session} could not be opened: ${detail.error}`} onRetry={detail.reload} />
          <a className="btn" href="#/timeline">
            <Icon name="back" size={14} />
            Back to the timeline
          </a>
        </div>
      </div>
    );
  }

  const s = detail.value;
  const requested = program === null ? null : (s.programDetails.find((p) => p.id === program) ?? null);
  const selected = requested ?? (program === null ? defaultProgram(s) : null);

  return (
    <div className="session-screen">
      <SessionHeader session={s} />
      <div className="ss-tabs-row">
        {s.programDetails.length > 0 ? (
          <ProgramTabs programs={s.programDetails} selected={selected?.id ?? null} onSelect={selectProgram} />
        ) : (
          <div className="tab-strip ss-program-tabs" />
        )}
        <div className="ss-view-slot">
          {/* In the order of what they show, left to right: the sidebar, then the program's own. */}
          <SidebarToggle />
          <div className="ss-view-slot-program" ref={setViewSlot} />
        </div>
      </div>
      <ViewSlot.Provider value={viewSlot}>
        <div className="ss-session-body">
          {selected ? (
            <SelectedProgram
              key={selected.id}
              session={s}
              program={selected}
              atUs={atUs}
              highlight={highlight}
              caseVersion={caseVersion}
            />
          ) : (
            <div className="ss-program-layout">
              <div className="ss-program-main ss-program-problem">
                {program !== null ? (
                  <div className="empty">
                    <Icon name="warning" size={20} />
                    <span>
                      Program <span className="mono">{program}</span> is not part of session {s.id}.
                    </span>
                    <span className="faint">Pick one of its programs above.</span>
                  </div>
                ) : (
                  <div className="empty">
                    <span>This session recorded no program.</span>
                    <span className="faint">Its details are on the right.</span>
                  </div>
                )}
              </div>
              <SidePanel
                idPrefix="side-session"
                tabs={[{ id: 'details', label: 'Details' }]}
                active="details"
                onSelect={() => undefined}
              >
                <DetailsPanel session={s} program={null} />
              </SidePanel>
            </div>
          )}
        </div>
      </ViewSlot.Provider>
    </div>
  );
}

function SelectedProgram(
  props: { session: SessionDetail } & Pick<ProgramViewProps, 'program' | 'atUs' | 'highlight' | 'caseVersion'>,
): ReactNode {
  const { session, program, atUs, highlight, caseVersion } = props;
  // The highlight stays in the address as the moment changes: Back and a reload keep it.
  const onMoment = useCallback(
    (at: number) =>
      navigate({ screen: 'session', session: session.id, program: program.id, atUs: at, highlight }, { replace: true }),
    [session.id, program.id, highlight],
  );
  return (
    <ProgramView
      program={program}
      atUs={atUs}
      highlight={highlight}
      caseVersion={caseVersion}
      details={<DetailsPanel session={session} program={program} />}
      onMoment={onMoment}
    />
  );
}

/** The program shown when the route names none: the first with a terminal, else the first. */
function defaultProgram(s: SessionDetail): ProgramDetail | null {
  return s.programDetails.find(hasTerminal) ?? s.programDetails[0] ?? null;
}
