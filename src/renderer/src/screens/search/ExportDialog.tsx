import { useState, type ReactNode } from 'react';
import type { SearchExported } from '../../../../shared/api';
import type { SearchGroup, SearchSort } from '../../../../shared/search';
import { api } from '../../api/client';
import { formatCount } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { Problem } from '../../ui/Problem';
import { FormatChoice, PathField, useSaveTarget, WrittenDialog } from '../../ui/SaveToFile';

type Format = 'csv' | 'json';

const FORMATS: ReadonlyArray<{ id: Format; label: ReactNode }> = [
  { id: 'csv', label: 'CSV (a spreadsheet)' },
  {
    id: 'json',
    label: (
      <>
        JSON (as <code className="mono">sshlens search --json</code>)
      </>
    ),
  },
];

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
  const [format, setFormat] = useState<Format>('csv');
  // The save dialog asks before replacing a file; a typed extension there is the format.
  const target = useSaveTarget('save-export', format, ['csv', 'json']);
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

  if (written) {
    return (
      <WrittenDialog title="Results exported" onClose={onClose} file={written}>
        <dt>Hits</dt>
        <dd className="sr-export-count">
          {formatCount(written.hits)}
          {written.totalCapped && <span className="faint"> (the most recent matches: the list stops there)</span>}
        </dd>
      </WrittenDialog>
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
            disabled={busy || !target.hasTarget}
            onClick={() => void target.save(write, setError)}
          >
            {busy ? 'Exporting…' : target.native ? 'Choose where to save…' : 'Export'}
          </button>
        </>
      }
    >
      <div className="save-form">
        <p className="muted">
          Every match of <code className="mono">{query}</code>, in the order shown, not only the hits loaded.
        </p>
        <FormatChoice name="export-format" formats={FORMATS} value={format} onChange={setFormat} />
        <PathField
          target={target}
          what="the file"
          format={format}
          example="/home/me/exports/search-results"
          autoFocus
        />
        {error !== null && <Problem message={error} />}
      </div>
    </Modal>
  );
}
