import { useState, type DragEvent, type ReactNode } from 'react';
import type { PickPurpose } from '../../../../shared/api';
import { api, pathOfDroppedFile } from '../../api/client';
import { useAppInfo } from '../../api/use-app-info';
import { useJobs } from '../../jobs/jobs-context';
import { Icon } from '../../ui/Icon';
import { PathPrompt } from '../../ui/PathPrompt';
import { Problem } from '../../ui/Problem';
import { JobCard } from './JobCard';
import './import.css';

/** Drop, pick or type what to import; every job's files and outcomes stay listed until dismissed. */
export function ImportScreen(): ReactNode {
  const app = useAppInfo();
  const { jobs, refresh } = useJobs();
  const [allowPartial, setAllowPartial] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [prompt, setPrompt] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    const r = await api.startImport({ paths, allowPartial });
    if (r.ok) {
      setError(null);
      refresh();
    } else setError(r.error);
  }

  async function pick(purpose: PickPurpose): Promise<void> {
    const r = await api.pick(purpose);
    if (!r.ok) setError(r.error);
    else await start(r.value);
  }

  function onDrop(e: DragEvent): void {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    const paths = files.map(pathOfDroppedFile).filter((p): p is string => p !== null);
    if (paths.length > 0) void start(paths);
    else if (files.length > 0)
      setError('This browser cannot tell where dropped files are on disk: use "Import by path" and type their paths.');
  }

  const nativeDialogs = app?.nativeDialogs === true;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Import</h1>
          <p>
            Encrypted captures (decrypted with the keys in your keychain), Logpush files, asciicasts and ssh-log-cli
            ZIPs. Each file is imported whole or not at all.
          </p>
        </div>
      </div>

      <section
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-label="Drop files or folders here"
      >
        <Icon name="import" size={28} />
        <p className="dropzone-title">
          {nativeDialogs ? 'Drop files or folders here' : 'Import files or folders by their path on this machine'}
        </p>
        <div className="row">
          {nativeDialogs && (
            <>
              <button type="button" className="btn btn-primary" onClick={() => void pick('import-files')}>
                <Icon name="file" /> Choose files…
              </button>
              <button type="button" className="btn" onClick={() => void pick('import-folder')}>
                <Icon name="folder" /> Choose a folder…
              </button>
            </>
          )}
          <button type="button" className={nativeDialogs ? 'btn' : 'btn btn-primary'} onClick={() => setPrompt(true)}>
            Import by path…
          </button>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={allowPartial} onChange={(e) => setAllowPartial(e.target.checked)} />
          Keep the readable part of damaged captures (marked partial)
        </label>
      </section>

      {error && <Problem message={error} />}

      {jobs.length === 0 ? (
        <p className="empty">Imports you start are listed here with each file's outcome, until you dismiss them.</p>
      ) : (
        <div className="jobs">
          {[...jobs].reverse().map((job) => (
            <JobCard key={job.id} job={job} onChange={refresh} />
          ))}
        </div>
      )}

      {prompt && (
        <PathPrompt
          title="Import by path"
          label="Files or folders on this machine, one per line (folders are searched for recordings)"
          placeholder={'/home/me/Downloads/ssh-logs\n/home/me/Downloads/session.capture'}
          action="Import"
          multiple
          onClose={() => setPrompt(false)}
          onSubmit={(paths) => {
            setPrompt(false);
            void start(paths);
          }}
        />
      )}
    </div>
  );
}
