import { useState, type ReactNode } from 'react';
import type { NoteTargetRequest, NoteView, CommandRow } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { NoteBody, NoteCommand, NoteMeta, NoteText, noteWhere, openNote, parseTags } from '../case/notes-format';
import { SafeText } from '../../ui/display-text';
import { formatClock } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { Problem } from '../../ui/Problem';
import './notes.css';

type AttachTo = 'session' | 'program' | 'command' | 'range';

/**
 * The investigator's notes on this session, beside the replay: what each points at (the session,
 * a program, a command, a span of time), its tags and star; a click goes to its moment. Notes are
 * plain text, shown as text.
 */
export function NotesPanel(props: {
  session: string;
  /** The program on screen, if any. */
  program: string | null;
  /** The playhead (µs into the program), when there is a replay. */
  positionUs: number | null;
  /** The command at the playhead, when there is one. */
  command: CommandRow | null;
  /** Seeks the replay on screen (notes on the program shown); others navigate. */
  onSeek?: (atUs: number) => void;
  /** A note was added, edited or deleted. */
  onChange?: () => void;
  caseVersion: number;
}): ReactNode {
  const { session, program, positionUs, command, onSeek, onChange, caseVersion } = props;
  const notes = useResult(() => api.listNotes({ session }), [session, caseVersion]);
  const [deleting, setDeleting] = useState<NoteView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = (n: NoteView): void => {
    if (n.program !== null && n.program === program && n.atUs !== null && onSeek) onSeek(n.atUs);
    else if (n.program !== null && n.program !== program) openNote(n, { replace: true });
  };

  const run = async (call: () => Promise<{ ok: true } | { ok: false; error: string }>): Promise<boolean> => {
    const r = await call();
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(null);
    notes.reload();
    onChange?.();
    return true;
  };

  return (
    <div className="ss-notes">
      <Composer session={session} program={program} positionUs={positionUs} command={command} onAdd={run} />
      {error && (
        <div className="ss-notes-problem">
          <Problem message={error} />
        </div>
      )}
      {notes.state === 'loading' ? (
        <div className="ss-side-empty faint">Loading notes…</div>
      ) : !notes.ok ? (
        <div className="ss-side-problem">
          <Problem message={`The notes could not be loaded: ${notes.error}`} onRetry={notes.reload} />
        </div>
      ) : notes.value.length === 0 ? (
        <div className="ss-notes-empty faint">No notes on this session yet.</div>
      ) : (
        <ul className="ss-notes-list" aria-label="Notes on this session">
          {notes.value.map((n) => (
            <NoteCard
              key={n.id}
              note={n}
              here={n.program === null || n.program === program}
              onGo={() => go(n)}
              onEdit={(edit) => run(() => api.editNote({ id: n.id, ...edit }))}
              onDelete={() => setDeleting(n)}
            />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmModal
          title="Delete this note?"
          confirmLabel="Delete note"
          onClose={() => setDeleting(null)}
          onConfirm={() => void run(() => api.deleteNote(deleting.id))}
        >
          <p className="muted">{noteWhere(deleting)}</p>
          <p className="note-text ss-notes-text">
            <NoteText text={deleting.note || '(no text)'} />
          </p>
          <p className="faint">The deletion is recorded in the case's audit log.</p>
        </ConfirmModal>
      )}
    </div>
  );
}

function Composer(props: {
  session: string;
  program: string | null;
  positionUs: number | null;
  command: CommandRow | null;
  onAdd: (call: () => Promise<{ ok: true } | { ok: false; error: string }>) => Promise<boolean>;
}): ReactNode {
  const { session, program, positionUs, command, onAdd } = props;
  const [note, setNote] = useState('');
  const [tags, setTags] = useState('');
  const [starred, setStarred] = useState(false);
  const [attach, setAttach] = useState<AttachTo>('command');
  const [markUs, setMarkUs] = useState<number | null>(null);
  const [seconds, setSeconds] = useState(10);
  const [busy, setBusy] = useState(false);

  const hasReplay = program !== null && positionUs !== null;
  const kind: AttachTo =
    attach === 'command' && !command
      ? program
        ? 'program'
        : 'session'
      : attach === 'range' && !hasReplay
        ? program
          ? 'program'
          : 'session'
        : attach === 'program' && !program
          ? 'session'
          : attach;

  const range = ((): { atUs: number; endUs: number } | null => {
    if (positionUs === null) return null;
    if (markUs === null) return { atUs: Math.round(positionUs), endUs: Math.round(positionUs + seconds * 1e6) };
    return { atUs: Math.round(Math.min(markUs, positionUs)), endUs: Math.round(Math.max(markUs, positionUs)) };
  })();

  const target = ((): NoteTargetRequest | null => {
    if (kind === 'session') return { kind: 'session', session };
    if (kind === 'program') return program ? { kind: 'program', program } : null;
    if (kind === 'command') return command ? { kind: 'command', command: command.id } : null;
    return program && range ? { kind: 'range', program, ...range } : null;
  })();

  const add = async (): Promise<void> => {
    if (!target) return;
    setBusy(true);
    const ok = await onAdd(() => api.addNote({ target, note: note.trim(), tags: parseTags(tags), starred }));
    setBusy(false);
    if (ok) {
      setNote('');
      setTags('');
      setStarred(false);
      setMarkUs(null);
    }
  };

  const canAdd = target !== null && (note.trim() !== '' || parseTags(tags).length > 0 || starred) && !busy;

  return (
    <form
      className="ss-notes-form"
      aria-label="New note"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <textarea
        className="input ss-notes-textarea"
        rows={3}
        placeholder="A note on what happened here…"
        value={note}
        maxLength={20000}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            if (canAdd) void add();
          }
        }}
        aria-label="Note"
      />
      <div className="ss-notes-form-row">
        <input
          className="input ss-notes-tags-input"
          placeholder="tags, comma-separated"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          aria-label="Tags"
        />
        <StarToggle starred={starred} onToggle={() => setStarred((s) => !s)} />
      </div>
      <div className="ss-notes-form-row">
        <label className="ss-notes-attach">
          <span className="faint">Attach to</span>
          <select className="select" value={kind} onChange={(e) => setAttach(e.target.value as AttachTo)}>
            <option value="session">this session</option>
            <option value="program" disabled={!program}>
              this program{program ? ` (${program})` : ''}
            </option>
            <option value="command" disabled={!command}>
              the current command
            </option>
            <option value="range" disabled={!hasReplay}>
              a span of time
            </option>
          </select>
        </label>
        <button
          type="submit"
          className="btn btn-small btn-primary"
          disabled={!canAdd}
          title="Add the note (Ctrl+Enter)"
        >
          Add note
        </button>
      </div>
      {kind === 'command' && command && (
        <div className="ss-notes-target mono" title={command.text}>
          <span className="faint">{formatClock(command.atUs)}</span> <SafeText text={command.text} />
        </div>
      )}
      {kind === 'range' && range && (
        <div className="ss-notes-target">
          {markUs === null ? (
            <>
              <span>
                {formatClock(range.atUs)} for{' '}
                <input
                  className="input ss-notes-seconds"
                  type="number"
                  min={1}
                  max={86400}
                  value={seconds}
                  onChange={(e) => setSeconds(Math.max(1, Math.min(86400, Math.round(Number(e.target.value)) || 1)))}
                  aria-label="Seconds"
                />{' '}
                s
              </span>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => positionUs !== null && setMarkUs(Math.round(positionUs))}
                title="Mark this moment, then play or seek to the end of the span"
              >
                Mark start here
              </button>
            </>
          ) : (
            <>
              <span>
                {formatClock(range.atUs, true)} – {formatClock(range.endUs, true)}{' '}
                <span className="faint">(mark to here)</span>
              </span>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setMarkUs(null)}>
                Clear mark
              </button>
            </>
          )}
        </div>
      )}
    </form>
  );
}

function StarToggle({
  starred,
  onToggle,
  small = false,
}: {
  starred: boolean;
  onToggle: () => void;
  small?: boolean;
}): ReactNode {
  return (
    <button
      type="button"
      className={`btn btn-small${small ? ' btn-ghost btn-icon' : ''} ss-notes-star${starred ? ' is-starred' : ''}`}
      aria-pressed={starred}
      aria-label={starred ? 'Starred' : 'Star'}
      title={starred ? 'Starred: click to unstar' : 'Star this note'}
      onClick={onToggle}
    >
      <span aria-hidden="true">{starred ? '★' : '☆'}</span>
      {!small && (starred ? ' Starred' : ' Star')}
    </button>
  );
}

function NoteCard(props: {
  note: NoteView;
  /** On the program on screen (or the whole session): a click seeks instead of switching program. */
  here: boolean;
  onGo: () => void;
  onEdit: (edit: { note?: string; addTags?: string[]; removeTags?: string[]; starred?: boolean }) => Promise<boolean>;
  onDelete: () => void;
}): ReactNode {
  const { note: n, here, onGo, onEdit, onDelete } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(n.note);
  const [tags, setTags] = useState(n.tags.join(', '));
  const [starred, setStarred] = useState(n.starred);
  const goes = n.program !== null && (n.atUs !== null || !here);

  const startEdit = (): void => {
    setText(n.note);
    setTags(n.tags.join(', '));
    setStarred(n.starred);
    setEditing(true);
  };

  const save = async (): Promise<void> => {
    const next = parseTags(tags);
    const edit = {
      ...(text !== n.note ? { note: text.trim() } : {}),
      ...(starred !== n.starred ? { starred } : {}),
      addTags: next.filter((t) => !n.tags.includes(t)),
      removeTags: n.tags.filter((t) => !next.includes(t)),
    };
    if (await onEdit(edit)) setEditing(false);
  };

  return (
    <li className={`ss-notes-item${n.starred ? ' is-starred' : ''}`}>
      <div className="ss-notes-item-head">
        <StarToggle small starred={n.starred} onToggle={() => void onEdit({ starred: !n.starred })} />
        {goes ? (
          <button
            type="button"
            className="note-link ss-notes-where"
            onClick={onGo}
            title={here ? 'Go to this moment' : `Open program ${n.program ?? ''} at this moment`}
          >
            {noteWhere(n)}
            {!here && n.program && <span className="faint"> · {n.program}</span>}
          </button>
        ) : (
          <span className="ss-notes-where is-static">{noteWhere(n)}</span>
        )}
        <span className="ss-notes-item-actions">
          {!editing && (
            <button type="button" className="btn btn-ghost btn-small" onClick={startEdit} aria-label="Edit note">
              Edit
            </button>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-small btn-icon"
            onClick={onDelete}
            aria-label="Delete note"
            title="Delete note"
          >
            <Icon name="trash" size={12} />
          </button>
        </span>
      </div>
      {n.commandText !== null && <NoteCommand text={n.commandText} />}
      {editing ? (
        <div className="ss-notes-edit">
          <textarea
            className="input ss-notes-textarea"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Note"
            autoFocus
          />
          <input
            className="input"
            value={tags}
            placeholder="tags, comma-separated"
            onChange={(e) => setTags(e.target.value)}
            aria-label="Tags"
          />
          <div className="ss-notes-form-row">
            <StarToggle starred={starred} onToggle={() => setStarred((s) => !s)} />
            <span className="row">
              <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
                Cancel
              </button>
              <button type="button" className="btn btn-small btn-primary" onClick={() => void save()}>
                Save
              </button>
            </span>
          </div>
        </div>
      ) : (
        <NoteBody note={n} />
      )}
      <NoteMeta note={n} edited />
    </li>
  );
}
