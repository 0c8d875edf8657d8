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
  /** Plain text around the match, newlines shown as spaces, with "…" where it was cut. */
  snippet: string;
  matches: MatchRange[];
  userEmail: string | null;
  targetId: string | null;
  /**
   * Where the replay should jump: µs since the program started, and the byte offset in its server
   * output. For a command hit, its Enter; for an output hit, the output event that printed the
   * first match (found again in the recorded bytes), or the start of that output when the
   * recorded bytes differ from the screen text (a colour code inside the match).
   */
  replay: { atUs: number; outputOffset: number };
}

export interface SearchResult {
  /** Hits found; a lower bound when totalCapped (each of commands and output stops counting at `candidates`). */
  total: number;
  totalCapped: boolean;
  hits: SearchHit[];
  /** The engine's own time for this query (parse, find, rank, snippets), in milliseconds. */
  tookMs: number;
}

/** query: the user must fix the query (usage); database: the case could not be read. */
export interface SearchError {
  kind: 'query' | 'database';
  message: string;
  column: number | null;
}

export type SearchOutcome = { ok: true; result: SearchResult } | { ok: false; error: SearchError };
