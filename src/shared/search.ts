/** Where a hit was found: the command line, or the output that followed it. */
export type HitSource = 'command' | 'output';

/** A place in a snippet (UTF-16 offsets, end exclusive) where a term matched. */
export interface MatchRange {
  start: number;
  end: number;
}

/**
 * One place the query matched: a command line, or the output segment around one. Texts are
 * plain text from a recording, hostile by nature: never HTML, never raw to a terminal.
 */
export interface SearchHit {
  session: string;
  program: string;
  /** The command hit, or the command the output follows; null for output before or between commands. */
  command: string | null;
  in: HitSource;
  /** ISO 8601 UTC; null when the program's start time is unknown. */
  time: string | null;
  /** The command line (null when the output follows no command). */
  text: string | null;
  /**
   * Plain text around the match, with "…" where it was cut. A command hit is one line (its line
   * breaks shown as spaces); an output hit keeps the output's line breaks: up to 3 lines around
   * the first match. Control characters are as recorded: shown through the control-char policy.
   */
  snippet: string;
  matches: MatchRange[];
  userEmail: string | null;
  targetId: string | null;
  /**
   * Where the replay should jump: µs since the program started, and the byte offset in its server
   * output. For a command hit, its Enter; for an output hit, the output event that printed the
   * first match (found again in the recorded bytes), or the start of that output when the
   * recorded bytes differ from the screen text (a colour code inside the match). `placed` false:
   * an output hit of a list searched without placing moments (the app's), which replays from its
   * output's start until placed (placeHitMoment, on opening it).
   */
  replay: { atUs: number; outputOffset: number; placed: boolean };
}

/** relevance: best first; time: oldest first; -time: newest first. */
export type SearchSort = 'relevance' | 'time' | '-time';
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'time', '-time'];

/** none: one list; session: the hits of each session together, sessions in the order of their first hit. */
export type SearchGroup = 'none' | 'session';
export const SEARCH_GROUPS: readonly SearchGroup[] = ['none', 'session'];

/** A session the hits of a page belong to (grouped results): its header. */
export interface SearchSessionGroup {
  session: string;
  userEmail: string | null;
  targetId: string | null;
  /** ISO 8601 UTC; null when unknown. */
  start: string | null;
  /** Its hits among all the matches (not only this page's); a lower bound when totalCapped. */
  hits: number;
}

/** One value of a facet and how many matches have it; value null: none recorded. */
export interface FacetValue {
  value: string | null;
  count: number;
}

/** The most frequent values of one facet, and how many other values there are. */
export interface FacetList {
  values: FacetValue[];
  /** Distinct values not listed. */
  more: number;
}

/**
 * Counts beside the results, over every match (not only the page), up to a cap: past it the
 * counts are lower bounds and `capped` is true (shown as "10,000+").
 */
export interface SearchFacets {
  users: FacetList;
  targets: FacetList;
  /** Program types: shell, exec, ... */
  types: FacetList;
  /** Where the match is: command, output. */
  in: FacetList;
  /** Matches a note covers (is:noted): its session, program, command or time range has a note. */
  noted: number;
  /** Matches counted. */
  counted: number;
  /** Some table's matches stopped at the cap: every count may be a lower bound. */
  capped: boolean;
  /** Which: the `in` count of a table not listed here is exact. */
  cappedIn: HitSource[];
}

export interface SearchResult {
  /** Hits found; a lower bound when totalCapped (each of commands and output stops counting at the cap). */
  total: number;
  totalCapped: boolean;
  /**
   * The query stopped testing output pieces at its budget (run-search.ts INFLATE_BUDGET): the
   * output hits are those of the newest pieces tested, older ones may be missing (totalCapped too).
   */
  incomplete?: true;
  /** This page of hits, in the order asked for. */
  hits: SearchHit[];
  /** The engine's own time for this query (parse, find, rank, snippets, groups, facets), in milliseconds. */
  tookMs: number;
  /** When output hits' replay moments were placed (the default; not the app's list): the time that took, in milliseconds. */
  momentsMs?: number;
  sort: SearchSort;
  group: SearchGroup;
  /** Where this page's first hit stands in the whole ordered list (0-based). */
  offset: number;
  /** Pass as `after` for the next page; null when this page is the last. */
  next: string | null;
  /** With group 'session': the sessions of this page's hits, in order. */
  groups?: SearchSessionGroup[];
  /** When asked for. */
  facets?: SearchFacets;
}

/** The filter a facet value adds to a query: `user:VALUE`, quoted when it holds a space, quote or backslash. */
export function facetFilter(key: 'user' | 'target' | 'type' | 'in' | 'is', value: string): string {
  const v = key === 'in' ? (value === 'command' ? 'commands' : 'output') : value;
  return /[\s"\\]/.test(v) || v === '' ? `${key}:"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `${key}:${v}`;
}

/** query: the user must fix the query (usage); database: the case could not be read. */
export interface SearchError {
  kind: 'query' | 'database';
  message: string;
  column: number | null;
}

export type SearchOutcome = { ok: true; result: SearchResult } | { ok: false; error: SearchError };
