import { noteProgramFilters, noteRowFilters, hasNoteFilters } from './note-filters';
import { ftsString, trigramMatch, trigramSetMatch, wordsMatch } from './fts-query';
import type { SearchFilters, SearchQuery, TextTerm } from './query-types';
import { SqlParams } from './sql-params';
import { innerPhrase, wordTokens } from './text-match';
import type { HitSource } from '../../shared/search';
import { isAscii } from './ascii';
import { decidedByPieceWords, outputTest, pieceDecides, pieceTest, pieceWordsMatch } from './piece-tests';
import { PIECE_OVERLAP } from '../store/output-pieces';

/**
 * Compiles a parsed query into the SQL that can answer it, for commands and for outputs. Pure:
 * it only writes SQL text from fixed fragments and binds every value (see SqlParams), so user
 * text never becomes SQL or FTS5 syntax. run-search.ts picks which statement to run.
 */

export type { HitSource } from '../../shared/search';

export interface BoundSql {
  sql: string;
  params: Record<string, unknown>;
}

/** The trigram tokenizer indexes 3-character windows: shorter strings cannot be looked up. */
export const TRIGRAM_MIN_CHARS = 3;
/**
 * Characters of each command line read for ranking (whole texts are read only for the hits shown).
 * An output is ranked by its first OUTPUT_HEAD_CHARS, kept apart (migration 015).
 */
export const HEAD_CHARS = 4000;

/**
 * A walk: the rows of some ordered source (index matches, or the table), newest first, checked
 * against filters and remaining text tests. @visit bounds how many rows of the source are looked
 * at (-1: all), @limit how many passing rows come back. Rows come back in walk order.
 */
/**
 * Every index statement keeps to index rows (commands, or output pieces) whose id lies in
 * [@lo, @hi]: the ids of the listed programs' rows when they are few (find-candidates.ts), else
 * all. An index walks newest first; a time window or a session far back in the case had its
 * walk visit every newer match first (`after:2026-08-20 before:2026-08-21 id`: 15.6 s cold on the
 * bench's 1 GB case). FTS5 seeks to such a rowid range.
 */
export const ALL_IDS = { lo: Number.MIN_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER };

export interface FtsPlan {
  /** The newest matches of the index alone, up to @cap rowids: they say how many match, and are the first leg of the walk. */
  matches: BoundSql;
  /** The walk over given matches (@rows, a JSON array of rowids in walk order), without asking the index again. */
  walkListed: BoundSql;
  /** The walk over all matches, asking the index. */
  walk: BoundSql;
  /** Terms the index cannot decide are tested on each match (so some matches may be rejected). */
  tests: boolean;
}

export interface SourcePlan {
  source: HitSource;
  /** An upper bound on the table's rows (from its smallest and largest id). */
  tableRows: BoundSql;
  /** Rows of the programs in @programs (a JSON array of program rows), up to @cap; null without program-level filters. */
  rowsToScan: BoundSql | null;
  /** The smallest and largest id of index rows (commands, or output pieces) of the programs in @programs: `lo`, `hi` (null: none). */
  idRange: BoundSql | null;
  /**
   * Outputs only: about how many bytes of text a scan would test (the recorded bytes of those rows,
   * up to @cap rows; of every program without program-level filters). An output is ~40 KB where a
   * command line is ~40 B: counting rows alone once chose to scan 779 MB for `ls`.
   */
  bytesToScan: BoundSql | null;
  /** Every row of those programs (or of the table), tested one by one, newest programs first: for filters that leave few rows. @limit. */
  scanByFilters: BoundSql;
  /** A walk over the whole table, for queries with filters only. */
  newestFirst: BoundSql;
  byTrigram: FtsPlan | null;
  byWords: FtsPlan | null;
  /** Filters on the row itself (exit:, kind:) that counting rows of programs cannot see. */
  rowFiltered: boolean;
  /** after: or before: given. */
  timeFiltered: boolean;
  /** The indexes list pieces of the rows (output, migration 016), not rows. */
  pieces: boolean;
  /** A scan runs the whole-word test (sshlens_match) on rows. */
  wordTested: boolean;
}

export interface SearchPlan {
  /** The program rows that pass the session- and program-level filters, newest first, up to @cap; null without such filters. */
  programs: BoundSql | null;
  /**
   * How many commands pass the `exit:` filters, up to @cap (`n`), through their index (migration
   * 022); null without them. When they are few, compile again with `exitPrograms`.
   */
  exitCommands: BoundSql | null;
  sources: SourcePlan[];
  /** Substring terms too short for the trigram index. */
  shortTerms: TextTerm[];
}

interface SourceShape {
  table: string;
  a: string;
  trigram: string;
  /**
   * The trigram index keeps positions (detail=full): a substring is one phrase query, exact. Outputs'
   * do not, and index pieces of the output, not whole outputs (migration 016, piece-tests.ts).
   */
  trigramPositions: boolean;
  words: string;
  at: string;
  offset: string;
  /** The first characters of the text, for ranking: an output's from output_heads (migration 015), so its text is not read whole. */
  head: string;
  /** The text's length for ranking: exact for command lines; an output's recorded bytes, so its text is not read whole. */
  length: string;
  commandRow: string;
  /** The index on (program_id, ...) that lists a program's rows. */
  byProgram: string;
}

const SHAPES: Record<HitSource, SourceShape> = {
  command: {
    table: 'commands',
    a: 'c',
    trigram: 'commands_trigram',
    trigramPositions: true,
    words: 'commands_words',
    at: 'c.at_us',
    offset: 'c.output_start_offset',
    head: `substr(c.text, 1, ${HEAD_CHARS})`,
    length: 'length(c.text)',
    commandRow: 'c.id',
    byProgram: 'commands_time',
  },
  output: {
    table: 'outputs',
    a: 'o',
    trigram: 'pieces_trigram',
    trigramPositions: false,
    words: 'pieces_words',
    at: 'o.start_us',
    offset: 'o.start_offset',
    head: "COALESCE((SELECT h.head FROM output_heads h WHERE h.id = o.id), '')",
    length: 'max(o.end_offset - o.start_offset, 1)',
    commandRow: 'o.command_id',
    byProgram: 'outputs_program',
  },
};

const chars = (s: string): number => [...s].length;

/** Commands passing `exit:` filters up to which their programs are listed (a program-level form of the filter). */
export const EXIT_COMMANDS_LISTED = 5000;

export interface CompileOptions {
  /**
   * `exit:` also keeps only the programs holding a command that passes it: for filters that at
   * most EXIT_COMMANDS_LISTED commands pass (counted first, `exitCommands`). Each statement then
   * lists those commands once, through their index.
   */
  exitPrograms?: boolean;
}

export function compileSearch(query: SearchQuery, options: CompileOptions = {}): SearchPlan {
  const { terms, filters } = query;
  const sources: HitSource[] =
    filters.scope === 'all' ? ['command', 'output'] : filters.scope === 'commands' ? ['command'] : ['output'];
  const params = new SqlParams();
  const exitPrograms = options.exitPrograms === true;
  const programLevel = programFilters(filters, params, exitPrograms);
  const exitParams = new SqlParams();
  // Sessions are joined only for filters on them: type: or a time window alone then reads programs only.
  const sessionJoin = programLevel.some((w) => /\bs\./.test(w)) ? ' JOIN sessions s ON s.id = p.session_id' : '';
  return {
    programs:
      programLevel.length > 0
        ? {
            sql: `SELECT p.id FROM programs p${sessionJoin} WHERE ${programLevel.join(' AND ')} ORDER BY p.id DESC LIMIT @cap`,
            params: params.values,
          }
        : null,
    exitCommands:
      filters.exits.length > 0
        ? {
            sql: `SELECT count(*) AS n FROM (SELECT 1 FROM commands ec WHERE ${knownExits(filters, exitParams)} LIMIT @cap)`,
            params: exitParams.values,
          }
        : null,
    sources: sources.map((source) => compileSource(SHAPES[source], source, terms, filters, exitPrograms)),
    shortTerms: terms.filter((t) => t.kind === 'substring' && chars(t.text) < TRIGRAM_MIN_CHARS),
  };
}

function compileSource(
  shape: SourceShape,
  source: HitSource,
  terms: readonly TextTerm[],
  filters: SearchFilters,
  exitPrograms: boolean,
): SourcePlan {
  const params = new SqlParams();
  const { table, a } = shape;
  const needsCommand = source === 'output' && (filters.kinds.length > 0 || filters.exits.length > 0);
  const commandJoin = needsCommand ? ' LEFT JOIN commands c ON c.id = o.command_id' : '';
  // CROSS JOIN fixes the join order: what comes first drives, each row is then one lookup per table.
  const lookups = `CROSS JOIN programs p ON p.id = ${a}.program_id CROSS JOIN sessions s ON s.id = p.session_id${commandJoin}`;
  const columns = `${a}.id AS rowId, ${shape.commandRow} AS commandRow, ${a}.program_id AS programRow, p.session_id AS sessionRow,
    ${shape.at} AS atUs, ${shape.offset} AS outputOffset, p.started_at_us AS programStartUs, s.user_email AS userEmail,
    s.target_id AS targetId, ${shape.head} AS head, ${shape.length} AS length`;

  const programLevel = programFilters(filters, params, exitPrograms);
  const rowLevel = [
    ...rowFilters(filters, shape, params),
    ...noteRowFilters(filters, { source, a, at: shape.at }, params),
  ];
  const where = (tests: string[]): string => {
    const all = [...programLevel, ...rowLevel, ...tests];
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
  };
  const pieces = source === 'output';
  // With filters, an output's terms are tested after them: a test names the last table joined (an
  // argument it ignores), so SQLite runs it in the innermost loop, once the filters passed, instead
  // of reading and inflating pieces of outputs the filters then reject.
  const hasFilters = programLevel.length + rowLevel.length > 0;
  const last = needsCommand ? 'c.id' : 's.id';
  const test = (t: TextTerm): string =>
    pieces ? outputTest(t, a, params, hasFilters ? last : undefined) : textTest(t, a, params);
  const allTests = terms.map(test);
  const bound = (sql: string): BoundSql => ({ sql, params: params.values });
  // The filtered programs' rows, through the (program_id, ...) index; without program filters, the whole table.
  const programRows =
    programLevel.length > 0
      ? `json_each(@programs) j CROSS JOIN ${table} ${a} INDEXED BY ${shape.byProgram} ON ${a}.program_id = j.value`
      : `${table} ${a}`;

  const long = terms.filter((t) => t.kind === 'substring' && chars(t.text) >= TRIGRAM_MIN_CHARS);
  const words = terms.filter((t) => t.kind !== 'substring');
  // Without positions the output trigram index only says an output holds every trigram; the words
  // a substring holds whole say more (a phrase, with positions), and the cheaper index drives.
  const innerPhrases = shape.trigramPositions
    ? []
    : long.flatMap((t) => {
        const phrase = innerPhrase(t.text);
        return phrase === null ? [] : [phrase];
      });
  /** Rows of `ordered` (a subquery of ids, newest first), checked one by one. No outer ORDER BY: a sort would read every row before the first. */
  const walk = (ordered: string, tests: string[]): string =>
    `SELECT ${columns} FROM (${ordered} LIMIT @visit) f CROSS JOIN ${table} ${a} ON ${a}.id = f.id ${lookups} ${where(tests)} LIMIT @limit`;
  const ftsPlan = (fts: string, match: string, rest: readonly TextTerm[]): FtsPlan => {
    const m = params.bind(match);
    const tests = rest.map(test);
    const newest = `SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH ${m} AND rowid BETWEEN @lo AND @hi ORDER BY rowid DESC`;
    return {
      matches: bound(`${newest} LIMIT @cap`),
      walkListed: bound(
        `SELECT ${columns} FROM json_each(@rows) f CROSS JOIN ${table} ${a} ON ${a}.id = f.value ${lookups} ${where(tests)} LIMIT @limit`,
      ),
      walk: bound(walk(newest, tests)),
      tests: tests.length > 0,
    };
  };

  /**
   * Outputs: the index lists pieces. One term (`driver`) is looked up; each piece found is tested
   * for it unless the index decided it, and the outputs of the pieces that hold it (each once, in
   * walk order) are then checked for the filters and the other terms, on any of their pieces.
   */
  const piecePlan = (fts: string, driver: TextTerm, match: string, decided: boolean): FtsPlan => {
    const m = params.bind(match);
    const driverTest = pieceDecides(driver)
      ? decided
        ? []
        : [pieceTest(driver, 'x', params)]
      : [outputTest(driver, a, params)];
    const onPiece = driverTest.length > 0 && pieceDecides(driver) ? `WHERE ${driverTest[0]}` : '';
    const tests = [...(pieceDecides(driver) ? [] : driverTest), ...terms.filter((t) => t !== driver).map(test)];
    const newest = `SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH ${m} AND rowid BETWEEN @lo AND @hi ORDER BY rowid DESC`;
    // With filters, each piece's output is checked for them before the piece is inflated and tested:
    // the test names the last table joined (an argument it ignores), so SQLite runs it last.
    // `exit:nonzero "onka"` inflated every piece holding its trigrams first (15 s on the 1 GB case).
    const filtered = hasFilters && onPiece !== '';
    const outputsOf = (listed: string): string =>
      filtered
        ? `SELECT DISTINCT ${columns} FROM ${listed} CROSS JOIN output_pieces x ON x.id = f.id
           CROSS JOIN ${table} ${a} ON ${a}.id = x.output_id ${lookups} ${where([...tests, pieceTest(driver, 'x', params, last)])} LIMIT @limit`
        : `SELECT ${columns} FROM (SELECT DISTINCT x.output_id AS id FROM ${listed} CROSS JOIN output_pieces x ON x.id = f.id ${onPiece}) g
           CROSS JOIN ${table} ${a} ON ${a}.id = g.id ${lookups} ${where(tests)} LIMIT @limit`;
    return {
      matches: bound(`${newest} LIMIT @cap`),
      walkListed: bound(outputsOf('(SELECT value AS id FROM json_each(@rows)) f')),
      walk: bound(outputsOf(`(${newest} LIMIT @visit) f`)),
      tests: tests.length > 0 || onPiece !== '',
    };
  };
  const longest = (list: readonly TextTerm[]): TextTerm | undefined =>
    [...list].sort((x, y) => chars(y.text) - chars(x.text))[0];
  const trigramDriver = longest(long);
  const wordDriver = longest(words) ?? longest(long.filter((t) => innerPhrase(t.text) !== null));
  const wordDriverMatch = (t: TextTerm): string =>
    t.kind === 'substring' ? pieceWordsMatch({ ...t, kind: 'word', text: innerPhrase(t.text)! }) : pieceWordsMatch(t);

  return {
    source,
    // Two subqueries: SQLite answers a lone max() or min() from the b-tree's edge, max(id) - min(id) by a full scan.
    tableRows: bound(`SELECT COALESCE((SELECT max(id) FROM ${table}) - (SELECT min(id) FROM ${table}) + 1, 0) AS n`),
    rowsToScan:
      programLevel.length > 0 ? bound(`SELECT count(*) AS n FROM (SELECT 1 FROM ${programRows} LIMIT @cap)`) : null,
    idRange:
      programLevel.length === 0
        ? null
        : pieces
          ? bound(
              `SELECT min(x.id) AS lo, max(x.id) AS hi FROM ${programRows} CROSS JOIN output_pieces x INDEXED BY output_pieces_output ON x.output_id = ${a}.id`,
            )
          : bound(`SELECT min(${a}.id) AS lo, max(${a}.id) AS hi FROM ${programRows}`),
    bytesToScan:
      source !== 'output'
        ? null
        : programLevel.length > 0
          ? bound(
              `SELECT COALESCE(sum(b), 0) AS n FROM (SELECT ${a}.end_offset - ${a}.start_offset AS b FROM ${programRows} LIMIT @cap)`,
            )
          : bound('SELECT COALESCE(sum(output_bytes), 0) AS n FROM programs'),
    // Newest programs first (@programs is in descending order), each program's rows through its
    // index: no sort, so LIMIT stops the scan as soon as enough rows passed.
    scanByFilters: bound(
      `SELECT ${columns} FROM ${programRows} ${lookups} ${where(allTests)}${programLevel.length > 0 ? '' : ` ORDER BY ${a}.id DESC`} LIMIT @limit`,
    ),
    newestFirst: bound(walk(`SELECT id FROM ${table} ORDER BY id DESC`, allTests)),
    byTrigram: pieces
      ? trigramDriver === undefined
        ? null
        : piecePlan(
            shape.trigram,
            trigramDriver,
            trigramSetMatch([headOf(trigramDriver.text)]),
            chars(trigramDriver.text) <= TRIGRAM_MIN_CHARS,
          )
      : long.length > 0
        ? ftsPlan(
            shape.trigram,
            (shape.trigramPositions ? trigramMatch : trigramSetMatch)(long.map((t) => t.text)),
            terms.filter((t) => !long.includes(t) || !decidedByTrigrams(shape, t)),
          )
        : null,
    byWords: pieces
      ? wordDriver === undefined
        ? null
        : piecePlan(shape.words, wordDriver, wordDriverMatch(wordDriver), decidedByPieceWords(wordDriver))
      : words.length > 0 || innerPhrases.length > 0
        ? ftsPlan(
            shape.words,
            [...(words.length > 0 ? [wordsMatch(words)] : []), ...innerPhrases.map(ftsString)].join(' AND '),
            terms.filter((t) => t.kind === 'substring'),
          )
        : null,
    rowFiltered: filters.exits.length > 0 || filters.kinds.length > 0 || hasNoteFilters(filters),
    timeFiltered: filters.afterUs !== null || filters.beforeUs !== null,
    pieces,
    wordTested: words.length > 0,
  };
}

/**
 * What of a substring is looked up in the piece index: a match starting in a piece may go on past
 * its stored text, but its first PIECE_OVERLAP + 1 characters are in it.
 */
function headOf(text: string): string {
  const end = PIECE_OVERLAP + 1;
  if (text.length <= end) return text;
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** With positions the trigram index decides a substring exactly; without, only a 3-character one (its one trigram). */
function decidedByTrigrams(shape: SourceShape, t: TextTerm): boolean {
  return shape.trigramPositions || chars(t.text) <= TRIGRAM_MIN_CHARS;
}

/**
 * Filters on the session and the program. Time bounds are also applied here in a weaker,
 * program-level form (a program cannot hold a hit before it started or after it finished), so
 * that counting the rows a narrow time window leaves does not visit every row of the case.
 */
function programFilters(f: SearchFilters, params: SqlParams, exitPrograms: boolean): string[] {
  const w: string[] = [];
  const anyOf = (conditions: string[]): string =>
    conditions.length === 1 ? conditions[0]! : `(${conditions.join(' OR ')})`;
  if (f.users.length > 0) {
    w.push(
      anyOf(
        f.users.map((u) => {
          const v = params.bind(u);
          if (u.includes('@')) return `lower(s.user_email) = ${v}`;
          return `(lower(s.username) = ${v} OR lower(s.user_id) = ${v} OR lower(substr(s.user_email, 1, instr(s.user_email, '@') - 1)) = ${v})`;
        }),
      ),
    );
  }
  if (f.targets.length > 0) {
    // Target ids are long UUIDs: the first characters are enough, as with git hashes.
    w.push(
      anyOf(
        f.targets.map((target) => {
          const t = params.bind(target);
          return `substr(lower(s.target_id), 1, length(${t})) = ${t}`;
        }),
      ),
    );
  }
  if (f.hosts.length > 0) {
    // Addresses are stored as "ip:port" or "[v6]:port": host:203.0.113.80 matches any port.
    const address = (column: string, h: string): string =>
      `lower(${column}) = ${h} OR substr(lower(${column}), 1, length(${h}) + 1) = ${h} || ':' OR substr(lower(${column}), 1, length(${h}) + 3) = '[' || ${h} || ']:'`;
    w.push(
      anyOf(
        f.hosts.map((host) => {
          const h = params.bind(host);
          return `(${address('s.client_address', h)} OR ${address('s.server_address', h)})`;
        }),
      ),
    );
  }
  if (f.types.length > 0) w.push(`p.type IN (${f.types.map((t) => params.bind(t)).join(', ')})`);
  if (f.sessions.length > 0) w.push(`p.session_id IN (${f.sessions.map((s) => params.bind(s)).join(', ')})`);
  if (f.programs.length > 0) w.push(`p.id IN (${f.programs.map((p) => params.bind(p)).join(', ')})`);
  if (f.beforeUs !== null) w.push(`p.started_at_us < ${params.bind(f.beforeUs)}`);
  if (f.afterUs !== null) w.push(`(p.finished_at_us IS NULL OR p.finished_at_us >= ${params.bind(f.afterUs)})`);
  if (exitPrograms && f.exits.length > 0)
    w.push(`p.id IN (SELECT ec.program_id FROM commands ec WHERE ${knownExits(f, params)})`);
  w.push(...noteProgramFilters(f, params));
  return w;
}

/**
 * The `exit:` filters on commands `ec`, as ranges of the index of known statuses (migration 022):
 * `<>` would read every known status, and the partial index serves only terms that imply one.
 */
function knownExits(f: SearchFilters, params: SqlParams): string {
  const alternatives = f.exits.map((e) =>
    e === 'nonzero' ? 'ec.exit_status > 0 OR ec.exit_status < 0' : `ec.exit_status = ${params.bind(e)}`,
  );
  return `(${alternatives.join(' OR ')})`;
}

/** Filters on the hit itself: its exact time, and the command it is or follows (none for stray output). */
function rowFilters(f: SearchFilters, shape: SourceShape, params: SqlParams): string[] {
  const w: string[] = [];
  if (f.afterUs !== null) w.push(`p.started_at_us + ${shape.at} >= ${params.bind(f.afterUs)}`);
  if (f.beforeUs !== null) w.push(`p.started_at_us + ${shape.at} < ${params.bind(f.beforeUs)}`);
  if (f.kinds.length > 0) w.push(`c.kind IN (${f.kinds.map((k) => params.bind(k)).join(', ')})`);
  if (f.exits.length > 0) {
    const alternatives = f.exits.map((e) =>
      e === 'nonzero' ? 'c.exit_status <> 0' : `c.exit_status = ${params.bind(e)}`,
    );
    w.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`);
  }
  return w;
}

/**
 * One term tested on one row, when no index answers it. ASCII substrings use LIKE: exact for them
 * (ASCII-only case folding is all they need), and it reads the text without copying it, where
 * instr(lower(text)) copies every row (2x slower over 50,000 rows). Everything else goes through
 * sshlens_match (register-functions.ts), the JavaScript definition in text-match.ts. A whole
 * word of ASCII letters is first looked for with LIKE, which rules out most rows cheaply: exact
 * for ASCII text, and text with other characters (café folds to cafe) always goes on to the test.
 */
function textTest(t: TextTerm, a: string, params: SqlParams): string {
  const like = (needle: string): string => `${a}.text LIKE ${params.bind(likeContaining(needle))} ESCAPE '\\'`;
  if (t.kind === 'substring' && isAscii(t.text)) return like(t.text);
  const exact = `sshlens_match(${a}.text, ${params.bind(t.kind)}, ${params.bind(t.text)})`;
  // The text as typed is found by instr() without copying the row into JavaScript; only rows
  // without it (other case, other accents) go on to the full test.
  if (t.kind === 'substring') return `(instr(${a}.text, ${params.bind(t.text)}) > 0 OR ${exact})`;
  const longest = wordTokens(t.text)
    .filter(isAscii)
    .sort((x, y) => y.length - x.length)[0];
  if (longest === undefined) return exact;
  // length() counts characters, the blob's length bytes: they differ exactly when the text is not ASCII.
  return `(${like(longest)} OR length(${a}.text) <> length(CAST(${a}.text AS BLOB))) AND ${exact}`;
}

/** A LIKE pattern for "contains": the value's own %, _ and \ are escaped (ESCAPE '\'), so they match themselves. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
