// The window's one connection to its case file, opened on first use and closed when the app quits.
// The store is imported on first use too: a native module built for the wrong runtime then shows
// up as an error in the window instead of a crash before the window opens.

import type { CaseDb } from '../store/open-case';

export class CaseConnection {
  #db: CaseDb | null = null;

  constructor(readonly path: string) {}

  async db(): Promise<CaseDb> {
    if (this.#db === null) {
      const { openCase } = await import('../store/open-case');
      this.#db = openCase(this.path);
    }
    return this.#db;
  }

  close(): void {
    this.#db?.close();
    this.#db = null;
  }
}
