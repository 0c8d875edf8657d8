import { useState, type ReactNode } from 'react';
import type { NoteView, AuditEntryView, CaseFieldsView } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult, valueOf } from '../../api/use-result';
import { CopyButton } from '../../ui/CopyButton';
import { displayText, SafeText } from '../../ui/display-text';
import { formatTime, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { NoteBody, NoteCommand, NoteMeta, noteWhere, openNote } from './notes-format';
import { ReportDialog } from './ReportDialog';
import './case.css';

/** The case as a whole: its particulars, every note in it, the audit log, and the report. */
export function CaseScreen({ caseVersion }: { caseVersion: number }): ReactNode {
  const [reporting, setReporting] = useState(false);
  const [auditTick, setAuditTick] = useState(0);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Case</h1>
          <p>The case's particulars, the investigators' notes, and the tamper-evident log of everything done to it.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setReporting(true)}>
          <Icon name="file" /> Write report…
        </button>
      </div>
      <CaseFieldsPanel caseVersion={caseVersion} onSaved={() => setAuditTick((t) => t + 1)} />
      <CaseNotesPanel caseVersion={caseVersion} />
      <AuditPanel caseVersion={caseVersion} tick={auditTick} />
      {reporting && (
        <ReportDialog
          onClose={() => {
            setReporting(false);
            setAuditTick((t) => t + 1);
          }}
        />
      )}
    </div>
  );
}

const FIELDS: Array<{ key: keyof CaseFieldsView; label: string; placeholder: string; long?: boolean }> = [
  { key: 'caseNumber', label: 'Case number', placeholder: 'e.g. IR-2026-0142' },
  { key: 'title', label: 'Title', placeholder: 'e.g. Unauthorised access to build hosts' },
  { key: 'investigatorName', label: 'Investigator', placeholder: 'Your name' },
  { key: 'investigatorOrganisation', label: 'Organisation', placeholder: 'e.g. Security Operations' },
  { key: 'description', label: 'Description', placeholder: 'What is being investigated, and why', long: true },
];

type Draft = Record<keyof CaseFieldsView, string>;

function draftOf(v: CaseFieldsView): Draft {
  return {
    caseNumber: v.caseNumber ?? '',
    title: v.title ?? '',
    description: v.description ?? '',
    investigatorName: v.investigatorName ?? '',
    investigatorOrganisation: v.investigatorOrganisation ?? '',
  };
}

function CaseFieldsPanel({ caseVersion, onSaved }: { caseVersion: number; onSaved: () => void }): ReactNode {
  const fields = useResult(api.caseFields, [caseVersion]);
  const [saved, setSaved] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  // Fields (re)loaded: the form starts from them.
  const loaded = valueOf(fields);
  const [formOf, setFormOf] = useState<typeof loaded>(undefined);
  if (loaded !== formOf) {
    setFormOf(loaded);
    if (loaded) {
      const d = draftOf(loaded);
      setSaved(d);
      setDraft(d);
    }
  }

  const changed = draft !== null && saved !== null && FIELDS.some((f) => draft[f.key] !== saved[f.key]);

  const save = async (): Promise<void> => {
    if (!draft || !saved) return;
    const partial: Partial<CaseFieldsView> = {};
    for (const f of FIELDS)
      if (draft[f.key] !== saved[f.key]) partial[f.key] = draft[f.key].trim() === '' ? null : draft[f.key].trim();
    setState('saving');
    const r = await api.setCaseFields(partial);
    if (!r.ok) {
      setState('idle');
      setError(r.error);
      return;
    }
    setError(null);
    const d = draftOf(r.value);
    setSaved(d);
    setDraft(d);
    setState('saved');
    onSaved();
  };

  return (
    <section className="panel" aria-labelledby="case-fields-title">
      <div className="panel-header">
        <h3 id="case-fields-title">Particulars</h3>
        <span className="case-header-note faint">Printed at the top of every report</span>
      </div>
      {fields.state === 'loading' || (fields.ok && !draft) ? (
        <div className="panel-body muted">Reading the case…</div>
      ) : !fields.ok ? (
        <div className="panel-body">
          <Problem message={fields.error} onRetry={fields.reload} />
        </div>
      ) : (
        draft && (
          <form
            className="panel-body case-fields"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            {FIELDS.map((f) => (
              <label key={f.key} className={`field${f.long ? ' case-field-long' : ''}`}>
                {f.label}
                {f.long ? (
                  <textarea
                    className="input case-textarea"
                    rows={3}
                    value={draft[f.key]}
                    placeholder={f.placeholder}
                    maxLength={10000}
                    onChange={(e) => {
                      setDraft({ ...draft, [f.key]: e.target.value });
                      setState('idle');
                    }}
                  />
                ) : (
                  <input
                    className="input"
                    value={draft[f.key]}
                    placeholder={f.placeholder}
                    maxLength={500}
                    onChange={(e) => {
                      setDraft({ ...draft, [f.key]: e.target.value });
                      setState('idle');
                    }}
                  />
                )}
              </label>
            ))}
            <div className="case-field-long case-fields-actions">
              {error && <Problem message={error} />}
              <span className={`case-save-state${state === 'saved' && !changed ? ' is-saved' : ''}`} role="status">
                {state === 'saving'
                  ? 'Saving…'
                  : changed
                    ? 'Unsaved changes'
                    : state === 'saved'
                      ? '✓ Saved'
                      : 'Up to date'}
              </span>
              <button
                type="button"
                className="btn"
                disabled={!changed || state === 'saving'}
                onClick={() => saved && setDraft(saved)}
              >
                Revert
              </button>
              <button type="submit" className="btn btn-primary" disabled={!changed || state === 'saving'}>
                Save
              </button>
            </div>
          </form>
        )
      )}
    </section>
  );
}

function CaseNotesPanel({ caseVersion }: { caseVersion: number }): ReactNode {
  const [tag, setTag] = useState('');
  const [starred, setStarred] = useState(false);
  const wanted = tag.trim();
  const notes = useResult(
    () => api.listNotes({ ...(wanted ? { tag: wanted } : {}), ...(starred ? { starred: true } : {}) }),
    [caseVersion, wanted, starred],
  );
  return (
    <section className="panel" aria-labelledby="case-notes-title">
      <div className="panel-header case-notes-header">
        <h3 id="case-notes-title">Notes</h3>
        {notes.state === 'done' && notes.ok && (
          <span className="faint case-header-note">{plural(notes.value.length, 'note')}</span>
        )}
        <span className="case-notes-filters">
          <input
            className="input case-tag-filter"
            placeholder="Filter by tag"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            aria-label="Filter by tag"
          />
          <label className="checkbox">
            <input type="checkbox" checked={starred} onChange={(e) => setStarred(e.target.checked)} /> Starred only
          </label>
        </span>
      </div>
      {notes.state === 'loading' ? (
        <div className="panel-body muted">Reading the notes…</div>
      ) : !notes.ok ? (
        <div className="panel-body">
          <Problem message={notes.error} onRetry={notes.reload} />
        </div>
      ) : notes.value.length === 0 ? (
        <div className="empty">
          {wanted || starred
            ? 'No note matches.'
            : 'No notes yet: add them from a session’s Notes tab, beside the replay.'}
        </div>
      ) : (
        <ul className="case-notes">
          {notes.value.map((n) => (
            <CaseNote key={n.id} note={n} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CaseNote({ note: n }: { note: NoteView }): ReactNode {
  return (
    <li className="case-note">
      <button type="button" className="note-link case-note-open" onClick={() => openNote(n)} title="Open this moment">
        <span
          className={`case-note-star${n.starred ? ' is-starred' : ''}`}
          aria-label={n.starred ? 'Starred' : undefined}
        >
          {n.starred ? '★' : ''}
        </span>
        <span className="case-note-where">
          <span className="mono">{n.session}</span>
          {n.program && <span className="mono faint"> · {n.program}</span>} · {noteWhere(n)}
        </span>
        <Icon name="next" size={12} />
      </button>
      {n.commandText !== null && <NoteCommand text={n.commandText} className="case-note-command" />}
      <NoteBody note={n} />
      <NoteMeta note={n} />
    </li>
  );
}

function AuditPanel({ caseVersion, tick }: { caseVersion: number; tick: number }): ReactNode {
  const audit = useResult(api.auditLog, [caseVersion, tick]);
  const last = audit.state === 'done' && audit.ok ? audit.value.entries.at(-1) : undefined;
  return (
    <section className="panel" aria-labelledby="case-audit-title">
      <div className="panel-header">
        <h3 id="case-audit-title">Audit log</h3>
        <span className="faint case-header-note">Every change to the case, each entry hashing the one before</span>
      </div>
      {audit.state === 'loading' ? (
        <div className="panel-body muted">Verifying the chain…</div>
      ) : !audit.ok ? (
        <div className="panel-body">
          <Problem message={audit.error} onRetry={audit.reload} />
        </div>
      ) : (
        <>
          <div className="panel-body case-audit-summary">
            {audit.value.verified ? (
              <div className="case-chain case-chain-ok" role="status">
                <Icon name="check" /> Chain verifies: {plural(audit.value.entries.length, 'entry', 'entries')}
              </div>
            ) : (
              <div className="case-chain case-chain-broken" role="alert">
                <Icon name="warning" /> CHAIN BROKEN at entry {audit.value.firstBadSeq ?? '?'}:{' '}
                <SafeText text={audit.value.reason ?? 'unknown reason'} />
              </div>
            )}
            {last && (
              <div className="case-last-hash">
                <span className="faint">Last hash</span>
                <code className="mono case-hash" title={last.hash}>
                  {last.hash}
                </code>
                <CopyButton text={last.hash} label="Copy last hash" compact />
              </div>
            )}
          </div>
          {audit.value.entries.length === 0 ? (
            <div className="empty">Nothing recorded yet.</div>
          ) : (
            <div className="case-audit-scroll">
              <table className="table case-audit-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Time</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {[...audit.value.entries].reverse().map((e) => (
                    <tr
                      key={e.seq}
                      className={
                        audit.value.firstBadSeq !== null && e.seq >= audit.value.firstBadSeq
                          ? 'case-audit-bad'
                          : undefined
                      }
                    >
                      <td className="mono">{e.seq}</td>
                      <td className="nowrap">{formatTime(e.at)}</td>
                      <td className="case-audit-actor">
                        <SafeText text={e.actor} />
                      </td>
                      <td className="mono nowrap">
                        <SafeText text={e.action} />
                      </td>
                      <td className="mono case-audit-details" title={displayText(detailsText(e))}>
                        <SafeText text={summary(e)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function detailsText(e: AuditEntryView): string {
  if (e.details === null || e.details === undefined) return '';
  try {
    return JSON.stringify(e.details) ?? '';
  } catch {
    return String(e.details);
  }
}

/** One line: an import's file and the start of its SHA-256, else the details as JSON, cut short. */
function summary(e: AuditEntryView): string {
  const d = e.details;
  if (e.action.includes('import') && d && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    const path = typeof o.path === 'string' ? o.path : typeof o.file === 'string' ? o.file : null;
    const sha = typeof o.sha256 === 'string' ? o.sha256 : null;
    if (path || sha) return `${path ?? ''}${sha ? `  sha256 ${sha.slice(0, 12)}…` : ''}`;
  }
  const text = detailsText(e);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}
