import type { Database } from 'better-sqlite3';
import { programRef } from '../../../shared/ids';
import { statement } from '../statement-cache';

/**
 * Programs an investigator split apart (`sshlens link split`, "Split off" on the session screen):
 * linking by content never joins them again, neither on a later import nor on `sshlens reindex`
 * (only a join by hand does). A split is recorded where the investigator's decisions are, in the
 * hash-chained audit log (`split` entries name the program and the program split off it), so it
 * is read from there: read once per import or reindex, not once per program.
 */
export class KeptApart {
  private constructor(private readonly pairs: ReadonlySet<string>) {}

  static of(db: Database): KeptApart {
    const pairs = new Set<string>();
    const rows = statement(db, `SELECT details FROM audit_log WHERE action = 'split'`, true).all() as string[];
    for (const text of rows) {
      const details = parse(text);
      const program = details?.['program'];
      const split = details?.['split'];
      if (typeof program === 'string' && typeof split === 'string') pairs.add(pairKey(program, split));
    }
    return new KeptApart(pairs);
  }

  has(a: number, b: number): boolean {
    return this.pairs.size > 0 && this.pairs.has(pairKey(programRef(a), programRef(b)));
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** An entry's details; null for one that is not a JSON object (the chain check reports those). */
function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
