import type { NoteView } from '../../shared/views';
import { commandRef, noteRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import type { Note } from './note-types';

/** A note as the API and the reports show it: public ids, ISO times, µs since the program start. */
export function noteView(a: Note): NoteView {
  return {
    id: noteRef(a.id),
    kind: a.kind,
    session: sessionRef(a.sessionRow),
    program: a.programRow === null ? null : programRef(a.programRow),
    command: a.commandRow === null ? null : commandRef(a.commandRow),
    commandText: a.commandText,
    atUs: a.atUs,
    endUs: a.endUs,
    note: a.note,
    tags: a.tags,
    starred: a.starred,
    author: a.author,
    created: isoFromUs(a.createdAtUs)!,
    updated: isoFromUs(a.updatedAtUs)!,
  };
}
