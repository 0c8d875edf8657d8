import type { Database, Statement } from 'better-sqlite3';
import type {
  CommandKind,
  CommandMethod,
  ExtractedCommand,
  ExtractedMark,
  ExtractionResult,
  ExtractionSink,
  OutputSegment,
} from '../extraction/extraction-types';
import { writeOutputText } from './output-pieces';

/** What one program's index holds after a replace. */
export interface StoredCounts {
  commands: number;
  outputs: number;
  marks: number;
}

/** A stored command as `show` lists it. */
export interface StoredCommand {
  row: number;
  seq: number;
  atUs: number;
  /** Microseconds since the epoch: the program's start plus atUs; null when the start is unknown. */
  timeUs: number | null;
  kind: CommandKind;
  method: CommandMethod;
  text: string;
  exitStatus: number | null;
  /** program-input: the program the line was typed into (e.g. "python3") and the row of the shell command that started it. */
  programName: string | null;
  parentRow: number | null;
}

interface Statements {
  deleteOutputs: Statement;
  deleteMarks: Statement;
  deleteCommands: Statement;
  insertCommand: Statement;
  setParent: Statement;
  insertOutput: Statement;
  insertMark: Statement;
  commandsOf: Statement;
}

// One set of prepared statements per connection: a reindex calls this once per program.
const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      deleteOutputs: db.prepare('DELETE FROM outputs WHERE program_id = ?'),
      deleteMarks: db.prepare('DELETE FROM marks WHERE program_id = ?'),
      deleteCommands: db.prepare('DELETE FROM commands WHERE program_id = ?'),
      insertCommand:
        db.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, guess, text, prompt, cwd, user, host,
        program_name, parent_id, output_start_us, output_end_us, output_start_offset, output_end_offset, exit_status)
        VALUES (@programId, @seq, @atUs, @kind, @method, @guess, @text, @prompt, @cwd, @user, @host,
        @programName, @parentId, @outputStartUs, @outputEndUs, @outputStartOffset, @outputEndOffset, @exitStatus)`),
      setParent: db.prepare('UPDATE commands SET parent_id = ? WHERE id = ?'),
      insertOutput: db.prepare(`INSERT INTO outputs (program_id, command_id, start_us, end_us, start_offset, end_offset)
        VALUES (?, ?, ?, ?, ?, ?)`),
      insertMark: db.prepare('INSERT INTO marks (program_id, at_us, end_us, kind, detail) VALUES (?, ?, ?, ?, ?)'),
      commandsOf:
        db.prepare(`SELECT c.id AS row, c.seq, c.at_us AS atUs, p.started_at_us + c.at_us AS timeUs, c.kind, c.method, c.text,
        c.exit_status AS exitStatus, c.program_name AS programName, c.parent_id AS parentRow
        FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.program_id = ? ORDER BY c.seq`),
    };
    cache.set(db, s);
  }
  return s;
}

/**
 * Writes what extraction finds for one program as it arrives (an ExtractionSink): the
 * program's previous commands, outputs and marks are deleted first. Synchronous and without a
 * transaction of its own: the caller's transaction (or savepoint) makes it all-or-nothing.
 */
export class ProgramIndexWriter implements ExtractionSink {
  private readonly s: Statements;
  /** Row id of each command by its index, for program-input's parent. */
  private readonly ids: number[] = [];
  /** Children that named a parent not written yet (odd, but not worth losing). */
  private readonly waitingForParent = new Map<number, number[]>();
  readonly counts: StoredCounts = { commands: 0, outputs: 0, marks: 0 };

  constructor(
    private readonly db: Database,
    private readonly programRow: number,
  ) {
    this.s = statements(db);
    // Outputs first: stray ones are not reached by the cascade from commands.
    this.s.deleteOutputs.run(programRow);
    this.s.deleteMarks.run(programRow);
    this.s.deleteCommands.run(programRow);
  }

  command(c: ExtractedCommand, index: number): void {
    const parentId = c.parentIndex !== null ? (this.ids[c.parentIndex] ?? null) : null;
    const id = Number(
      this.s.insertCommand.run({
        programId: this.programRow,
        seq: index,
        atUs: c.atUs,
        kind: c.kind,
        method: c.method,
        guess: c.guess,
        text: c.text,
        prompt: c.prompt,
        cwd: c.cwd,
        user: c.user,
        host: c.host,
        programName: c.programName,
        parentId,
        outputStartUs: c.outputStartUs,
        outputEndUs: c.outputEndUs,
        outputStartOffset: c.outputStartOffset,
        outputEndOffset: c.outputEndOffset,
        exitStatus: c.exitStatus,
      }).lastInsertRowid,
    );
    this.ids[index] = id;
    if (c.parentIndex !== null && parentId === null && c.parentIndex > index) {
      this.waitingForParent.set(c.parentIndex, [...(this.waitingForParent.get(c.parentIndex) ?? []), id]);
    }
    for (const child of this.waitingForParent.get(index) ?? []) this.s.setParent.run(id, child);
    this.waitingForParent.delete(index);
    this.output(id, c.outputStartUs, c.outputEndUs, c.outputStartOffset, c.outputEndOffset, c.output);
    this.counts.commands += 1;
    this.counts.outputs += 1;
  }

  stray(o: OutputSegment): void {
    this.output(null, o.startUs, o.endUs, o.startOffset, o.endOffset, o.text);
    this.counts.outputs += 1;
  }

  /** An output's row, then its text in pieces (output-pieces.ts). */
  private output(
    commandId: number | null,
    startUs: number,
    endUs: number,
    startOffset: number,
    endOffset: number,
    text: string,
  ): void {
    const row = this.s.insertOutput.run(this.programRow, commandId, startUs, endUs, startOffset, endOffset);
    writeOutputText(this.db, Number(row.lastInsertRowid), text);
  }

  mark(m: ExtractedMark): void {
    this.s.insertMark.run(this.programRow, m.atUs, m.endUs, m.kind, m.detail);
    this.counts.marks += 1;
  }
}

/** Replaces one program's index with an extraction result held in memory. */
export function replaceProgramCommands(db: Database, programRow: number, result: ExtractionResult): StoredCounts {
  const writer = new ProgramIndexWriter(db, programRow);
  result.commands.forEach((c, i) => writer.command(c, i));
  for (const o of result.strayOutput) writer.stray(o);
  for (const m of result.marks) writer.mark(m);
  return writer.counts;
}

/** A program's commands in the order they were typed (for `show`). */
export function listProgramCommands(db: Database, programRow: number): StoredCommand[] {
  return statements(db).commandsOf.all(programRow) as StoredCommand[];
}
