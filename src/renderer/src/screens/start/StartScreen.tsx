import { useState, type ReactNode } from 'react';
import type { CaseInfo } from '../../../../shared/views';
import { api } from '../../api/client';
import { useJobs } from '../../jobs/jobs-context';
import { hrefOf, navigate } from '../../router';
import { plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { CaseSummary } from './CaseSummary';
import './start.css';

/** The case at a glance; for an empty case, how to start (and the demo). */
export function StartScreen({ caseInfo }: { caseInfo: CaseInfo | undefined }): ReactNode {
  if (!caseInfo) return <div className="page" aria-busy="true" />;
  return (
    <div className="page">{caseInfo.sessions === 0 ? <FirstRun info={caseInfo} /> : <Overview info={caseInfo} />}</div>
  );
}

function FirstRun({ info }: { info: CaseInfo }): ReactNode {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Start an investigation</h1>
          <p>
            The case <strong>{info.name}</strong> is empty. Three steps bring Cloudflare's SSH command logs into it;
            everything stays on this machine.
          </p>
        </div>
      </div>
      <ol className="steps">
        <li className="panel step">
          <span className="step-number">1</span>
          <h3>Generate a key</h3>
          <p className="muted">
            The private key stays in your OS keychain; sshlens decrypts with it and never shows it.
          </p>
          <a className="btn" href={hrefOf({ screen: 'keys' })}>
            <Icon name="key" /> Keys
          </a>
        </li>
        <li className="panel step">
          <span className="step-number">2</span>
          <h3>Give Cloudflare the public key</h3>
          <p className="muted">
            Paste it where the Zero Trust dashboard's SSH command logging asks for a public key. Sessions recorded from
            then on are encrypted to it.
          </p>
        </li>
        <li className="panel step">
          <span className="step-number">3</span>
          <h3>Import the logs</h3>
          <p className="muted">
            Downloaded captures, Logpush files, asciicasts or ssh-log-cli ZIPs: files or whole folders.
          </p>
          <a className="btn btn-primary" href={hrefOf({ screen: 'import' })}>
            <Icon name="import" /> Import
          </a>
        </li>
      </ol>
      <DemoCard />
    </>
  );
}

function DemoCard(): ReactNode {
  const { jobs, refresh, caseChanged } = useJobs();
  const [error, setError] = useState<string | null>(null);
  const demo = jobs.find((j) => j.kind === 'demo' && (j.state === 'running' || j.state === 'queued'));
  const start = async (): Promise<void> => {
    const r = await api.startDemo();
    if (!r.ok) return setError(r.error);
    setError(null);
    refresh();
    caseChanged(); // the demo case is open now: the top bar shows it (issue 10)
    // Already built: it simply opens, on its timeline.
    if (r.value.job === null) navigate({ screen: 'timeline' });
  };
  return (
    <section className="panel demo-card">
      <div>
        <h3>Or look around first: the demo case</h3>
        <p className="muted">
          Real bash sessions recorded for this project (line editing, history, pastes, secrets typed at a password
          prompt, vim, a Python REPL…), encrypted with a throw-away demo key and imported like real downloads, plus
          Cloudflare's own samples. It opens as a separate case named
          <em> demo</em>. From a terminal: <code>sshlens demo</code>.
        </p>
      </div>
      {demo ? (
        <div className="demo-progress">
          <span className="muted">Building the demo case…</span>
          <div className="progress" aria-label="demo progress">
            <span
              style={{
                width: `${demo.progress.total ? Math.round((demo.progress.done / demo.progress.total) * 100) : 5}%`,
              }}
            />
          </div>
        </div>
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => void start()}>
          Build the demo case
        </button>
      )}
      {error && <Problem message={error} />}
    </section>
  );
}

function Overview({ info }: { info: CaseInfo }): ReactNode {
  const { caseVersion } = useJobs();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{info.name}</h1>
          <p className="mono overview-path">{info.path}</p>
        </div>
        <div className="row">
          <a className="btn" href={hrefOf({ screen: 'import' })}>
            <Icon name="import" /> Import more
          </a>
          <a className="btn btn-primary" href={hrefOf({ screen: 'timeline' })}>
            <Icon name="timeline" /> Open the timeline
          </a>
        </div>
      </div>
      <div className="stat-grid">
        <Stat value={info.sessions} label="sessions" />
        <Stat value={info.programs} label="programs" />
        <Stat
          value={info.commands}
          label="commands"
          note={
            info.programInputs > 0
              ? `${plural(info.programInputs, 'line')} of them typed into programs (python3, psql…)`
              : undefined
          }
          title="Every reconstructed command, as `sshlens export commands` writes them: at a shell, exec commands and lines typed into programs the shell ran"
        />
        <Stat value={info.sources} label="source files" />
      </div>
      <CaseSummary info={info} caseVersion={caseVersion} />
      <section className="panel panel-body overview-keys" aria-labelledby="overview-keys-title">
        <h3 className="section-title" id="overview-keys-title">
          Keyboard shortcuts
        </h3>
        <dl className="facts">
          <dt>
            <kbd>Ctrl</kbd> <kbd>K</kbd>
          </dt>
          <dd>Search commands and output</dd>
          <dt>
            <kbd>Alt</kbd> <kbd>1</kbd>–<kbd>4</kbd>
          </dt>
          <dd>Timeline, Search, Import, Keys</dd>
          <dt>
            <kbd>Space</kbd> <kbd>←</kbd> <kbd>→</kbd> <kbd>[</kbd> <kbd>]</kbd>
          </dt>
          <dd>In a replay: play/pause, seek 5 s, previous/next command</dd>
        </dl>
      </section>
      <ReindexCard />
    </>
  );
}

/** Rebuilds commands, search index and replay snapshots from the stored recordings (after an update). */
function ReindexCard(): ReactNode {
  const { jobs, refresh } = useJobs();
  const [error, setError] = useState<string | null>(null);
  const running = jobs.some((j) => j.kind === 'reindex' && (j.state === 'running' || j.state === 'queued'));
  const start = async (): Promise<void> => {
    const r = await api.startReindex();
    if (!r.ok) return setError(r.error);
    setError(null);
    refresh();
    navigate({ screen: 'import' });
  };
  return (
    <section className="reindex-card" aria-label="Maintenance">
      <p className="faint">
        After an update of sshlens: rebuild the commands, search index and replay snapshots from the stored recordings
        (which are never changed).
      </p>
      <button type="button" className="btn btn-small" disabled={running} onClick={() => void start()}>
        {running ? 'Rebuilding…' : 'Rebuild'}
      </button>
      {error && <Problem message={error} />}
    </section>
  );
}

function Stat({
  value,
  label,
  note,
  title,
}: {
  value: number;
  label: string;
  note?: string | undefined;
  title?: string;
}): ReactNode {
  return (
    <div className="panel stat" title={title}>
      <span className="stat-value">{value.toLocaleString('en-US')}</span>
      <span className="stat-label">{label}</span>
      {note !== undefined && <span className="stat-note faint">{note}</span>}
    </div>
  );
}
