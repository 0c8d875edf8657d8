import type { Database, Statement } from 'better-sqlite3';
import { commandRef, isoFromUs, programRef, sessionRef } from '../store/ids';
import { compileSearch, TRIGRAM_MIN_CHARS, type BoundSql, type HitSource, type SearchPlan, type SourcePlan } from './compile-search';
import { parseQuery } from './parse-query';
import type { TextTerm } from './query-types';
import { rankCandidates, type Candidate } from './rank-hits';
import { registerSearchFunctions } from './register-functions';
import type { SearchError, SearchHit, SearchOutcome } from './search-types';
import { buildSnippet } from './snippet';
import { matchRanges } from './text-match';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export interface SearchOptions {
  /** Hits to return, best first. */
  limit?: number;
  /**
   * Matches kept per table (commands, output), newest first, for ranking and for `total`. An
   * index walk in rowid order can stop there; ranking every match of a common word cannot, and
   * took 400 ms for one term over 1M outputs.
   */
  candidates?: number;
  /** Filters that leave at most this many rows are answered by testing those rows, without an index. */
  scanLimit?: number;
  /** Index matches counted to decide which of two indexes is more selective. */
  probeCap?: number;
  /** Filters that leave more programs than this are checked on each match instead of listed first. */
  programCap?: number;
  /** Index matches (or table rows) looked at first; beyond, only if they held fewer hits than `limit`. */
  visitFirst?: number;
  /** Overrides the cost model (tests check that both ways find the same hits). */
  force?: 'scan' | 'walk';
  /** Told how each table was searched (for the bench and for tests; costs nothing when absent). */
  trace?: (step: SearchStep) => void;
}

/** How one table was searched: a scan of the filtered rows, or a walk of an index (or the table) newest first. */
export interface SearchStep {
  source: HitSource;
  way: 'scan' | 'walk-trigram' | 'walk-words' | 'walk-table';
  rowsToScan: number;
  matches: number | null;
  /** A walk that had to go past its first `visitFirst` rows. */
  walkedOn: boolean;
}

const DEFAULTS = { candidates: 1000, scanLimit: 100_000, probeCap: 5000, programCap: 5000, visitFirst: 5000 };

/**
 * Costs in µs, measured in `npm run bench` (1M commands, case file in the OS page cache): a match
 * visited on an index walk reads its row, program and session; a scanned row is read in program
 * order and tested with LIKE; each listed program costs an index seek to a new place in the file;
 * a whole-word test goes through sshlens_match.
 */
const COST = { walkVisit: 1.5, scanRow: 0.3, scanProgram: 3, wordTest: 2 };
type Settings = typeof DEFAULTS & { limit: number; trace: ((step: SearchStep) => void) | undefined; force: 'scan' | 'walk' | undefined };

/** The programs the session- and program-level filters leave: all (no such filters), these (JSON), or too many to list. */
type ProgramSet = { kind: 'all' } | { kind: 'listed'; json: string; count: number } | { kind: 'many' };

/**
 * Runs a query of the search language over a case: parse, choose how to find candidates, rank
 * them, and build snippets for the best. Synchronous, like every query of better-sqlite3.
 */
export function searchCase(db: Database, queryText: string, options: SearchOptions = {}): SearchOutcome {
  const parsed = parseQuery(queryText);
  if (!parsed.ok) return { ok: false, error: { kind: 'query', ...parsed.error } };
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { terms } = parsed.query;
  registerSearchFunctions(db);
  const plan = compileSearch(parsed.query);
  try {
    const programs = programSet(db, plan, settings.programCap);
    if (programs === null) return { ok: true, result: { total: 0, totalCapped: false, hits: [] } };
    const found: Candidate[] = [];
    let capped = false;
    for (const source of plan.sources) {
      const result = candidatesOf(db, source, programs, terms.length > 0, { ...settings, limit, trace: options.trace, force: options.force });
      if (result === null) return { ok: false, error: tooShort(plan.shortTerms[0]!) };
      capped ||= result.capped;
      found.push(...result.rows);
    }
    const best = rankCandidates(found, terms).slice(0, limit);
    return { ok: true, result: { total: found.length, totalCapped: capped, hits: best.map((c) => toHit(db, c, terms)) } };
  } catch (e) {
    if (e instanceof Error && e.name === 'SqliteError') {
      const code = (e as { code?: unknown }).code;
      return { ok: false, error: { kind: 'database', message: `the case could not be searched (${typeof code === 'string' ? code : 'database error'})`, column: null } };
    }
    throw e;
  }
}

interface Found {
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
function candidatesOf(db: Database, sp: SourcePlan, programs: ProgramSet, hasText: boolean, s: Settings): Found | null {
  const listed = programs.kind === 'listed' ? { programs: programs.json } : {};
  const count = (b: BoundSql, cap: number): number => (statement(db, b.sql).get({ ...b.params, ...listed, cap }) as { n: number }).n;
  const run = (b: BoundSql, more: Record<string, number | string>): Candidate[] =>
    (statement(db, b.sql).all({ ...b.params, ...listed, ...more }) as Array<Omit<Candidate, 'source'>>).map((r) => ({ ...r, source: sp.source }));
  const scan = (rowsToScan: number, matches: number | null): Found => {
    s.trace?.({ source: sp.source, way: 'scan', rowsToScan, matches, walkedOn: false });
    const rows = run(sp.scanByFilters, { limit: s.candidates + 1 });
    return { rows: rows.slice(0, s.candidates), capped: rows.length > s.candidates };
  };
  /**
   * A walk in two steps: the newest `visitFirst` rows (given, when the index was already asked for
   * them); all of them only if those held fewer hits than asked for.
   */
  const walk = (first: () => Candidate[], all: BoundSql, rowsInSource: number, step: Omit<SearchStep, 'walkedOn'>): Found => {
    const rows = first();
    const sawAll = rowsInSource <= s.visitFirst;
    const done = sawAll || rows.length >= s.limit;
    s.trace?.({ ...step, walkedOn: !done });
    if (done) return { rows: rows.slice(0, s.candidates), capped: rows.length > s.candidates || !sawAll };
    // Filters that reject almost everything: go on until enough hits to show, not until `candidates`.
    const rest = run(all, { visit: -1, limit: s.limit + 1 });
    return { rows: rest.slice(0, s.limit), capped: rest.length > s.limit };
  };
  const firstOfTable = (): Candidate[] => run(sp.newestFirst, { visit: s.visitFirst, limit: s.candidates + 1 });

  const tableRows = count(sp.tableRows, 0);
  const rowsToScan = programs.kind === 'listed' && sp.rowsToScan ? count(sp.rowsToScan, s.scanLimit + 1) : programs.kind === 'many' ? Infinity : tableRows;
  const scannable = s.force === 'walk' ? false : s.force === 'scan' || rowsToScan <= s.scanLimit;
  if (!hasText) {
    if (scannable) return scan(rowsToScan, null);
    return walk(firstOfTable, sp.newestFirst, tableRows, { source: sp.source, way: 'walk-table', rowsToScan, matches: null });
  }
  const indexes = [
    { way: 'walk-trigram' as const, plan: sp.byTrigram },
    { way: 'walk-words' as const, plan: sp.byWords },
  ].flatMap((x) => (x.plan ? [{ way: x.way, plan: x.plan }] : []));
  if (indexes.length === 0) return scannable ? scan(rowsToScan, null) : null;
  // The newest matches of each index (a few thousand rowids at most): how many match, and which.
  // When every match is a hit and nothing is to be weighed, the first `candidates` + 1 tell enough.
  const rejects = programs.kind !== 'all' || sp.rowFiltered || sp.timeFiltered || indexes.some((x) => x.plan.tests);
  const cap = rejects || scannable || indexes.length > 1 ? s.probeCap : s.candidates + 1;
  const asked = indexes.map((x) => ({ ...x, rows: statement(db, x.plan.matches.sql).pluck().all({ ...x.plan.matches.params, cap: cap + 1 }) as number[] }));
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
    const scanUs = rowsToScan * (COST.scanRow + (sp.wordTested ? COST.wordTest : 0)) + programCount * COST.scanProgram;
    if (scanUs <= visits * COST.walkVisit) return scan(rowsToScan, matches);
  }
  const first = (): Candidate[] => run(best.plan.walkListed, { rows: JSON.stringify(best.rows.slice(0, s.visitFirst)), limit: s.candidates + 1 });
  return walk(first, best.plan.walk, matches, { source: sp.source, way: best.way, rowsToScan, matches });
}

/** Lists the filtered programs once for both tables; null when no program passes the filters. */
function programSet(db: Database, plan: SearchPlan, cap: number): ProgramSet | null {
  if (plan.programs === null) return { kind: 'all' };
  const rows = statement(db, plan.programs.sql).pluck().all({ ...plan.programs.params, cap: cap + 1 }) as number[];
  if (rows.length === 0) return null;
  return rows.length > cap ? { kind: 'many' } : { kind: 'listed', json: JSON.stringify(rows), count: rows.length };
}

function tooShort(term: TextTerm): SearchError {
  const t = term.text;
  return {
    kind: 'query',
    column: term.column,
    message:
      `"${t}" is shorter than ${TRIGRAM_MIN_CHARS} characters: too short to look up as a substring across the whole case. ` +
      `Search =${/\s/.test(t) ? `"${t}"` : t} for the whole word, add a longer term, or narrow with filters (session:, program:, user:, target:, host:, after:, before:)`,
  };
}

function toHit(db: Database, c: Candidate, terms: readonly TextTerm[]): SearchHit {
  const sql =
    c.source === 'command'
      ? 'SELECT text AS hitText, text AS commandText FROM commands WHERE id = ?'
      : 'SELECT o.text AS hitText, c.text AS commandText FROM outputs o LEFT JOIN commands c ON c.id = o.command_id WHERE o.id = ?';
  const row = statement(db, sql).get(c.rowId) as { hitText: string; commandText: string | null };
  const snippet = buildSnippet(row.hitText, terms.flatMap((t) => matchRanges(row.hitText, t)));
  return {
    session: sessionRef(c.sessionRow),
    program: programRef(c.programRow),
    command: c.commandRow === null ? null : commandRef(c.commandRow),
    in: c.source,
    time: c.programStartUs === null ? null : isoFromUs(c.programStartUs + c.atUs),
    text: row.commandText,
    snippet: snippet.text,
    matches: snippet.matches,
    userEmail: c.userEmail,
    targetId: c.targetId,
    replay: { atUs: c.atUs, outputOffset: c.outputOffset },
  };
}

// Prepared statements by SQL text, per connection: the same query shapes come back all the time.
const statements = new WeakMap<Database, Map<string, Statement>>();

function statement(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= 128) cache.clear();
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}

function definedOnly(o: SearchOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k in DEFAULTS && v !== undefined)) as Partial<typeof DEFAULTS>;
}
