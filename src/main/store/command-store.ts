import type { Database, Statement } from 'better-sqlite3';
import type { CommandKind, CommandMethod, ExtractionResult } from '../commands/extraction-types';

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
      insertCommand: db.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, guess, text, prompt, cwd, user, host,
        program_name, parent_id, output_start_us, output_end_us, output_start_offset, output_end_offset, exit_status)
        VALUES (@programId, @seq, @atUs, @kind, @method, @guess, @text, @prompt, @cwd, @user, @host,
        @programName, @parentId, @outputStartUs, @outputEndUs, @outputStartOffset, @outputEndOffset, @exitStatus)`),
      setParent: db.prepare('UPDATE commands SET parent_id = ? WHERE id = ?'),
      insertOutput: db.prepare(`INSERT INTO outputs (program_id, command_id, start_us, end_us, start_offset, end_offset, text)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      insertMark: db.prepare('INSERT INTO marks (program_id, at_us, end_us, kind, detail) VALUES (?, ?, ?, ?, ?)'),
      commandsOf: db.prepare(`SELECT c.id AS row, c.seq, c.at_us AS atUs, p.started_at_us + c.at_us AS timeUs, c.kind, c.method, c.text,
        c.exit_status AS exitStatus, c.parent_id AS parentRow
        FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.program_id = ? ORDER BY c.seq`),
    };
    cache.set(db, s);
  }
  return s;
}

/**
 * Replaces everything extraction found for one program: its commands, their outputs (one row
 * per command, plus one per stray segment with no command) and its marks. Synchronous and
 * without a transaction of its own: the caller's transaction makes the replace all-or-nothing.
 */
export function replaceProgramCommands(db: Database, programRow: number, result: ExtractionResult): StoredCounts {
  const s = statements(db);
  // Outputs first: stray ones are not reached by the cascade from commands.
  s.deleteOutputs.run(programRow);
  s.deleteMarks.run(programRow);
  s.deleteCommands.run(programRow);

  const ids: number[] = [];
  const laterParents: Array<[child: number, parentIndex: number]> = [];
  result.commands.forEach((c, i) => {
    const parentIndex = c.parentIndex;
    const knownParent = parentIndex !== null && parentIndex >= 0 && parentIndex < i ? ids[parentIndex]! : null;
    const id = Number(
      s.insertCommand.run({
        programId: programRow,
        seq: i,
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
        parentId: knownParent,
        outputStartUs: c.outputStartUs,
        outputEndUs: c.outputEndUs,
        outputStartOffset: c.outputStartOffset,
        outputEndOffset: c.outputEndOffset,
        exitStatus: c.exitStatus,
      }).lastInsertRowid,
    );
    ids.push(id);
    if (parentIndex !== null && knownParent === null && parentIndex > i && parentIndex < result.commands.length) laterParents.push([id, parentIndex]);
  });
  // A parent listed after its child is odd but not worth losing: link it once both exist.
  for (const [child, parentIndex] of laterParents) s.setParent.run(ids[parentIndex]!, child);

  result.commands.forEach((c, i) => {
    s.insertOutput.run(programRow, ids[i]!, c.outputStartUs, c.outputEndUs, c.outputStartOffset, c.outputEndOffset, c.output);
  });
  for (const o of result.strayOutput) s.insertOutput.run(programRow, null, o.startUs, o.endUs, o.startOffset, o.endOffset, o.text);
  for (const m of result.marks) s.insertMark.run(programRow, m.atUs, m.endUs, m.kind, m.detail);
  return { commands: result.commands.length, outputs: result.commands.length + result.strayOutput.length, marks: result.marks.length };
}

/** A program's commands in the order they were typed (for `show`). */
export function listProgramCommands(db: Database, programRow: number): StoredCommand[] {
  return statements(db).commandsOf.all(programRow) as StoredCommand[];
}
