// How a note reads and where it leads: shared by the session's Notes tab and the Case screen.

import { Fragment, type ReactNode } from 'react';
import type { NoteView } from '../../../../shared/views';
import { navigate } from '../../router';
import { displayText, SafeText } from '../../ui/display-text';
import { formatClock, formatTime } from '../../ui/format';
import './note.css';

/** "Session s3", "Program p7", "Command at 1:02", "At 1:02", "Range 1:02–1:12". */
export function noteWhere(n: NoteView): string {
  switch (n.kind) {
    case 'session':
      return `Session ${n.session}`;
    case 'program':
      return `Program ${n.program ?? '?'}`;
    case 'command':
      return n.atUs === null ? 'Command' : `Command at ${formatClock(n.atUs)}`;
    case 'range': {
      // A moment (sshlens note add --at S, no --to) is a range of no length: "At 1:20", not "Range 1:20–1:20".
      const from = formatClock(n.atUs ?? 0);
      const to = formatClock(n.endUs ?? n.atUs ?? 0);
      return from === to ? `At ${from}` : `Range ${from}–${to}`;
    }
  }
}

/** Tags typed as "a, b ,c" → ['a', 'b', 'c'] (unique, in order). */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
}

/** Opens the note's moment: its session, its program, its time. */
export function openNote(n: NoteView, options: { replace?: boolean } = {}): void {
  navigate({ screen: 'session', session: n.session, program: n.program, atUs: n.atUs }, options);
}

/** A note as typed: its line breaks kept (for white-space: pre-wrap), other control characters shown. */
export function NoteText({ text }: { text: string }): ReactNode {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line, i) => (
    <Fragment key={i}>
      {i > 0 && '\n'}
      <SafeText text={line} />
    </Fragment>
  ));
}

/** The command line a note is on, on one line (all of it in the tooltip). */
export function NoteCommand({ text, className }: { text: string; className?: string }): ReactNode {
  return (
    <div className={`note-command mono${className ? ` ${className}` : ''}`} title={displayText(text)}>
      <SafeText text={text} />
    </div>
  );
}

/** A note's tags as badges, then its text. */
export function NoteBody({ note }: { note: NoteView }): ReactNode {
  return (
    <>
      {note.tags.length > 0 && (
        <div className="note-tags">
          {note.tags.map((t) => (
            <span key={t} className="badge badge-accent">
              <SafeText text={t} />
            </span>
          ))}
        </div>
      )}
      {note.note !== '' && (
        <p className="note-text">
          <NoteText text={note.note} />
        </p>
      )}
    </>
  );
}

/** Who wrote the note and when (and when it was last edited, with `edited`). */
export function NoteMeta({ note, edited = false }: { note: NoteView; edited?: boolean }): ReactNode {
  return (
    <div className="note-meta faint">
      <SafeText text={note.author} /> · {formatTime(note.created)}
      {edited && note.updated !== note.created && <> · edited {formatTime(note.updated)}</>}
    </div>
  );
}
