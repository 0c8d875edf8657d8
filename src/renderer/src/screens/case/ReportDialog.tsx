import { useEffect, useState, type ReactNode } from 'react';
import type { ReportEstimate, ReportWritten } from '../../../../shared/views';
import type { ReportProgress } from '../../../../shared/api';
import { subscribeEvents } from '../../api/events';
import { useDebounced } from '../../ui/use-element-size';
import { useLatest } from '../../ui/use-latest';
import { api } from '../../api/client';
import { formatCount, plural } from '../../ui/format';
import { FormatChoice, PathField, useSaveTarget, WrittenDialog } from '../../ui/SaveToFile';
import { Modal } from '../../ui/Modal';
import { Problem } from '../../ui/Problem';
import { parseTags } from './notes-format';
import { isRef } from '../../../../shared/ids';

type Format = 'html' | 'pdf' | 'json';
type Scope = 'all' | 'tagged' | 'ids';

const FORMATS: ReadonlyArray<{ id: Format; label: string }> = [
  { id: 'html', label: 'HTML' },
  { id: 'pdf', label: 'PDF' },
  { id: 'json', label: 'JSON' },
];

/** Writes the case report: what goes in, where it goes, and what was written (with its SHA-256). */
/** `sessions`: start with these sessions chosen (e.g. those of the current search's results). */
export function ReportDialog({ onClose, sessions }: { onClose: () => void; sessions?: string[] }): ReactNode {
  const [format, setFormat] = useState<Format>('html');
  const target = useSaveTarget('save-report', format);
  const [scope, setScope] = useState<Scope>(sessions && sessions.length > 0 ? 'ids' : 'all');
  const [tags, setTags] = useState('');
  const [ids, setIds] = useState(sessions?.join(', ') ?? '');
  // The CLI's defaults: a summary an outside reader takes in at once; transcripts and output are opt-in.
  const [transcript, setTranscript] = useState(false);
  const [outputLines, setOutputLines] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exists, setExists] = useState<string | null>(null);
  const [written, setWritten] = useState<ReportWritten | null>(null);

  const sessionIds = parseTags(ids);
  const tagList = parseTags(tags);
  const scopeOk =
    scope === 'all' ||
    (scope === 'tagged' ? tagList.length > 0 : sessionIds.length > 0 && sessionIds.every((s) => isRef('s', s)));
  const ready = scopeOk && !busy && target.hasTarget;
  const scopeSessions = scope === 'ids' ? sessionIds : [];
  const scopeTags = scope === 'tagged' ? tagList : [];
  // What it would hold and about how many pages, before it is written (asked again as the choices change).
  const debounced = useDebounced(
    JSON.stringify({ sessions: scopeSessions, tags: scopeTags, transcript, outputLines, scopeOk }),
    250,
  );
  const estimate = useLatest<ReportEstimate>(
    scopeOk ? () => api.estimateReport({ sessions: scopeSessions, tags: scopeTags, transcript, outputLines }) : null,
    [debounced],
  );
  const elapsed = useElapsed(busy);
  // How far the report being written is, as main pushes it (api/events.ts).
  const [writing, setWriting] = useState<string | null>(null);
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  useEffect(() => {
    if (writing === null) return;
    return subscribeEvents((e) => {
      if (e.type === 'report' && e.progress.path === writing) setProgress(e.progress);
    });
  }, [writing]);

  const write = async (path: string, force: boolean): Promise<void> => {
    setWriting(path);
    setProgress(null);
    setBusy(true);
    setError(null);
    setExists(null);
    const r = await api.writeReport({
      path,
      sessions: scope === 'ids' ? sessionIds : [],
      tags: scope === 'tagged' ? tagList : [],
      transcript,
      outputLines,
      force,
    });
    setBusy(false);
    setWriting(null);
    if (r.ok) {
      setWritten(r.value);
      return;
    }
    if (!force && /exist/i.test(r.error)) setExists(path);
    setError(r.error);
  };

  if (written) {
    return (
      <WrittenDialog
        title="Report written"
        onClose={onClose}
        file={written}
        note={<p className="faint case-report-note">The report's hash is recorded in the case's audit log.</p>}
      >
        <dt>Sessions</dt>
        <dd>{plural(written.sessions.length, 'session')}</dd>
      </WrittenDialog>
    );
  }

  return (
    <Modal
      title="Write a report"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {exists !== null && (
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void write(exists, true)}>
              Replace
            </button>
          )}
          <button
            type="button"
            className="btn btn-primary"
            disabled={!ready}
            onClick={() => void target.save(write, setError)}
          >
            {busy ? 'Writing…' : target.native ? 'Choose where to save…' : 'Write report'}
          </button>
        </>
      }
    >
      <div className="save-form">
        <FormatChoice name="report-format" formats={FORMATS} value={format} onChange={setFormat} />
        <fieldset className="save-group">
          <legend className="section-title">Sessions</legend>
          <label className="checkbox">
            <input type="radio" name="report-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All
            sessions in the case
          </label>
          <div className="case-report-choice">
            <label className="checkbox">
              <input
                type="radio"
                name="report-scope"
                checked={scope === 'tagged'}
                onChange={() => setScope('tagged')}
              />{' '}
              Sessions with notes tagged
            </label>
            <input
              className="input"
              placeholder="e.g. exfiltration, persistence"
              value={tags}
              onFocus={() => setScope('tagged')}
              onChange={(e) => setTags(e.target.value)}
              aria-label="Tags"
            />
          </div>
          <div className="case-report-choice">
            <label className="checkbox">
              <input type="radio" name="report-scope" checked={scope === 'ids'} onChange={() => setScope('ids')} /> Only
              these sessions
            </label>
            <input
              className="input input-mono"
              placeholder="s1, s4, s7"
              value={ids}
              onFocus={() => setScope('ids')}
              onChange={(e) => setIds(e.target.value)}
              aria-label="Session ids"
            />
          </div>
          {scope === 'ids' && sessionIds.some((s) => !isRef('s', s)) && (
            <span className="case-report-hint">Session ids look like s12.</span>
          )}
        </fieldset>
        <fieldset className="save-group">
          <legend className="section-title">Contents</legend>
          <label className="checkbox">
            <input type="checkbox" checked={transcript} onChange={(e) => setTranscript(e.target.checked)} /> Include
            transcripts of the terminal sessions
          </label>
          <label className="case-report-lines">
            Output lines after each command
            <input
              className="input case-report-number"
              type="number"
              min={0}
              max={200}
              value={outputLines}
              onChange={(e) => setOutputLines(Math.max(0, Math.min(200, Math.round(Number(e.target.value)) || 0)))}
            />
          </label>
        </fieldset>
        <PathField target={target} what="the report" format={format} example="/home/me/reports/case-report" />
        <ReportSize estimate={estimate.value} pending={estimate.pending} error={estimate.error} format={format} />
        {busy && (
          <div className="case-report-progress" role="status" aria-live="polite">
            {progress?.phase === 'reading' && progress.total > 0 ? (
              <div
                className="progress"
                role="progressbar"
                aria-label="Programs read"
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
              >
                <span style={{ width: `${(progress.done / progress.total) * 100}%` }} />
              </div>
            ) : (
              <div className="progress is-indeterminate" aria-hidden="true">
                <span />
              </div>
            )}
            <span>
              {progress === null || progress.phase === 'reading'
                ? `Reading ${progress ? `${formatCount(progress.done)} of ${plural(progress.total, 'program')}` : 'the case'}`
                : progress.phase === 'printing'
                  ? `Printing the PDF${estimate.value ? ` (about ${plural(estimate.value.pages, 'page')})` : ''}`
                  : `Writing the ${format.toUpperCase()} file`}
              … {elapsed} s
            </span>
          </div>
        )}
        {error && <Problem message={exists !== null ? `${error} — replace it?` : error} />}
      </div>
    </Modal>
  );
}

/** "12 sessions, 131 commands · about 14 pages": said before writing, warned when it is long. */
function ReportSize({
  estimate,
  pending,
  error,
  format,
}: {
  estimate: ReportEstimate | undefined;
  pending: boolean;
  error: string | null;
  format: Format;
}): ReactNode {
  if (error !== null && !estimate) return <p className="case-report-size faint">Size unknown: {error}</p>;
  if (!estimate) return <p className="case-report-size faint">Estimating the size…</p>;
  const long = estimate.pages > 100;
  return (
    <p
      className={`case-report-size${long ? ' is-long' : ''}${pending ? ' is-pending' : ''}`}
      data-pages={estimate.pages}
      aria-live="polite"
    >
      {plural(estimate.sessions, 'session')}, {plural(estimate.commands, 'command')}
      {estimate.outputLines > 0 && `, ${plural(estimate.outputLines, 'output line')}`}
      {estimate.transcriptLines > 0 && `, ${formatCount(estimate.transcriptLines)} transcript lines`} ·{' '}
      <strong>
        about {plural(estimate.pages, 'page')}
        {format === 'pdf' ? '' : ' if printed'}
      </strong>
      {long && ' — transcripts and output make it long; leave them out for a summary.'}
    </p>
  );
}

/** Whole seconds since `running` became true (0 when not running). */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t0 = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - t0) / 1000)), 1000);
    return () => {
      window.clearInterval(timer);
      setSeconds(0);
    };
  }, [running]);
  return running ? seconds : 0;
}
