import { useState, type ReactNode } from 'react';
import type { SearchExported } from '../../../../shared/api';
import type { SearchGroup, SearchSort } from '../../../../shared/search';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/use-app-info';
import { CopyButton } from '../../ui/CopyButton';
import { SafeText } from '../../ui/display-text';
import { formatCount } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { Problem } from '../../ui/Problem';

type Format = 'csv' | 'json';

const withExtension = (path: string, format: Format): string =>
  path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`;

/**
 * Exports the whole result list (every match found, in the order shown), written by main: a
 * save dialog in the desktop app, a typed path in the browser (`sshlens serve` keeps to its
 * write folders and never replaces a file).
 */
export function ExportDialog({
  query,
  sort,
  group,
  onClose,
}: {
  query: string;
  sort: SearchSort;
  group: SearchGroup;
  onClose: () => void;
}): ReactNode {
  const app = useAppInfo();
  const native = app?.nativeDialogs === true;
  const [format, setFormat] = useState<Format>('csv');
  const [typedPath, setTypedPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<SearchExported | null>(null);

  const write = async (path: string, force: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await api.exportSearch({ query, sort, group, path, force });
    setBusy(false);
    if (r.ok) setWritten(r.value);
    else setError(r.error);
  };
  const start = async (): Promise<void> => {
    if (!native) return write(withExtension(typedPath.trim(), format), false);
    const picked = await api.pick('save-export');
    if (!picked.ok) return setError(picked.error);
    const path = picked.value[0];
    if (!path) return;
    // The save dialog asked before replacing a file; a typed extension is the format.
    const full = /\.(csv|json)$/i.test(path) ? path : withExtension(path, format);
    return write(full, full === path);
  };

  if (written) {
    return (
      <Modal
        title="Results exported"
        onClose={onClose}
        footer={
          <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
            Done
          </button>
        }
      >
        <dl className="facts sr-export-facts">
          <dt>File</dt>
          <dd className="mono">
            <SafeText text={written.path} />
          </dd>
          <dt>Format</dt>
          <dd>{written.format.toUpperCase()}</dd>
          <dt>Hits</dt>
          <dd className="sr-export-count">
            {formatCount(written.hits)}
            {written.totalCapped && <span className="faint"> (the most recent matches: the list stops there)</span>}
          </dd>
          <dt>SHA-256</dt>
          <dd className="sr-export-sha">
            <code className="mono">{written.sha256}</code>
            <CopyButton text={written.sha256} label="Copy SHA-256" compact />
          </dd>
        </dl>
      </Modal>
    );
  }

  return (
    <Modal
      title="Export the results"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || (!native && typedPath.trim() === '')}
            onClick={() => void start()}
          >
            {busy ? 'Exporting…' : native ? 'Choose where to save…' : 'Export'}
          </button>
        </>
      }
    >
      <div className="sr-export-form">
        <p className="muted">
          Every match of <code className="mono">{query}</code>, in the order shown, not only the hits loaded.
        </p>
        <fieldset className="sr-export-group">
          <legend className="section-title">Format</legend>
          <div className="row">
            <label className="checkbox">
              <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} />{' '}
              CSV (a spreadsheet)
            </label>
            <label className="checkbox">
              <input type="radio" name="export-format" checked={format === 'json'} onChange={() => setFormat('json')} />{' '}
              JSON (as <code className="mono">sshlens search --json</code>)
            </label>
          </div>
        </fieldset>
        {!native && (
          <label className="field">
            Path of the file on this machine (.{format} is added if missing)
            <input
              className="input input-mono"
              placeholder={`/home/me/exports/search-results.${format}`}
              value={typedPath}
              onChange={(e) => setTypedPath(e.target.value)}
              autoFocus
            />
          </label>
        )}
        {error !== null && <Problem message={error} />}
      </div>
    </Modal>
  );
}
