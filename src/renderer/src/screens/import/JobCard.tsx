import { useState, type ReactNode } from 'react';
import type { ImportOutcome, InputPlace } from '../../../../shared/model';
import type { JobFile, JobInfo } from '../../../../shared/views';
import { api } from '../../api/client';
import { formatBytes, formatCount, formatTimeOfDay, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';

const KIND_TITLE = { import: 'Import', reindex: 'Reindex', demo: 'Demo case' } as const;

export function JobCard({ job, onChange }: { job: JobInfo; onChange: () => void }): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const active = job.state === 'running' || job.state === 'queued';
  const percent =
    job.progress.total > 0 ? Math.min(100, (job.progress.done / job.progress.total) * 100) : active ? 0 : 100;
  const counts = countOutcomes(job.files);

  async function act(action: 'cancel' | 'dismiss'): Promise<void> {
    const r = action === 'cancel' ? await api.cancelJob(job.id) : await api.dismissJob(job.id);
    if (!r.ok) setError(r.error);
    onChange();
  }

  return (
    <section className="panel job" aria-label={`${KIND_TITLE[job.kind]} ${job.id}`} data-state={job.state}>
      <div className="panel-header">
        <h3>{KIND_TITLE[job.kind]}</h3>
        <StateBadge state={job.state} />
        <span className="faint job-time">started {formatTimeOfDay(job.startedAt)}</span>
        <span className="job-summary muted">
          {job.kind === 'import'
            ? summary(job, counts)
            : (job.message ?? `${job.progress.done} of ${job.progress.total} ${job.progress.unit}`)}
        </span>
        {active ? (
          <button type="button" className="btn btn-small" onClick={() => void act('cancel')}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => void act('dismiss')}
            aria-label="Dismiss"
          >
            <Icon name="close" size={12} /> Dismiss
          </button>
        )}
      </div>
      <div className="panel-body job-body">
        <div
          className="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(percent)}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
        {job.state === 'failed' && job.message && <Problem message={job.message} />}
        {error && <Problem message={error} />}
        {job.files.length > 0 && (
          <ul className="job-files">
            {job.files.map((f) => (
              <FileRow key={f.path} file={f} jobActive={active} />
            ))}
          </ul>
        )}
        {job.skipped.length > 0 && (
          <details className="job-skipped">
            <summary className="muted">{plural(job.skipped.length, 'path')} skipped</summary>
            <ul>
              {job.skipped.map((s) => (
                <li key={s.path} className="mono">
                  {s.path} <span className="faint">— {s.reason}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}

function FileRow({ file, jobActive }: { file: JobFile; jobActive: boolean }): ReactNode {
  const o = file.outcome;
  const percent = file.size > 0 ? (file.doneBytes / file.size) * 100 : 0;
  return (
    <li className="job-file" data-status={o?.status ?? file.state}>
      <span className="job-file-name mono ellipsis" title={file.path}>
        {baseName(file.path)}
      </span>
      <span className="faint nowrap">{formatBytes(file.size)}</span>
      {o ? (
        <OutcomeBadge outcome={o} />
      ) : file.state === 'running' ? (
        <div className="progress job-file-progress">
          <span style={{ width: `${percent}%` }} />
        </div>
      ) : (
        <span className="badge">{jobActive ? 'waiting' : 'not imported'}</span>
      )}
      {o && <span className="job-file-detail">{detail(o)}</span>}
      {o?.rejectedLines && o.rejectedLines.length > 0 && (
        <ul className="job-file-lines" aria-label={`Records of ${baseName(file.path)} left out`}>
          {o.rejectedLines.slice(0, MAX_LINES_SHOWN).map((l) => (
            <li key={l.line}>
              <span className="badge badge-warn">line {l.line}</span> {l.message}
            </li>
          ))}
          {o.rejectedLines.length > MAX_LINES_SHOWN && (
            <li className="faint">and {plural(o.rejectedLines.length - MAX_LINES_SHOWN, 'more line')}</li>
          )}
        </ul>
      )}
    </li>
  );
}

function OutcomeBadge({ outcome }: { outcome: ImportOutcome }): ReactNode {
  const cls = { imported: 'badge-ok', duplicate: '', partial: 'badge-warn', rejected: 'badge-problem' }[outcome.status];
  return <span className={`badge ${cls}`}>{outcome.status}</span>;
}

function StateBadge({ state }: { state: JobInfo['state'] }): ReactNode {
  const cls = {
    queued: '',
    running: 'badge-accent',
    done: 'badge-ok',
    cancelled: 'badge-warn',
    failed: 'badge-problem',
  }[state];
  return <span className={`badge ${cls}`}>{state}</span>;
}

const MAX_LINES_SHOWN = 5;

/** Where in the file: "line 3", "block 5", "byte 1,024", "entry term.log". */
function placeText(place: InputPlace | undefined): string | null {
  if (!place) return null;
  const parts: string[] = [];
  if (place.entry !== undefined) parts.push(`entry ${place.entry}`);
  if (place.line !== undefined) parts.push(`line ${formatCount(place.line)}`);
  if (place.block !== undefined) parts.push(`block ${formatCount(place.block)}`);
  if (place.offset !== undefined) parts.push(`byte ${formatCount(place.offset)}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

function detail(o: ImportOutcome): string {
  if (o.status === 'rejected') {
    const where = placeText(o.place);
    const why = o.error ?? 'rejected';
    // The importer's message often names the place already, in its words ("(at block 5, byte offset 3570)"): once is enough.
    const placed = why.includes(where ?? '') || /\(at [^)]+\)/.test(why);
    return where !== null && !placed ? `${why} (at ${where})` : why;
  }
  const what = `${plural(o.sessions, 'session')}, ${plural(o.programs, 'program')}`;
  if (o.status === 'duplicate') return `already in the case (${what})`;
  const parts = [what];
  if (o.format) parts.push(o.format);
  if (o.keyFingerprint) parts.push(`key ${o.keyFingerprint.slice(0, 16)}`);
  if (o.partialReason) parts.push(`partial: ${o.partialReason}`);
  if (o.rejectedLines?.length)
    parts.push(`${plural(o.rejectedLines.length, 'damaged record')} left out (lines listed below)`);
  if (o.warnings?.length) parts.push(o.warnings[0]!);
  return parts.join(' · ');
}

function countOutcomes(files: JobFile[]): Record<ImportOutcome['status'], number> {
  const counts = { imported: 0, duplicate: 0, partial: 0, rejected: 0 };
  for (const f of files) if (f.outcome) counts[f.outcome.status] += 1;
  return counts;
}

function summary(job: JobInfo, c: Record<ImportOutcome['status'], number>): string {
  const parts = [`${plural(job.files.length, 'file')}, ${formatBytes(job.progress.total)}`];
  for (const k of ['imported', 'partial', 'duplicate', 'rejected'] as const) if (c[k]) parts.push(`${c[k]} ${k}`);
  return parts.join(' · ');
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
