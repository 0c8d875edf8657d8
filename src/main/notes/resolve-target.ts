import type { Database } from 'better-sqlite3';
import type { NoteAnchor } from '../store/note-rows';
import { commandPlace, hasSession, programPlace } from '../store/row-lookups';
import { NoteError, type NoteTarget } from './note-types';
import { commandRef, programRef, sessionRef } from '../../shared/ids';

/** Checks that the target exists and anchors it: a command by (program, time, text), which a reindex reproduces. */
export function anchorOf(db: Database, target: NoteTarget): NoteAnchor {
  const none = { programRow: null, commandRow: null, commandText: null, atUs: null, endUs: null };
  switch (target.kind) {
    case 'session': {
      if (!hasSession(db, target.sessionRow))
        throw new NoteError(`there is no session ${sessionRef(target.sessionRow)} in this case`);
      return { kind: 'session', sessionRow: target.sessionRow, ...none };
    }
    case 'program':
    case 'range': {
      const row = programPlace(db, target.programRow);
      if (!row) throw new NoteError(`there is no program ${programRef(target.programRow)} in this case`);
      if (target.kind === 'program')
        return { kind: 'program', sessionRow: row.sessionRow, ...none, programRow: row.programRow };
      if (
        !Number.isSafeInteger(target.atUs) ||
        !Number.isSafeInteger(target.endUs) ||
        target.atUs < 0 ||
        target.endUs < target.atUs
      ) {
        throw new NoteError('a range needs a start at or after the program start and an end not before its start');
      }
      return {
        kind: 'range',
        sessionRow: row.sessionRow,
        ...none,
        programRow: row.programRow,
        atUs: target.atUs,
        endUs: target.endUs,
      };
    }
    case 'command': {
      const row = commandPlace(db, target.commandRow);
      if (!row)
        throw new NoteError(
          `there is no command ${commandRef(target.commandRow)} in this case (command ids change on reindex: see sshlens show)`,
        );
      return {
        kind: 'command',
        sessionRow: row.sessionRow,
        programRow: row.programRow,
        commandRow: row.commandRow,
        commandText: row.text,
        atUs: row.atUs,
        endUs: null,
      };
    }
  }
}
