import type { Database } from 'better-sqlite3';
import { nextId } from './next-id';
import { indexPiecesAfter, lastPieceId } from './output-pieces';
import { refreshProgramStats } from './program-events';
import { statement } from './statement-cache';

/**
 * Rows of one program copied from a staging case (attached as `schema`) into the case: its
 * event chunks and spans, and what extraction derived from them (commands, outputs, marks,
 * replay snapshots). INSERT … SELECT: the rows are not decoded again, and the
 * case's full-text index fills from its triggers (commands) or from the copied output pieces. Ids are renumbered above the case's own;
 * references between the copied rows (a command's parent, an output's command) follow.
 */

/** Chunks and spans: what the program stores. */
export function adoptEvents(db: Database, schema: string, from: number, to: number): void {
  copy(db, schema, 'event_chunks', { program_id: '@to' }, { to, from }, ['id']);
  copy(db, schema, 'program_spans', { program_id: '@to' }, { to, from });
}

/** A program's summary columns (refreshProgramStats) as the staging case computed them from the events adoptEvents copied. */
export function adoptProgramStats(db: Database, schema: string, from: number, to: number): void {
  statement(
    db,
    `UPDATE main.programs SET (event_count, last_event_us, input_bytes, output_bytes, output_head) =
       (SELECT event_count, last_event_us, input_bytes, output_bytes, output_head FROM ${schema}.programs WHERE id = @from)
     WHERE id = @to`,
  ).run({ from, to });
}

/**
 * Commands, outputs, marks and snapshots: what extraction found in the events of the staged
 * programs `adopted` maps to case programs. One statement per table for every program of the file:
 * a statement per program cost ~0.2 ms each in statement and foreign-key upkeep alone (a Logpush
 * file of 5,000 sessions: 2.8 s for its 15,000 command lines, 0.1 s in one statement). Staged
 * rows are read in id order, so they keep their order and the full-text indexes fill in rowid
 * order. Ids move up by one offset per table, above the case's largest.
 */
export function adoptIndexes(db: Database, schema: string, adopted: ReadonlyMap<number, number>): void {
  if (adopted.size === 0) return;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${MAP} (staged INTEGER PRIMARY KEY, target INTEGER NOT NULL)`);
  statement(db, `DELETE FROM ${MAP}`).run();
  const add = statement(db, `INSERT INTO ${MAP} (staged, target) VALUES (?, ?)`);
  for (const [staged, target] of adopted) add.run(staged, target);
  const offset = (table: string): number => {
    const caseMax = (statement(db, `SELECT COALESCE(MAX(id), 0) FROM main.${table}`, true).get() as number) ?? 0;
    const stagedMin =
      (statement(
        db,
        `SELECT COALESCE(MIN(x.id), 0) FROM ${MAP} m JOIN ${schema}.${table} x ON x.program_id = m.staged`,
        true,
      ).get() as number) ?? 0;
    return caseMax + 1 - stagedMin;
  };
  const commands = offset('commands');
  const outputs = offset('outputs');
  const mapped = { program_id: 'm.target' };
  copy(
    db,
    schema,
    'commands',
    { ...mapped, id: 'x.id + @commands', parent_id: 'x.parent_id + @commands' },
    { commands },
    [],
    OF_ADOPTED,
  );
  copy(
    db,
    schema,
    'outputs',
    { ...mapped, id: 'x.id + @outputs', command_id: 'x.command_id + @commands' },
    { commands, outputs },
    [],
    OF_ADOPTED,
  );
  // An output's head and pieces, already cut and compressed by the worker; the case indexes the pieces.
  statement(
    db,
    `INSERT INTO main.output_heads (id, head) SELECT h.id + @outputs, h.head
     FROM ${schema}.output_heads h CROSS JOIN ${schema}.outputs o ON o.id = h.id CROSS JOIN ${MAP} m ON m.staged = o.program_id
     ORDER BY h.id`,
  ).run({ outputs });
  const lastPiece = lastPieceId(db);
  statement(
    db,
    `INSERT INTO main.output_pieces (output_id, start_char, text) SELECT pc.output_id + @outputs, pc.start_char, pc.text
     FROM ${schema}.output_pieces pc CROSS JOIN ${schema}.outputs o ON o.id = pc.output_id CROSS JOIN ${MAP} m ON m.staged = o.program_id
     ORDER BY pc.id`,
  ).run({ outputs });
  indexPiecesAfter(db, lastPiece);
  copy(db, schema, 'marks', mapped, {}, ['id'], OF_ADOPTED);
  copy(db, schema, 'terminal_snapshots', mapped, {}, [], OF_ADOPTED);
  statement(db, `DELETE FROM ${MAP}`).run();
}

/** The staged programs adoptIndexes copies, and their rows in the case (a temporary table of the connection). */
const MAP = 'temp.adopted_programs';

/** Rows of the adopted programs (staged table `x`; `m.target` is the case's program), in staged order. */
const OF_ADOPTED = `CROSS JOIN ${MAP} m ON m.staged = x.program_id ORDER BY x.rowid`;

/** Rows of copy()'s one program (@from). */
const OF_PROGRAM = 'WHERE x.program_id = @from';

/**
 * INSERT INTO main.table (every column) SELECT (every column of x, or the expression given for it)
 * FROM schema.table x `rows` (by default, of program @from); `skip` leaves columns to SQLite (a
 * rowid it assigns).
 */
function copy(
  db: Database,
  schema: string,
  table: string,
  expressions: Record<string, string>,
  params: Record<string, number>,
  skip: string[] = [],
  rows = OF_PROGRAM,
): void {
  const columns = columnsOf(db, table).filter((c) => !skip.includes(c));
  const select = columns.map((c) => expressions[c] ?? `x."${c}"`).join(', ');
  statement(
    db,
    `INSERT INTO main."${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM ${schema}."${table}" x ${rows}`,
  ).run(params);
}

// A table's columns, read once per connection: copy() runs for every program of a file that joins the case.
const tableColumns = new WeakMap<Database, Map<string, string[]>>();

function columnsOf(db: Database, table: string): string[] {
  let tables = tableColumns.get(db);
  if (!tables) tableColumns.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    columns = statement(db, `SELECT name FROM pragma_table_info('${table}')`, true).all() as string[];
    tables.set(table, columns);
  }
  return columns;
}

/** The digests of the Logpush records a staged program was read from (a record read again is then known). */
export function adoptLogpushRecords(db: Database, schema: string, from: number, to: number): void {
  statement(
    db,
    `INSERT OR IGNORE INTO logpush_records (program_id, digest) SELECT ?, digest FROM ${schema}.logpush_records WHERE program_id = ?`,
  ).run(to, from);
}

/**
 * A staged variant (records of one program that disagreed within the file) joins the case as a
 * variant of `parent`, the case's program it disagrees with: its events, the source as its
 * recording, and the staged conflicts; the source's part in `parent` becomes 'conflict'.
 * Returns the variant's new program row.
 */
export function adoptVariant(
  db: Database,
  schema: string,
  v: { staged: number; parent: number; sourceId: number },
): number {
  const row = Number(
    statement(
      db,
      `INSERT INTO programs (id, session_id, type, variant_of, term_type, term_cols, term_rows, term_modes, started_at_us)
         SELECT ${nextId('program')}, session_id, type, id, term_type, term_cols, term_rows, term_modes, started_at_us FROM programs WHERE id = ?`,
    ).run(v.parent).lastInsertRowid,
  );
  adoptEvents(db, schema, v.staged, row);
  refreshProgramStats(db, row);
  statement(db, `INSERT OR IGNORE INTO program_sources (program_id, source_id, role) VALUES (?, ?, 'events')`).run(
    row,
    v.sourceId,
  );
  statement(
    db,
    `INSERT OR IGNORE INTO conflicts (session_id, program_id, source_id, variant_id, field, at_us, output_offset, stored, found, detected_at_us)
     SELECT (SELECT session_id FROM programs WHERE id = @parent), @parent, @source, @variant, field, at_us, output_offset, stored, found, detected_at_us
     FROM ${schema}.conflicts WHERE variant_id = @staged`,
  ).run({ parent: v.parent, source: v.sourceId, variant: row, staged: v.staged });
  statement(db, `UPDATE program_sources SET role = 'conflict' WHERE program_id = ? AND source_id = ?`).run(
    v.parent,
    v.sourceId,
  );
  return row;
}
