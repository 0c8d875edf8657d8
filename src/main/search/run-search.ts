import type { Database } from 'better-sqlite3';
import { commandRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import { isStoreError } from '../store/store-errors';
import { compileSearch, EXIT_COMMANDS_LISTED, TRIGRAM_MIN_CHARS, type SearchPlan } from './compile-search';
import { candidatesOf, programSet, type SearchStep } from './find-candidates';
import { parseQuery } from './parse-query';
import type { SearchQuery, TextTerm } from './query-types';
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
   * Place each output hit's replay moment in its recording (default true): the moment its first
   * match was printed, found again in the recorded bytes by decompressing its events. That was
   * 43% of the CPU of short-word, word and `in:output` queries on the bench's 1 GB case. The app's
   * list does without (its hits replay from their output's start, `placed: false`) and places
   * the one hit opened (placeHitMoment). Its time is `momentsMs`, not part of `tookMs`.
   */
  placeMoments?: boolean;
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
  const plan = planSearch(db, parsed.query);
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
    const pageHits = page.map((o) => toHit(db, o.scored.c, terms));
    const hits = pageHits.map((h) => h.hit);
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
    result.tookMs = tookMs();
    if (options.placeMoments !== false) {
      const placing = performance.now();
      const budget: ScanBudget = { bytesLeft: MAX_QUERY_SCAN_BYTES };
      for (const h of pageHits) if (h.output !== null) h.hit.replay = placeOutputHit(db, h.output, budget);
      result.momentsMs = Math.round((performance.now() - placing) * 100) / 100;
    }
    return { ok: true, result };
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

/**
 * The query's statements. `exit:` filters that few commands pass also list those commands'
 * programs, so their rows are found from the programs instead of by walking every match of a
 * term and rejecting it: most commands of a real case have no known exit status.
 */
function planSearch(db: Database, query: SearchQuery): SearchPlan {
  const plan = compileSearch(query);
  if (plan.exitCommands === null) return plan;
  const { n } = statement(db, plan.exitCommands.sql).get({
    ...plan.exitCommands.params,
    cap: EXIT_COMMANDS_LISTED + 1,
  }) as {
    n: number;
  };
  return n <= EXIT_COMMANDS_LISTED ? compileSearch(query, { exitPrograms: true }) : plan;
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

/** A hit of the page, and what placing its replay moment needs when it is in output. */
interface PageHit {
  hit: SearchHit;
  output: OutputHit | null;
}

/** An output hit: where its row starts in its program's recording, and the match to place. */
interface OutputHit {
  programRow: number;
  /** The output's start: µs since the program started, its first recorded byte, its length in bytes. */
  atUs: number;
  outputOffset: number;
  length: number;
  /** The output's text up to the match's piece, and the match in it. */
  text: string;
  first: readonly [number, number];
}

function toHit(db: Database, c: Candidate, terms: readonly TextTerm[]): PageHit {
  const row =
    c.source === 'command'
      ? (statement(db, 'SELECT text AS hitText, text AS commandText FROM commands WHERE id = ?').get(c.rowId) as {
          hitText: string;
          commandText: string | null;
        })
      : {
          hitText: outputHitText(db, c.rowId, terms),
          commandText: c.commandRow === null ? null : commandLine(db, c.commandRow),
        };
  const ranges = terms.flatMap((t) => matchRanges(row.hitText, t));
  // Output keeps its line breaks (up to 3 lines around the match); a command line is one line.
  const snippet = c.source === 'output' ? buildLinesSnippet(row.hitText, ranges) : buildSnippet(row.hitText, ranges);
  const first = c.source === 'output' ? firstRange(ranges) : null;
  const hit: SearchHit = {
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
    // A command's Enter is its moment; an output replays from its start until placed.
    replay: { atUs: c.atUs, outputOffset: c.outputOffset, placed: first === null },
  };
  const output =
    first === null
      ? null
      : {
          programRow: c.programRow,
          atUs: c.atUs,
          outputOffset: c.outputOffset,
          length: c.length,
          text: row.hitText,
          first,
        };
  return { hit, output };
}

/** The text up to the piece of the first match (and one more): it holds the snippet's lines and what the replay moment counts. */
function outputHitText(db: Database, outputRow: number, terms: readonly TextTerm[]): string {
  return readOutputUntil(
    db,
    outputRow,
    (piece) => terms.every((t) => matchRanges(piece, t, 1).length === 0) === false || terms.length === 0,
  );
}

function firstRange(ranges: ReadonlyArray<[number, number]>): [number, number] | null {
  return ranges.reduce<[number, number] | null>((a, r) => (a === null || r[0] < a[0] ? r : a), null);
}

/**
 * An output hit replays from the moment its first match was printed, not from the command's
 * Enter; from its output's start when the recorded bytes differ from the screen's text (a colour
 * code inside the match) or the budget is spent.
 */
function placeOutputHit(db: Database, o: OutputHit, budget: ScanBudget): SearchHit['replay'] {
  // An output candidate's length is its recorded bytes (compile-search.ts): where the row ends.
  const at = matchMoment(db, o.programRow, o.outputOffset, o.text, o.first, budget, o.outputOffset + o.length);
  return { ...(at ?? { atUs: o.atUs, outputOffset: o.outputOffset }), placed: true };
}

function commandLine(db: Database, row: number): string | null {
  return (statement(db, 'SELECT text FROM commands WHERE id = ?', true).get(row) as string | undefined) ?? null;
}

/** What the app sends back to place the output hit it opens: its query, program and unplaced replay. */
export interface HitMomentRequest {
  query: string;
  programRow: number;
  /** The hit's `replay` as the list gave it: its output's start. */
  atUs: number;
  outputOffset: number;
}

/**
 * The replay moment of one output hit of a list searched with `placeMoments: false`: the same
 * moment a placed search gives it. Null when no output of the program starts there.
 */
export function placeHitMoment(db: Database, req: HitMomentRequest): SearchHit['replay'] | null {
  const parsed = parseQuery(req.query);
  if (!parsed.ok) return null;
  const row = statement(
    db,
    `SELECT id, max(end_offset - start_offset, 1) AS length FROM outputs
     WHERE program_id = ? AND start_us = ? AND start_offset = ? ORDER BY id LIMIT 1`,
  ).get(req.programRow, req.atUs, req.outputOffset) as { id: number; length: number } | undefined;
  if (row === undefined) return null;
  const { terms } = parsed.query;
  const text = outputHitText(db, row.id, terms);
  const first = firstRange(terms.flatMap((t) => matchRanges(text, t)));
  if (first === null) return { atUs: req.atUs, outputOffset: req.outputOffset, placed: true };
  const hit = {
    programRow: req.programRow,
    atUs: req.atUs,
    outputOffset: req.outputOffset,
    length: row.length,
    text,
    first,
  };
  return placeOutputHit(db, hit, { bytesLeft: MAX_QUERY_SCAN_BYTES });
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
