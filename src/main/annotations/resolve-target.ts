import type { Database } from 'better-sqlite3';
import { AnnotationError, type AnnotationTarget, type AnnotationTargetKind } from './annotation-types';

/** The columns of an annotations row that place it (migration 009). */
export interface AnchorColumns {
  kind: AnnotationTargetKind;
  sessionRow: number;
  programRow: number | null;
  commandRow: number | null;
  commandText: string | null;
  atUs: number | null;
  endUs: number | null;
}

/** Checks that the target exists and anchors it: a command by (program, time, text), which a reindex reproduces. */
export function anchorOf(db: Database, target: AnnotationTarget): AnchorColumns {
  const none = { programRow: null, commandRow: null, commandText: null, atUs: null, endUs: null };
  switch (target.kind) {
    case 'session': {
      const row = db.prepare('SELECT id FROM sessions WHERE id = ?').get(target.sessionRow) as
        { id: number } | undefined;
      if (!row) throw new AnnotationError(`there is no session s${target.sessionRow} in this case`);
      return { kind: 'session', sessionRow: row.id, ...none };
    }
    case 'program':
    case 'range': {
      const row = db
        .prepare('SELECT id, session_id AS sessionRow FROM programs WHERE id = ?')
        .get(target.programRow) as { id: number; sessionRow: number } | undefined;
      if (!row) throw new AnnotationError(`there is no program p${target.programRow} in this case`);
      if (target.kind === 'program')
        return { kind: 'program', sessionRow: row.sessionRow, ...none, programRow: row.id };
      if (
        !Number.isSafeInteger(target.atUs) ||
        !Number.isSafeInteger(target.endUs) ||
        target.atUs < 0 ||
        target.endUs < target.atUs
      ) {
        throw new AnnotationError(
          'a range needs a start at or after the program start and an end not before its start',
        );
      }
      return {
        kind: 'range',
        sessionRow: row.sessionRow,
        ...none,
        programRow: row.id,
        atUs: target.atUs,
        endUs: target.endUs,
      };
    }
    case 'command': {
      const row = db
        .prepare(
          'SELECT c.id, c.program_id AS programRow, p.session_id AS sessionRow, c.at_us AS atUs, c.text FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.id = ?',
        )
        .get(target.commandRow) as
        { id: number; programRow: number; sessionRow: number; atUs: number; text: string } | undefined;
      if (!row)
        throw new AnnotationError(
          `there is no command c${target.commandRow} in this case (command ids change on reindex: see sshlens show)`,
        );
      return {
        kind: 'command',
        sessionRow: row.sessionRow,
        programRow: row.programRow,
        commandRow: row.id,
        commandText: row.text,
        atUs: row.atUs,
        endUs: null,
      };
    }
  }
}

/**
 * SQL for the current row of an annotated command, given the annotation as `an`: the first
 * command of its program at its time with its text (the same line entered twice in one µs is
 * one moment either way).
 */
export const CURRENT_COMMAND_SQL =
  '(SELECT ac.id FROM commands ac WHERE ac.program_id = an.program_id AND ac.at_us = an.at_us AND ac.text = an.command_text ORDER BY ac.seq LIMIT 1)';
