import type { Database } from 'better-sqlite3';
import { ALL_IDS, type BoundSql, type HitSource, type SearchPlan, type SourcePlan } from './compile-search';
import type { Candidate } from './rank-hits';
import { statement } from '../store/statement-cache';

/** How one table was searched: a scan of the filtered rows, or a walk of an index (or the table) newest first. */
export interface SearchStep {
  source: HitSource;
  way: 'scan' | 'walk-trigram' | 'walk-words' | 'walk-table';
  rowsToScan: number;
  matches: number | null;
  /** A walk that had to go past its first `visitFirst` rows. */
  walkedOn: boolean;
}

export interface FindSettings {
  candidates: number;
  scanLimit: number;
  /** Output text a scan may test, in bytes; more is found through an index. */
  scanBytes: number;
  probeCap: number;
  programCap: number;
  visitFirst: number;
  limit: number;
  force: 'scan' | 'walk' | undefined;
  trace: ((step: SearchStep) => void) | undefined;
  /** The query's inflate budget is spent (register-functions.ts): walking on would test nothing more. */
  spent: () => boolean;
}

/**
 * Costs in µs, measured in `npm run bench` (1M commands, case file in the OS page cache): a match
 * visited on an index walk reads its row, program and session; a scanned row is read in program
 * order and tested with LIKE; each listed program costs an index seek to a new place in the file;
 * a whole-word test goes through sshlens_match.
 */
const COST = { walkVisit: 1.5, scanRow: 0.3, scanProgram: 3, wordTest: 2, scanByte: 0.001 };

/** Rows of the listed programs up to which their ids bound the index walks (ALL_IDS): a few index seeks per row. */
const RANGE_ROWS = 20_000;

/** The programs the session- and program-level filters leave: all (no such filters), these (JSON), or too many to list. */
export type ProgramSet = { kind: 'all' } | { kind: 'listed'; json: string; count: number } | { kind: 'many' };

export interface Found {
  rows: Candidate[];
  /** More matches exist than were kept or looked at: the count is a lower bound. */
  capped: boolean;
}

/**
 * Candidates of one table: up to `candidates`, newest first. Two ways to find them: test every
 * row of the filtered programs (cost: those rows), or walk an index's matches newest first and
 * check filters on each (cost: the matches visited, many when filters reject most). Counting
 * rows and matches, capped, is cheap, and a simple cost model picks the way. Null when only
 * substrings too short for the index are left, over more rows than can be tested one by one.
 */
export function candidatesOf(
  db: Database,
  sp: SourcePlan,
  programs: ProgramSet,
  hasText: boolean,
  s: FindSettings,
): Found | null {
  const listed: Record<string, string | number> = programs.kind === 'listed' ? { programs: programs.json } : {};
  const count = (b: BoundSql, cap: number): number =>
    (statement(db, b.sql).get({ ...b.params, ...listed, cap }) as { n: number }).n;
  const run = (b: BoundSql, more: Record<string, number | string>): Candidate[] =>
    (statement(db, b.sql).all({ ...b.params, ...listed, ...more }) as Array<Omit<Candidate, 'source'>>).map((r) => ({
      ...r,
      source: sp.source,
    }));
  const scan = (rowsToScan: number, matches: number | null): Found => {
    s.trace?.({ source: sp.source, way: 'scan', rowsToScan, matches, walkedOn: false });
    const rows = run(sp.scanByFilters, { limit: s.candidates + 1 });
    return { rows: rows.slice(0, s.candidates), capped: rows.length > s.candidates };
  };
  /**
   * A walk in two steps: the newest `visitFirst` rows (given, when the index was already asked for
   * them); all of them only if those held fewer hits than asked for.
   */
  const walk = (
    first: () => Candidate[],
    all: BoundSql,
    rowsInSource: number,
    step: Omit<SearchStep, 'walkedOn'>,
  ): Found => {
    const rows = first();
    const sawAll = rowsInSource <= s.visitFirst;
    // Past the budget every piece test says no: walking on would only read rows to reject them.
    const done = sawAll || rows.length >= s.limit || s.spent();
    s.trace?.({ ...step, walkedOn: !done });
    if (done) return { rows: rows.slice(0, s.candidates), capped: rows.length > s.candidates || !sawAll };
    // Filters that reject almost everything: go on until enough hits to show, not until `candidates`.
    const rest = run(all, { visit: -1, limit: s.limit + 1 });
    return { rows: rest.slice(0, s.limit), capped: rest.length > s.limit };
  };
  const firstOfTable = (): Candidate[] => run(sp.newestFirst, { visit: s.visitFirst, limit: s.candidates + 1 });

  const tableRows = count(sp.tableRows, 0);
  const rowsToScan =
    programs.kind === 'listed' && sp.rowsToScan
      ? count(sp.rowsToScan, s.scanLimit + 1)
      : programs.kind === 'many'
        ? Infinity
        : tableRows;
  // The index rows the listed programs hold lie between their smallest and largest ids.
  const range =
    programs.kind === 'listed' && sp.idRange && rowsToScan <= RANGE_ROWS
      ? (statement(db, sp.idRange.sql).get({ ...sp.idRange.params, ...listed }) as {
          lo: number | null;
          hi: number | null;
        })
      : null;
  Object.assign(listed, range === null ? ALL_IDS : { lo: range.lo ?? 0, hi: range.hi ?? -1 });
  const bytesToScan =
    hasText && sp.bytesToScan && rowsToScan <= s.scanLimit && s.force === undefined
      ? count(sp.bytesToScan, s.scanLimit + 1)
      : 0;
  const scannable =
    s.force === 'walk' ? false : s.force === 'scan' || (rowsToScan <= s.scanLimit && bytesToScan <= s.scanBytes);
  if (!hasText) {
    if (scannable) return scan(rowsToScan, null);
    return walk(firstOfTable, sp.newestFirst, tableRows, {
      source: sp.source,
      way: 'walk-table',
      rowsToScan,
      matches: null,
    });
  }
  const indexes = [
    { way: 'walk-trigram' as const, plan: sp.byTrigram },
    { way: 'walk-words' as const, plan: sp.byWords },
  ].flatMap((x) => (x.plan ? [{ way: x.way, plan: x.plan }] : []));
  if (indexes.length === 0) return scannable ? scan(rowsToScan, null) : null;
  // The newest matches of each index (a few thousand rowids at most): how many match, and which.
  // When every match is a hit and nothing is to be weighed, the first `candidates` + 1 tell enough.
  // Output indexes list pieces, several to an output: their first `candidates` + 1 may hold far fewer outputs.
  const rejects =
    programs.kind !== 'all' || sp.rowFiltered || sp.timeFiltered || sp.pieces || indexes.some((x) => x.plan.tests);
  const cap = rejects || scannable || indexes.length > 1 ? s.probeCap : s.candidates + 1;
  const asked = indexes.map((x) => ({
    ...x,
    rows: statement(db, x.plan.matches.sql, true).all({
      ...x.plan.matches.params,
      ...listed,
      cap: cap + 1,
    }) as number[],
  }));
  const best = asked.reduce((x, y) => (y.rows.length < x.rows.length ? y : x));
  const matches = best.rows.length > cap ? Infinity : best.rows.length;
  if (s.force === 'scan') return scan(rowsToScan, matches);
  if (scannable) {
    // A walk keeps about candidates / share of the matches it visits, if hits are spread evenly over
    // time; in a time window they are not (the walk starts at the newest), so count them all.
    // exit: and kind: are guessed to keep 1 row in 10.
    const share = (rowsToScan / Math.max(tableRows, 1)) * (sp.rowFiltered ? 0.1 : 1);
    const visits = sp.timeFiltered ? matches : Math.min(matches, s.candidates / Math.max(share, 1e-9));
    const programCount = programs.kind === 'listed' ? programs.count : 1;
    const scanUs =
      rowsToScan * (COST.scanRow + (sp.wordTested ? COST.wordTest : 0)) +
      programCount * COST.scanProgram +
      bytesToScan * COST.scanByte;
    if (scanUs <= visits * COST.walkVisit) return scan(rowsToScan, matches);
  }
  const first = (): Candidate[] =>
    run(best.plan.walkListed, { rows: JSON.stringify(best.rows.slice(0, s.visitFirst)), limit: s.candidates + 1 });
  return walk(first, best.plan.walk, matches, { source: sp.source, way: best.way, rowsToScan, matches });
}

/** Lists the filtered programs once for both tables; null when no program passes the filters. */
export function programSet(db: Database, plan: SearchPlan, cap: number): ProgramSet | null {
  if (plan.programs === null) return { kind: 'all' };
  const rows = statement(db, plan.programs.sql, true).all({ ...plan.programs.params, cap: cap + 1 }) as number[];
  if (rows.length === 0) return null;
  return rows.length > cap ? { kind: 'many' } : { kind: 'listed', json: JSON.stringify(rows), count: rows.length };
}
