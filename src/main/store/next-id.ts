/**
 * SQL for the id of a new session or program: after every id in use and every id merged away
 * (entity_aliases), so an id once shown never names another record (SQLite would give a deleted
 * last id again).
 */
export function nextId(kind: 'session' | 'program'): string {
  const table = kind === 'session' ? 'sessions' : 'programs';
  return `(SELECT MAX(COALESCE((SELECT MAX(id) FROM ${table}), 0),
    COALESCE((SELECT MAX(old_id) FROM entity_aliases WHERE kind = '${kind}'), 0)) + 1)`;
}
