import { useState, type ReactNode } from 'react';
import { ExecView } from './ExecView';
import { NotesPanel } from './NotesPanel';
import { hasTerminal } from './program-facts';
import { ReplayView, type ProgramViewProps } from './ReplayView';
import { SidePanel } from './SidePanel';
import { TunnelView } from './TunnelView';
import './program-view.css';

/** The selected program, shown the way its kind allows: a replay, an exec's streams, or a tunnel's facts. */
export function ProgramView(props: ProgramViewProps): ReactNode {
  const { program, caseVersion, details } = props;
  const [streams, setStreams] = useState(false);
  const [side, setSide] = useState<'details' | 'notes'>('details');

  if (hasTerminal(program) && !streams) {
    return (
      <>
        {program.type === 'exec' && <ViewSwitch streams={false} onChange={setStreams} />}
        <ReplayView {...props} />
      </>
    );
  }
  return (
    <>
      {program.type === 'exec' && hasTerminal(program) && <ViewSwitch streams onChange={setStreams} />}
      <div className="ss-program-layout">
        {program.type === 'exec' ? (
          <ExecView program={program} caseVersion={caseVersion} />
        ) : (
          <TunnelView program={program} />
        )}
        <SidePanel
          idPrefix={`side-${program.id}`}
          tabs={[
            { id: 'details', label: 'Details' },
            { id: 'notes', label: 'Notes' },
          ]}
          active={side}
          onSelect={(id) => setSide(id === 'notes' ? 'notes' : 'details')}
        >
          {side === 'details' ? (
            details
          ) : (
            <NotesPanel
              session={program.session}
              program={program.id}
              positionUs={null}
              command={null}
              caseVersion={caseVersion}
            />
          )}
        </SidePanel>
      </div>
    </>
  );
}

/** An exec that had a terminal can be seen as a replay or as its streams. */
function ViewSwitch({ streams, onChange }: { streams: boolean; onChange: (streams: boolean) => void }): ReactNode {
  return (
    <div className="ss-view-switch" role="group" aria-label="Show this program as">
      <button
        type="button"
        className={`btn btn-small${streams ? '' : ' is-on'}`}
        aria-pressed={!streams}
        onClick={() => onChange(false)}
      >
        Replay
      </button>
      <button
        type="button"
        className={`btn btn-small${streams ? ' is-on' : ''}`}
        aria-pressed={streams}
        onClick={() => onChange(true)}
      >
        Streams
      </button>
    </div>
  );
}
