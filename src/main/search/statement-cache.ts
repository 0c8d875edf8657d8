import type { Database, Statement } from 'better-sqlite3';

// Prepared statements by SQL text, per connection: the same query shapes come back all the time.
const statements = new WeakMap<Database, Map<string, Statement>>();

export function statement(db: Database, sql: string, pluck = false): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= 128) cache.clear();
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  // pluck is a mode of the statement: set it on every use, so a shared statement is never left in the other one.
  return st.pluck(pluck);
}
