import type { ExitClaim, SourceFormat } from '../../shared/model';
import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/**
 * What each source of a program states about its exit (issue 14 item 7). The program keeps one
 * exit (the first a source stated); when another source states a different one, both are evidence:
 * the program tab and `show` name the value kept and what every source says, never just one.
 *
 * program_sources.contributed holds, per source, `[{fact, value}]` for every exit fact (value null
 * when the source states none). '[]' is a source imported before sshlens kept this: unknown.
 */

/** Program columns of the exit, and the writer parameters they are read from. */
const EXIT_FACTS = { exit_status: 'exitStatus', exit_signal: 'exitSignal', exit_error: 'exitError' } as const;
type ExitFact = keyof typeof EXIT_FACTS;
const FACTS = Object.keys(EXIT_FACTS) as ExitFact[];

/** What one source stated so far about a program's exit: the first value it gave per fact. */
export type StatedExit = Partial<Record<ExitFact, string | number>>;

/** Adds what one record of a source states (writer parameters) to what it stated before. */
export function noteStatedExit(stated: StatedExit, params: Record<string, unknown>): void {
  for (const fact of FACTS) {
    const value = params[EXIT_FACTS[fact]];
    if (stated[fact] === undefined && (typeof value === 'string' || typeof value === 'number') && value !== '')
      stated[fact] = value;
  }
}

/** The contributed column's value for a source: every exit fact, null where it states none. */
export function contributedJson(stated: StatedExit): string {
  return JSON.stringify(FACTS.map((fact) => ({ fact, value: stated[fact] ?? null })));
}

interface ClaimRow {
  sha256: string;
  path: string;
  format: SourceFormat;
  contributed: string;
}

interface ConflictRow {
  sha256: string | null;
  field: string;
  stored: string | null;
  found: string | null;
}

/**
 * Every source's exit for a program whose sources disagree on it (two different values stated,
 * or a conflict recorded on an exit fact); null when they agree. A source imported before this
 * was kept is `known: false` unless a conflict names what it said; the value the program kept is
 * then added with no source when no known source states it.
 */
export function exitClaimsOfProgram(
  db: CaseDb,
  programRow: number,
  kept: Record<ExitFact, unknown>,
): ExitClaim[] | null {
  const rows = statement(
    db,
    `SELECT src.sha256, src.path, src.format, ps.contributed FROM program_sources ps
       JOIN sources src ON src.id = ps.source_id WHERE ps.program_id = ? ORDER BY src.id`,
  ).all(programRow) as ClaimRow[];
  const conflicts = (
    statement(
      db,
      `SELECT src.sha256, c.field, c.stored, c.found FROM conflicts c LEFT JOIN sources src ON src.id = c.source_id
         WHERE c.program_id = ? ORDER BY c.id`,
    ).all(programRow) as ConflictRow[]
  ).filter((c) => c.field in EXIT_FACTS);
  // A conflict raised by a source split off since is no disagreement of this program's sources any more.
  const shas = new Set(rows.map((r) => r.sha256));
  const live = conflicts.filter((c) => c.sha256 === null || shas.has(c.sha256));

  const claims: ExitClaim[] = rows.map((r) => {
    const stated = parseContributed(r.contributed);
    const source = { path: r.path, sha256: r.sha256, format: r.format };
    if (stated) return { source, known: true, ...claimValues(stated) };
    // Imported before sources' statements were kept: a conflict it raised still says what it stated.
    const raised = live.filter((c) => c.sha256 === r.sha256);
    if (raised.length === 0) return { source, known: false, status: null, signal: null, error: null };
    return { source, known: true, ...claimValues(Object.fromEntries(raised.map((c) => [c.field, c.found]))) };
  });

  const disagree = live.length > 0 || FACTS.some((f) => distinct(claims.map((c) => valueOf(c, f))) > 1);
  if (!disagree) return null;
  const keptValues = claimValues(kept);
  const keptStated = claims.some((c) => c.known && FACTS.every((f) => valueOf(c, f) === valueOf(keptValues, f)));
  if (!keptStated) claims.unshift({ source: null, known: true, ...keptValues });
  return claims;
}

function parseContributed(text: string): Record<string, unknown> | null {
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list) || list.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (const item of list as Array<{ fact?: unknown; value?: unknown }>) {
      if (typeof item?.fact === 'string') out[item.fact] = item.value ?? null;
    }
    return FACTS.some((f) => f in out) ? out : null;
  } catch {
    return null; // unreadable: unknown, as an older import
  }
}

function claimValues(v: Record<string, unknown>): Pick<ExitClaim, 'status' | 'signal' | 'error'> {
  const status = v['exit_status'] ?? v['status'];
  const signal = v['exit_signal'] ?? v['signal'];
  const error = v['exit_error'] ?? v['error'];
  const n = typeof status === 'string' ? Number(status) : status;
  return {
    status: typeof n === 'number' && Number.isSafeInteger(n) ? n : null,
    signal: typeof signal === 'string' && signal !== '' ? signal : null,
    error: typeof error === 'string' && error !== '' ? error : null,
  };
}

function valueOf(c: Pick<ExitClaim, 'status' | 'signal' | 'error'>, fact: ExitFact): string | number | null {
  return fact === 'exit_status' ? c.status : fact === 'exit_signal' ? c.signal : c.error;
}

/** How many different values are stated (a source stating none is not counted). */
function distinct(values: Array<string | number | null>): number {
  return new Set(values.filter((v) => v !== null)).size;
}
