// Migration 014 renames the note tables (annotations → notes, annotation_tags → note_tags): a
// case written before it keeps every note, its tags and ids, and sshlens reads and writes them.
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/migrate';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { openCase } from '../../src/main/store/open-case';
import { addNote, editNote, listNotes } from '../../src/main/notes';
import { sample, tempDir } from '../helpers/fixtures';

const objects = (db: Database.Database, type: 'table' | 'index'): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all(type) as string[];

describe('migration 014: one word for notes', () => {
  const dir = tempDir('sshlens-migration-014-');

  it('keeps a version 13 case’s notes, tags and ids under the new names, and sshlens goes on writing them', () => {
    const path = join(dir.path, 'v13.sqlite');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 13);
    db.prepare('INSERT INTO sessions (id) VALUES (4)').run();
    db.prepare("INSERT INTO programs (id, session_id, type) VALUES (7, 4, 'shell')").run();
    const insert = db.prepare(
      `INSERT INTO annotations (id, target_kind, session_id, program_id, at_us, end_us, note, starred, created_at_us, updated_at_us, author)
       VALUES (?, ?, 4, ?, ?, ?, ?, ?, 1000, 2000, 'ana')`,
    );
    insert.run(3, 'session', null, null, null, 'who is this', 1);
    insert.run(9, 'range', 7, 5_000_000, 6_000_000, 'the copy', 0);
    const tag = db.prepare('INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)');
    tag.run(3, 'exfil');
    tag.run(3, 'lateral-movement');
    tag.run(9, 'exfil');
    const before = db.prepare('SELECT * FROM annotations ORDER BY id').all();
    const tagsBefore = db.prepare('SELECT annotation_id AS id, tag FROM annotation_tags ORDER BY 1, 2').all();
    db.close();

    const c = openCase(path); // migrates to the latest version, as opening an old case does
    expect(c.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(14);
    expect(objects(c, 'table')).not.toContain('annotations');
    expect(objects(c, 'table')).not.toContain('annotation_tags');
    expect(objects(c, 'index').filter((n) => /annotation/.test(n))).toEqual([]);
    expect(objects(c, 'index')).toEqual(
      expect.arrayContaining(['notes_program', 'notes_session', 'notes_starred', 'note_tags_tag']),
    );
    expect(c.prepare('SELECT * FROM notes ORDER BY id').all()).toEqual(before);
    expect(c.prepare('SELECT note_id AS id, tag FROM note_tags ORDER BY 1, 2').all()).toEqual(tagsBefore);
    expect(listNotes(c).map((n) => ({ id: n.id, tags: n.tags, starred: n.starred }))).toEqual([
      { id: 3, tags: ['exfil', 'lateral-movement'], starred: true },
      { id: 9, tags: ['exfil'], starred: false },
    ]);
    expect(listNotes(c, { tag: 'Lateral-Movement' }).map((n) => n.id)).toEqual([3]);

    // The renamed tables keep their rules: tags cascade with their note, a bad tag is refused,
    // a noted session cannot disappear.
    const edited = editNote(c, 9, { addTags: ['staging'] }, { author: 'test', now: () => 3 });
    expect(edited.tags).toEqual(['exfil', 'staging']);
    const added = addNote(c, { target: { kind: 'program', programRow: 7 }, note: 'new' }, { author: 'test' });
    expect(added.id).toBe(10);
    expect(() => c.prepare("INSERT INTO note_tags (note_id, tag) VALUES (3, 'Not A Tag')").run()).toThrow();
    expect(() => c.prepare('DELETE FROM sessions WHERE id = 4').run()).toThrow();
    c.prepare('DELETE FROM notes WHERE id = 3').run();
    expect(c.prepare('SELECT count(*) FROM note_tags WHERE note_id = 3').pluck().get()).toBe(0);
    expect(c.pragma('foreign_key_check')).toEqual([]);
    c.close();
  });

  it('opens the version 9 case shipped as a fixture, with its note tables renamed', () => {
    const path = join(dir.path, 'v9.sqlite');
    copyFileSync(join(sample('..'), 'cases', 'v9-all-formats.sqlite'), path);
    const c = openCase(path);
    expect(objects(c, 'table')).toEqual(expect.arrayContaining(['notes', 'note_tags']));
    expect(objects(c, 'table')).not.toContain('annotations');
    expect(listNotes(c)).toEqual([]);
    c.close();
  });
});
