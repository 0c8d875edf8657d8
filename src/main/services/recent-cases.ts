// The cases opened lately, newest first, in a small JSON file in the user-data folder. A damaged or
// missing file is an empty list: it only offers shortcuts.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecentCase } from '../../shared/views';
import { caseName } from './case-connection';

const MAX_RECENT = 12;

export class RecentCases {
  constructor(private readonly file: string) {}

  list(): RecentCase[] {
    return this.#read().map((r) => ({ ...r, name: caseName(r.path), exists: existsSync(r.path) }));
  }

  remember(path: string, now = new Date()): void {
    const entries = [{ path, openedAt: now.toISOString() }, ...this.#read().filter((r) => r.path !== path)].slice(
      0,
      MAX_RECENT,
    );
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename: a crash mid-write never leaves half a file.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(entries, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }

  #read(): Array<{ path: string; openedAt: string }> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (r): r is { path: string; openedAt: string } =>
          typeof r === 'object' && r !== null && typeof r.path === 'string' && typeof r.openedAt === 'string',
      );
    } catch {
      return [];
    }
  }
}
