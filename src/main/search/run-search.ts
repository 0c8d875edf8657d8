import type { Database } from 'better-sqlite3';
import { commandRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import { compileSearch, TRIGRAM_MIN_CHARS } from './compile-search';
import { candidatesOf, programSet, type SearchStep } from './find-candidates';
import { parseQuery } from './parse-query';
import type { TextTerm } from './query-types';
import { rankCandidates, type Candidate } from './rank-hits';
import { registerSearchFunctions } from './register-functions';
import type { SearchError, SearchHit, SearchOutcome } from '../../shared/search';
import { buildSnippet } from './snippet';
import { statement } from './statement-cache';
import { MAX_QUERY_SCAN_BYTES, matchMoment, type ScanBudget } from './match-moment';
import { matchRanges } from './text-match';

export type { SearchStep } from './find-candidates';

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
  /**
   * The same for output, whose rows are ~40 KB where a command line is ~40 B: ranking reads each
   * candidate's first 4,000 characters, and SQLite reads a text value whole. 200 outputs of a real
   * case cost what 1000 did in milliseconds; more only when more hits are asked for.
   */
  outputCandidates?: number;
  /** Filters that leave at most this many rows are answered by testing those rows, without an index. */
  scanLimit?: number;
  /** ... and at most this many bytes of output text (outputs are large: a scan reads every byte). */
  scanBytes?: number;
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

const DEFAULTS = {
  candidates: 1000,
  outputCandidates: 200,
  scanLimit: 100_000,
  scanBytes: 8 * 1024 * 1024,
  probeCap: 5000,
  programCap: 5000,
  visitFirst: 5000,
};

/**
 * Runs a query of the search language over a case: parse, choose how to find candidates, rank
 * them, and build snippets for the best. Synchronous, like every query of better-sqlite3.
 */
export function searchCase(db: Database, queryText: string, options: SearchOptions = {}): SearchOutcome {
  const started = performance.now();
  const tookMs = (): number => Math.round((performance.now() - started) * 100) / 100;
  const parsed = parseQuery(queryText);
  if (!parsed.ok) return { ok: false, error: { kind: 'query', ...parsed.error } };
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { terms } = parsed.query;
  registerSearchFunctions(db);
  const plan = compileSearch(parsed.query);
  try {
    const programs = programSet(db, plan, settings.programCap);
    if (programs === null) return { ok: true, result: { total: 0, totalCapped: false, hits: [], tookMs: tookMs() } };
    const found: Candidate[] = [];
    let capped = false;
    for (const source of plan.sources) {
      const result = candidatesOf(db, source, programs, terms.length > 0, {
        ...settings,
        candidates:
          source.source === 'output'
            ? Math.max(limit, settings.outputCandidates ?? settings.candidates)
            : settings.candidates,
        limit,
        trace: options.trace,
        force: options.force,
      });
      if (result === null) return { ok: false, error: tooShort(plan.shortTerms[0]!) };
      capped ||= result.capped;
      found.push(...result.rows);
    }
    const best = rankCandidates(found, terms).slice(0, limit);
    const budget: ScanBudget = { bytesLeft: MAX_QUERY_SCAN_BYTES };
    const hits = best.map((c) => toHit(db, c, terms, budget));
    return { ok: true, result: { total: found.length, totalCapped: capped, hits, tookMs: tookMs() } };
  } catch (e) {
    if (e instanceof Error && e.name === 'SqliteError') {
      const code = (e as { code?: unknown }).code;
      return {
        ok: false,
        error: {
          kind: 'database',
          message: `the case could not be searched (${typeof code === 'string' ? code : 'database error'})`,
          column: null,
        },
      };
    }
    throw e;
  }
}

function tooShort(term: TextTerm): SearchError {
  const t = term.text;
  return {
    kind: 'query',
    column: term.column,
    message:
      `"${t}" is shorter than ${TRIGRAM_MIN_CHARS} characters and has no letter or digit to look up as a word: too short to find across the whole case. ` +
      `Add a longer term, or narrow with filters (session:, program:, user:, target:, host:, after:, before:)`,
  };
}

function toHit(db: Database, c: Candidate, terms: readonly TextTerm[], budget: ScanBudget): SearchHit {
  const sql =
    c.source === 'command'
      ? 'SELECT text AS hitText, text AS commandText FROM commands WHERE id = ?'
      : 'SELECT o.text AS hitText, c.text AS commandText FROM outputs o LEFT JOIN commands c ON c.id = o.command_id WHERE o.id = ?';
  const row = statement(db, sql).get(c.rowId) as { hitText: string; commandText: string | null };
  const ranges = terms.flatMap((t) => matchRanges(row.hitText, t));
  const snippet = buildSnippet(row.hitText, ranges);
  const replay = c.source === 'output' ? outputReplay(db, c, row.hitText, ranges, budget) : null;
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
    replay: replay ?? { atUs: c.atUs, outputOffset: c.outputOffset },
  };
}

/** An output hit replays from the moment its first match was printed, not from the command's Enter. */
function outputReplay(
  db: Database,
  c: Candidate,
  text: string,
  ranges: ReadonlyArray<[number, number]>,
  budget: ScanBudget,
): SearchHit['replay'] | null {
  const first = ranges.reduce<[number, number] | null>((a, r) => (a === null || r[0] < a[0] ? r : a), null);
  if (first === null) return null;
  return matchMoment(db, c.programRow, c.outputOffset, text.slice(first[0], first[1]), budget);
}

function definedOnly(o: SearchOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k in DEFAULTS && v !== undefined)) as Partial<
    typeof DEFAULTS
  >;
}
