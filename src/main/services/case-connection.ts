// The app's one connection to its current case file, opened on first use, switched when the user
// opens or creates another case. The store loads on first use too: a native module built for the
// wrong runtime then shows up as an error in the window instead of a crash before it opens.

import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { CaseDb } from '../store/open-case';

export const CASE_EXTENSION = '.sqlite';

export class CaseConnection {
  #db: CaseDb | null = null;
  #path: string;

  constructor(path: string) {
    this.#path = resolve(path);
  }

  get path(): string {
    return this.#path;
  }

  async db(): Promise<CaseDb> {
    if (this.#db === null) {
      const { openCase } = await import('../store/open-case');
      this.#db = openCase(this.#path, { browsing: true });
    }
    return this.#db;
  }

  /** Opens an existing case file: refuses anything that is not an SQLite database. */
  async open(path: string): Promise<void> {
    const target = resolve(path);
    const { caseFileProblem } = await import('../store/open-case');
    const problem = caseFileProblem(target, true);
    if (problem) throw new Error(problem.reason === 'missing' ? `${target}: no such case file` : problem.message);
    await this.#switch(target);
  }

  /** Creates a new, empty case file; refuses to overwrite one. */
  async create(path: string): Promise<void> {
    let target = resolve(path);
    if (extname(target) === '') target += CASE_EXTENSION;
    if (existsSync(target)) throw new Error(`${target} already exists: open it instead`);
    await this.#switch(target);
  }

  async #switch(target: string): Promise<void> {
    const { openCase } = await import('../store/open-case');
    // Open the new case before closing the old one: a failure leaves the window on its case.
    const db = openCase(target, { browsing: true });
    this.close();
    this.#db = db;
    this.#path = target;
  }

  close(): void {
    this.#db?.close();
    this.#db = null;
  }
}

/** A case's display name: its file name without the extension. */
export function caseName(path: string): string {
  return basename(path, extname(path));
}
