import type { Database, Statement } from 'better-sqlite3';

// Prepared statements by SQL text, per connection: the same statements come back all the time (a
// search's compiled query shapes; an import's per-program inserts and copies, thousands per file).
const statements = new WeakMap<Database, Map<string, Statement>>();

/** Enough for every fixed statement of the app and a search's query shapes; past it, start again. */
const MAX_STATEMENTS = 256;

export function statement(db: Database, sql: string, pluck = false): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  // pluck is a mode of the statement: set it on every use, so a shared statement is never left in the
  // other one. Only a statement that returns rows has it (better-sqlite3 throws for an INSERT).
  return st.reader ? st.pluck(pluck) : st;
}
