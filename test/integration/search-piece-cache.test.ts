import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCase } from '../../src/main/search/run-search';
import { replaceProgramCommands } from '../../src/main/store/command-store';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import { packPiece, PIECE_CHARS } from '../../src/main/store/output-pieces';
import { addProgram, result, shellCommand } from '../helpers/extraction-result';
import { tempDir } from '../helpers/fixtures';

/**
 * A connection keeps the text of pieces it read (store/piece-text-cache.ts). The case on disk is
 * the truth: a piece stored again under its id (by a reindex, or by another connection) is
 * answered from what it now holds, on the same connection and in the same query shapes.
 */

const START = Date.UTC(2026, 10, 21) * 1000;
const filler = (seed: number): string =>
  Array.from({ length: 2500 }, (_, i) => `lorem${(i * 7919 + seed) % 997}`).join(' ');
// Two pieces: the needle in the second, so a hit's text is read from a piece other than the first.
const WITH_NEEDLE = `${filler(1).slice(0, PIECE_CHARS + 100)} Quixoticneedle ${filler(2).slice(0, 500)}`;

const dir = tempDir();
let db: CaseDb;

beforeAll(() => {
  db = openCase(join(dir.path, 'case.sqlite'));
  const program = addProgram(db, { startedAtUs: START });
  replaceProgramCommands(db, program, result([shellCommand('cat story', WITH_NEEDLE, 1_000_000)]));
});

afterAll(() => {
  db.close();
  dir.cleanup();
});

const hits = (query: string): string[] => {
  const r = searchCase(db, `in:output ${query}`, { limit: 10 });
  if (!r.ok) throw new Error(r.error.message);
  return r.result.hits.map((h) => h.snippet);
};

describe('search with cached piece text', () => {
  it('answers from the stored bytes, not from text it read before they changed', () => {
    // Read twice: the pieces are in the connection's cache now.
    for (let i = 0; i < 2; i++) {
      expect(hits('"quixoticneedle"')).toHaveLength(1);
      expect(hits('"needle Lorem"').length + hits('quixotic*').length).toBeGreaterThan(0);
    }
    // The same piece ids now hold other text (the contentless index still lists them as candidates).
    const pieces = db.prepare('SELECT id, text FROM output_pieces ORDER BY start_char').all() as Array<{ id: number }>;
    expect(pieces.length).toBeGreaterThan(1);
    const other = WITH_NEEDLE.replace('Quixoticneedle', 'Quixoticnoodle');
    const update = db.prepare('UPDATE output_pieces SET text = ? WHERE id = ?');
    update.run(packPiece(other.slice(PIECE_CHARS - 200)), pieces[1]!.id);
    update.run(packPiece(other.slice(0, PIECE_CHARS)), pieces[0]!.id);
    expect(hits('"quixoticneedle"')).toEqual([]);
    expect(hits('quixotic*').every((s) => !s.includes('needle'))).toBe(true);
  });
});
