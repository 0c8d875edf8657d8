import type { CaseDb } from './open-case';

/**
 * A savepoint inside the caller's transaction: part of a write undone without the rest
 * (one program's index whose extractor failed). Released or rolled back exactly once.
 */
export class Savepoint {
  private open = true;

  constructor(
    private readonly db: CaseDb,
    private readonly name: 'index_program',
  ) {
    db.exec(`SAVEPOINT ${name}`);
  }

  release(): void {
    if (!this.close()) return;
    this.db.exec(`RELEASE ${this.name}`);
  }

  rollback(): void {
    if (!this.close()) return;
    this.db.exec(`ROLLBACK TO ${this.name}`);
    this.db.exec(`RELEASE ${this.name}`);
  }

  private close(): boolean {
    const was = this.open;
    this.open = false;
    return was;
  }
}
