import type { Database } from 'better-sqlite3';
import { commandRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import { isStoreError } from '../store/store-errors';
import { compileSearch, TRIGRAM_MIN_CHARS } from './compile-search';
import { candidatesOf, programSet, type SearchStep } from './find-candidates';
import { parseQuery } from './parse-query';
import type { TextTerm } from './query-types';
import { scoreCandidates, type Candidate } from './rank-hits';
import { countFacets, sessionGroups } from './result-facets';
import { decodeCursor, encodeCursor, orderCandidates, pageStart } from './result-order';
import { endInflateBudget, registerSearchFunctions, startInflateBudget } from './register-functions';
import type {
  HitSource,
  SearchError,
  SearchGroup,
  SearchHit,
  SearchOutcome,
  SearchResult,
  SearchSort,
} from '../../shared/search';
import { buildLinesSnippet, buildSnippet } from './snippet';
import { statement } from '../store/statement-cache';
import { MAX_QUERY_SCAN_BYTES, matchMoment, type ScanBudget } from './match-moment';
import { matchRanges } from './text-match';
import { readOutputUntil } from '../store/output-pieces';

export type { SearchStep } from './find-candidates';

export const DEFAULT_LIMIT = 20;
/**
 * Command lines kept, newest first: what is ordered, paged, counted and faceted. Past it `total`
 * is a lower bound ("5,000+"). Bounded so that a common word over a large case costs a bounded
 * walk of the index, never a scan of the table.
 */
export const MATCH_CAP = 5000;
/** Outputs kept the same way: fewer, because an output row is large (see `outputCandidates`). */
export const OUTPUT_CAP = 200;
/** Hits of one page at most; more come page by page (`after`). */
export const MAX_LIMIT = 2 * MATCH_CAP;

export interface SearchOptions {
  /** Hits to return (one page), in the order asked for. */
  limit?: number;
  /** relevance (default), time (oldest first) or -time (newest first). */
  sort?: SearchSort;
  /** session: each session's hits together, with a header per session (`groups`). */
  group?: SearchGroup;
  /** The next page: the `next` of the previous one (a keyset cursor). */
  after?: string;
  /** Or: the hits to skip in the ordered list. */
  offset?: number;
  /** Count users, targets, program types, where (command, output) and what a note covers, over every match. */
  facets?: boolean;
  /**
   * Matches kept per table (commands, output), newest first, for ordering, paging and `total`.
   * An index walk in rowid order can stop there; ranking every match of a common word cannot.
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
  /**
   * Output text (characters) the query may inflate to test output pieces; past it the tests say no,
   * and the result says it is incomplete (`incomplete`, `totalCapped`). Default INFLATE_BUDGET.
   */
  inflateBudget?: number;
  /** Overrides the cost model (tests check that both ways find the same hits). */
  force?: 'scan' | 'walk';
  /** Told how each table was searched (for the bench and for tests; costs nothing when absent). */
  trace?: (step: SearchStep) => void;
}

/**
 * Output text one query inflates at most to test pieces: 8 Mi characters, about 512 pieces of
 * 16 K (~50 µs each to inflate on an idle core, 100+ µs under load), as much as a scan is
 * allowed to read (scanBytes), so a scan the cost model picks is never cut. Without it a
 * substring whose trigrams most pieces hold (hex bytes: "7d 8c b2 0") tested 5000 pieces, 4 s
 * on the bench's 1 GB case, usually to find nothing.
 */
export const INFLATE_BUDGET = 8 * 1024 * 1024;

/**
 * Output pieces a walk asks the index for first, and counts to weigh its ways: about twice the
 * pieces the inflate budget can test (INFLATE_BUDGET / 16 K characters), since pieces of outputs
 * already known to hold a term cost nothing. Asking FTS5 for 5000 newest matches of a common
 * substring's trigrams took 7-29 ms on the bench's 1 GB case, for rows the budget never reached.
 */
export const OUTPUT_PROBE = 1024;

const DEFAULTS = {
  inflateBudget: INFLATE_BUDGET,
  candidates: MATCH_CAP,
  outputCandidates: OUTPUT_CAP,
  scanLimit: 100_000,
  scanBytes: 8 * 1024 * 1024,
  probeCap: MATCH_CAP,
  programCap: 5000,
  visitFirst: MATCH_CAP,
};

/**
 * Runs a query of the search language over a case: parse, find candidates, order them (by
 * relevance or time, grouped by session or not), and build snippets for one page of them.
 * Synchronous, like every query of better-sqlite3.
 */
export function searchCase(db: Database, queryText: string, options: SearchOptions = {}): SearchOutcome {
  const started = performance.now();
  const tookMs = (): number => Math.round((performance.now() - started) * 100) / 100;
  const parsed = parseQuery(queryText);
  if (!parsed.ok) return { ok: false, error: { kind: 'query', ...parsed.error } };
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const sort = options.sort ?? 'relevance';
  const group = options.group ?? 'none';
  const after = options.after === undefined ? null : decodeCursor(options.after, sort, group);
  if (typeof after === 'string') return { ok: false, error: { kind: 'query', message: after, column: null } };
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { terms } = parsed.query;
  registerSearchFunctions(db);
  const plan = compileSearch(parsed.query);
  const empty = (): SearchOutcome => ({
    ok: true,
    result: {
      total: 0,
      totalCapped: false,
      hits: [],
      tookMs: tookMs(),
      sort,
      group,
      offset: 0,
      next: null,
      ...(group === 'session' && { groups: [] }),
      ...(options.facets === true && { facets: countFacets(db, [], []) }),
    },
  });
  const inflated = startInflateBudget(db, settings.inflateBudget);
  try {
    const programs = programSet(db, plan, settings.programCap);
    if (programs === null) return empty();
    const found: Candidate[] = [];
    const cappedIn: HitSource[] = [];
    for (const source of plan.sources) {
      const result = candidatesOf(db, source, programs, terms.length > 0, {
        ...settings,
        // Output rows are large (see outputCandidates): more of them only when more hits are asked for.
        candidates:
          source.source === 'output' ? Math.max(offset + limit, settings.outputCandidates) : settings.candidates,
        ...(source.source === 'output' && {
          probeCap: Math.min(settings.probeCap, OUTPUT_PROBE),
          visitFirst: Math.min(settings.visitFirst, OUTPUT_PROBE),
        }),
        limit: offset + limit,
        trace: options.trace,
        force: options.force,
        spent: () => inflated.spent,
      });
      if (result === null) return { ok: false, error: tooShort(plan.shortTerms[0]!) };
      // Pieces left untested may hold hits of this table: its count is a lower bound.
      if (result.capped || inflated.spent) cappedIn.push(source.source);
      found.push(...result.rows);
    }
    const incomplete = inflated.spent;
    endInflateBudget(db);
    // Match quality and term frequency order by relevance only: time orders skip reading the texts again.
    const capped = cappedIn.length > 0;
    const ordered = orderCandidates(scoreCandidates(found, sort === 'relevance' ? terms : []), sort, group);
    const from = pageStart(ordered, after, offset);
    const page = ordered.slice(from, from + limit);
    const budget: ScanBudget = { bytesLeft: MAX_QUERY_SCAN_BYTES };
    const hits = page.map((o) => toHit(db, o.scored.c, terms, budget));
    const last = page.at(-1);
    const result: SearchResult = {
      total: found.length,
      totalCapped: capped,
      ...(incomplete && { incomplete: true as const }),
      hits,
      tookMs: 0,
      sort,
      group,
      offset: from,
      next: last !== undefined && from + page.length < ordered.length ? encodeCursor(sort, group, last.key) : null,
      ...(group === 'session' && {
        groups: sessionGroups(
          db,
          page.map((o) => o.scored.c.sessionRow),
          found,
        ),
      }),
      ...(options.facets === true && { facets: countFacets(db, found, cappedIn) }),
    };
    // The engine's time covers the page's snippets, the groups and the facets too.
    return { ok: true, result: { ...result, tookMs: tookMs() } };
  } catch (e) {
    if (isStoreError(e)) {
      return {
        ok: false,
        error: {
          kind: 'database',
          message: `the case could not be searched (${e.code})`,
          column: null,
        },
      };
    }
    throw e;
  } finally {
    endInflateBudget(db);
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
  const row =
    c.source === 'command'
      ? (statement(db, 'SELECT text AS hitText, text AS commandText FROM commands WHERE id = ?').get(c.rowId) as {
          hitText: string;
          commandText: string | null;
        })
      : {
          // The text up to the piece of the first match (and one more) holds the snippet's lines and what the replay moment counts.
          hitText: readOutputUntil(
            db,
            c.rowId,
            (piece) => terms.every((t) => matchRanges(piece, t, 1).length === 0) === false || terms.length === 0,
          ),
          commandText: c.commandRow === null ? null : commandLine(db, c.commandRow),
        };
  const ranges = terms.flatMap((t) => matchRanges(row.hitText, t));
  // Output keeps its line breaks (up to 3 lines around the match); a command line is one line.
  const snippet = c.source === 'output' ? buildLinesSnippet(row.hitText, ranges) : buildSnippet(row.hitText, ranges);
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

function commandLine(db: Database, row: number): string | null {
  return (statement(db, 'SELECT text FROM commands WHERE id = ?', true).get(row) as string | undefined) ?? null;
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
  // An output candidate's length is its recorded bytes (compile-search.ts): where the row ends.
  return matchMoment(db, c.programRow, c.outputOffset, text, first, budget, c.outputOffset + c.length);
}

function definedOnly(o: SearchOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k in DEFAULTS && v !== undefined)) as Partial<
    typeof DEFAULTS
  >;
}

/** Hits of one page of the UI's list (src/renderer/src/screens/search/use-search-pages.ts). */
export const LIST_PAGE = 200;

/**
 * The whole list the search screen shows as it scrolls: its pages of LIST_PAGE hits one after
 * the other, by cursor, so an export holds exactly those hits in that order (a single large page
 * would keep more output candidates, see outputCandidates, and list other hits). At most
 * MAX_LIMIT hits.
 */
export function searchWholeList(
  db: Database,
  queryText: string,
  options: Pick<SearchOptions, 'sort' | 'group'>,
): SearchOutcome {
  const first = searchCase(db, queryText, { ...options, limit: LIST_PAGE });
  if (!first.ok) return first;
  const hits = [...first.result.hits];
  let next = first.result.next;
  while (next !== null && hits.length < MAX_LIMIT) {
    const page = searchCase(db, queryText, { ...options, limit: LIST_PAGE, after: next });
    if (!page.ok) return page;
    hits.push(...page.result.hits);
    next = page.result.next;
  }
  return { ok: true, result: { ...first.result, hits, next: null, tookMs: first.result.tookMs } };
}
