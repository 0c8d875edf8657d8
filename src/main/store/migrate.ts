import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration';
import { MIGRATIONS } from './migrations';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `this case was written by a newer sshlens (schema ${found}; this version knows up to ${known}): update sshlens to open it`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings a case database to the newest schema, one transaction per migration. Each is taken with
 * the write lock (BEGIN IMMEDIATE) and skipped when another process applied it meanwhile: two
 * `sshlens import` starting a new case at once both read version 0, and the second failed with
 * "duplicate column name" re-running what the first had just committed.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, target?: number): number {
  const latest = target ?? migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw new SchemaTooNewError(current, known);
  for (const m of migrations) {
    if (m.version <= current || m.version > latest) continue;
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
