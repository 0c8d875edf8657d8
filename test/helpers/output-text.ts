import type { Database } from 'better-sqlite3';
import { registerSearchFunctions } from '../../src/main/search/register-functions';
import { packPiece } from '../../src/main/store/output-pieces';

/**
 * Output text is stored in compressed pieces (migration 016). In a test's SQL, `outputText('o')`
 * is the whole text of the output row `o` (the connection needs withOutputText first).
 */
export const outputText = (o: string): string =>
  `(SELECT sshlens_join_pieces(x.start_char, x.text) FROM output_pieces x WHERE x.output_id = ${o}.id)`;

export function withOutputText<D extends Database>(db: D): D {
  registerSearchFunctions(db);
  return db;
}

/** Overwrites the stored text of these outputs (one piece each; the search index is left as it was). */
export function overwriteOutputText(db: Database, outputIds: readonly number[], text: string): void {
  for (const id of outputIds) {
    db.prepare('DELETE FROM output_pieces WHERE output_id = ?').run(id);
    db.prepare('INSERT INTO output_pieces (output_id, start_char, text) VALUES (?, 0, ?)').run(id, packPiece(text));
  }
}
