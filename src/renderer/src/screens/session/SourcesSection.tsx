import { useState, type ReactNode } from 'react';
import type { ConflictInfo } from '../../../../shared/model';
import type { SessionDetail, SourceContribution, SourceFile, SourceRole } from '../../../../shared/views';
import { api } from '../../api/client';
import { useJobs } from '../../jobs/jobs-context';
import { navigate } from '../../router';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { CopyButton } from '../../ui/CopyButton';
import { Problem } from '../../ui/Problem';
import { formatBytes, formatTime } from '../../ui/format';
import { visibleText } from './visible-text';
import './sources.css';
import { isRef } from '../../../../shared/ids';

/**
 * Provenance (issue 10): every file the session came from and what each gave each program, where
 * sources disagree (kept as evidence, never resolved silently), the records merged into this one,
 * and the investigator's own corrections: split a source off a program, join another session.
 */
export function SourcesSection({ session }: { session: SessionDetail }): ReactNode {
  const [pending, setPending] = useState<PendingLink | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { caseChanged } = useJobs();

  async function carryOut(link: PendingLink): Promise<void> {
    setProblem(null);
    if (link.kind === 'split') {
      const r = await api.splitSource({ program: link.program, source: link.source.sha256 });
      if (!r.ok) return setProblem(`Split refused: ${r.error}`);
    } else {
      const r = await api.joinSessions({ keep: session.id, merge: link.other });
      if (!r.ok) return setProblem(`Join refused: ${r.error}`);
      if (r.value.kept !== session.id)
        navigate({ screen: 'session', session: r.value.kept, program: null, atUs: null });
    }
    caseChanged();
  }

  return (
    <>
      <section className="ss-details-section" aria-labelledby="details-sources">
        <h3 id="details-sources" className="section-title">
          Sources <span className="ss-details-count">{session.sourceFiles.length}</span>
        </h3>
        {session.sourceFiles.length === 0 ? (
          <p className="muted ss-details-empty">No source file is recorded for this session.</p>
        ) : (
          <ul className="ss-sources">
            {session.sourceFiles.map((f) => (
              <SourceItem
                key={`${f.sha256}:${f.path}`}
                file={f}
                onSplit={(program) => setPending({ kind: 'split', program, source: f })}
              />
            ))}
          </ul>
        )}
        {session.mergedIds.length > 0 && (
          <p className="ss-merged muted">
            Also known as <span className="mono">{session.mergedIds.join(', ')}</span>: found to be this session and
            merged into it (notes and reports naming them lead here).
          </p>
        )}
        <JoinForm
          session={session.id}
          onJoin={(other) => setPending({ kind: 'join', other })}
          onInvalid={(message) => setProblem(message)}
        />
        {problem && <Problem message={problem} />}
      </section>

      {(session.conflicts.length > 0 || session.variants.length > 0) && (
        <section className="ss-details-section" aria-labelledby="details-conflicts">
          <h3 id="details-conflicts" className="section-title">
            Disagreements <span className="ss-details-count ss-count-warn">{session.conflicts.length}</span>
          </h3>
          <p className="faint ss-conflict-lead">
            Sources of this session disagree. Both are kept; sshlens never picks one. A disagreement can be a sign of
            tampering.
          </p>
          <ul className="ss-conflicts">
            {session.conflicts.map((c, i) => (
              <ConflictItem key={i} conflict={c} />
            ))}
          </ul>
          {session.variants.map((v) => (
            <p key={v.program} className="ss-variant">
              <span className="mono">{v.program}</span> is a differing recording of{' '}
              <span className="mono">{v.variantOf}</span>, from {v.sources.length}{' '}
              {v.sources.length === 1 ? 'source' : 'sources'}.
            </p>
          ))}
        </section>
      )}

      {pending && (
        <ConfirmModal
          title={pending.kind === 'split' ? 'Split this source off?' : `Join ${pending.other} with ${session.id}?`}
          confirmLabel={pending.kind === 'split' ? 'Split it off' : 'Join them'}
          onClose={() => setPending(null)}
          onConfirm={() => void carryOut(pending)}
        >
          {pending.kind === 'split' ? (
            <p>
              <span className="mono">{pending.source.path}</span> will no longer count as a recording of{' '}
              <span className="mono">{pending.program}</span>: it becomes a program in a session of its own. The split
              is written to the audit log.
            </p>
          ) : (
            <p>
              Both are recordings of the same SSH session: their programs, notes and sources become one session. The
              older id stays and the other becomes its alias. The join is written to the audit log; a wrong join is
              undone by splitting a source off.
            </p>
          )}
        </ConfirmModal>
      )}
    </>
  );
}

type PendingLink = { kind: 'split'; program: string; source: SourceFile } | { kind: 'join'; other: string };

function SourceItem({ file: f, onSplit }: { file: SourceFile; onSplit: (program: string) => void }): ReactNode {
  return (
    <li className="ss-source">
      <div className="ss-source-path mono" title={visibleText(f.path)}>
        {visibleText(f.path)}
      </div>
      <div className="ss-source-meta">
        <span className="badge">{f.format}</span>
        {f.status === 'partial' && <span className="badge badge-warn">partial</span>}
        <span className="muted">{formatBytes(f.size)}</span>
        <span className="faint" title={`Imported ${formatTime(f.importedAt)}`}>
          imported {formatTime(f.importedAt)}
        </span>
      </div>
      <div className="ss-source-hash">
        <span className="ss-source-hash-label">SHA-256</span>
        <code className="ss-source-hash-value">{f.sha256}</code>
        <CopyButton text={f.sha256} label="Copy SHA-256" compact className="ss-copy-btn" />
      </div>
      {f.keyFingerprint && (
        <div className="ss-source-hash">
          <span className="ss-source-hash-label">Key</span>
          <code className="ss-source-hash-value">{f.keyFingerprint}</code>
        </div>
      )}
      {f.contributions.length > 0 && (
        <ul className="ss-gave" aria-label="What it gave">
          {f.contributions.map((c) => (
            <Contribution key={c.program} contribution={c} onSplit={() => onSplit(c.program)} />
          ))}
        </ul>
      )}
    </li>
  );
}

const ROLE_WORDS: Record<SourceRole, { label: string; title: string; tone?: 'warn' }> = {
  events: { label: 'recording', title: 'its recorded events are the program’s (or part of them)' },
  same: { label: 'same recording', title: 'it holds the same bytes as the recording kept: provenance only' },
  part: { label: 'part', title: 'it holds a part of the recording (a chunk or a truncated copy)' },
  facts: { label: 'facts', title: 'ids, user, target or exit status, but no events of its own' },
  conflict: { label: 'disagrees', title: 'its recording differs: kept beside it as a variant', tone: 'warn' },
};

const LINKED_BY: Record<NonNullable<SourceContribution['linkedBy']>, string> = {
  'cloudflare-id': 'by Cloudflare ids',
  content: 'by recorded content',
  manual: 'by hand',
};

function Contribution({ contribution: c, onSplit }: { contribution: SourceContribution; onSplit: () => void }) {
  const role = ROLE_WORDS[c.role];
  return (
    <li className="ss-gave-item">
      <span className="mono">{c.program}</span>
      <span className={role.tone === 'warn' ? 'badge badge-warn' : 'badge'} title={role.title}>
        {role.label}
      </span>
      {c.outputBytes !== null && <span className="muted">{formatBytes(c.outputBytes)} output</span>}
      <span className="faint">
        {c.linkedBy === null
          ? 'first source'
          : `joined ${LINKED_BY[c.linkedBy]}${c.linkedAt ? ` ${formatTime(c.linkedAt)}` : ''}`}
      </span>
      {c.linkedBy !== null && (
        <button
          type="button"
          className="btn btn-small ss-split-btn"
          onClick={onSplit}
          title={`Split this source off ${c.program}`}
        >
          Split off
        </button>
      )}
    </li>
  );
}

function ConflictItem({ conflict: c }: { conflict: ConflictInfo }): ReactNode {
  return (
    <li className="ss-conflict">
      <div className="ss-conflict-head">
        <span className="badge badge-warn">{c.field.replace(/_/g, ' ')}</span>
        {c.program && <span className="mono">{c.program}</span>}
        {c.at && <span className="faint">{formatTime(c.at)}</span>}
        {c.variant && (
          <span className="muted">
            kept as <span className="mono">{c.variant}</span>
          </span>
        )}
      </div>
      <dl className="ss-conflict-values">
        <dt>kept</dt>
        <dd className="mono">{c.stored === null ? '–' : visibleText(c.stored)}</dd>
        <dt>other</dt>
        <dd className="mono">{c.found === null ? '–' : visibleText(c.found)}</dd>
        {c.source && (
          <>
            <dt>from</dt>
            <dd className="mono" title={c.source}>
              {c.source.slice(0, 16)}…
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Joins another session (s12) into this one: ids are checked here, the rest by main. */
function JoinForm(props: { session: string; onJoin: (other: string) => void; onInvalid: (m: string) => void }) {
  const [other, setOther] = useState('');
  return (
    <form
      className="ss-join"
      onSubmit={(e) => {
        e.preventDefault();
        const id = other.trim();
        if (!isRef('s', id)) return props.onInvalid('Give the id of the other session, like s12.');
        if (id === props.session) return props.onInvalid(`${id} is this session.`);
        props.onJoin(id);
      }}
    >
      <label htmlFor="ss-join-input" className="muted">
        Same SSH session as
      </label>
      <input
        id="ss-join-input"
        className="input ss-join-input mono"
        placeholder="s12"
        value={other}
        maxLength={20}
        onChange={(e) => setOther(e.target.value)}
      />
      <button type="submit" className="btn btn-small" disabled={other.trim() === ''}>
        Join…
      </button>
    </form>
  );
}
