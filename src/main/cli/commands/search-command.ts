import { DEFAULT_LIMIT, INFLATE_BUDGET, MATCH_CAP, MAX_LIMIT, searchCase } from '../../search/run-search';
import {
  SEARCH_SORTS,
  type FacetList,
  type HitSource,
  type SearchFacets,
  type SearchHit,
  type SearchResult,
  type SearchSessionGroup,
  type SearchSort,
} from '../../../shared/search';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, terminalSafe, utcText } from '../output';

const formatCap = (n: number): string => n.toLocaleString('en-US');

export const searchHelp = `Usage: sshlens [--case PATH] search QUERY... [--sort relevance|time|-time] [--group session]
                                            [--limit N] [--after CURSOR | --offset N] [--facets] [--json]

Searches the commands of every session and the output around them. The words of QUERY
are joined with spaces; quote what your shell would split or expand ('"cat /etc"').
Put -- before a query that starts with a dash: sshlens search -- -rf

  passwd            text anywhere, also inside words and paths: etc/pass, 10.0.0., -rf
  "cat /etc"        an exact piece of text, spaces included (\\" for a quote inside)
  =root             a whole word (=etc/passwd: the words "etc" then "passwd")
  passw*            words that start with it (at least 3 letters or digits)
  word:root         the same as =root

Every term must match in the same command line, or in the same output.
Text of 1 or 2 characters is a whole word: ls finds "ls -la" and /bin/ls, not tools.
Case and accents do not matter for words; case does not matter for text.

Filters (repeat one for alternatives: user:a user:b):
  user:EMAIL        the Cloudflare user (email, the part before @, username or user id)
  target:ID         the target id, or its first characters
  host:ADDRESS      client or server address (any port unless given: host:203.0.113.80)
  type:TYPE         program type: shell, exec, x11, direct-tcpip, forwarded-tcpip, unknown
  kind:KIND         command kind: shell, exec, program-input
  exit:N            exit status of the command (exit:nonzero for any failure)
  after:T before:T  hits at or after / before T: 2026-11-21 (midnight UTC),
                    2026-11-21T17:20:00Z, "2026-11-21 17:20", +02:00 offsets, unix seconds
  in:commands       only command lines;  in:output  only output
  session:s3 program:p7
  tag:TAG           in what the investigator tagged (sshlens note): a session, a program,
                    a command and its output, or a time range of a replay
  note:WORD         in what carries a note containing WORD;  is:starred  in starred ones;
                    is:noted  in anything with a note

Order (--sort): relevance, the default: the whole command line is the query, then
every term as a whole word, then command lines before output, then more and denser
matches (BM25 term frequency), then newest. time: oldest first; -time: newest first.
Each of commands and output keeps its ${MATCH_CAP} most recently indexed matches: what is
ordered, paged and counted; past that, total is a lower bound ("${formatCap(2 * MATCH_CAP)}+").
A query tests at most ${INFLATE_BUDGET / 1024 / 1024} Mi characters of output pieces; past that it stops, says so,
and total is a lower bound.

  --sort S        relevance (default), time (oldest first) or -time (newest first)
  --group session the hits of each session together under a line naming it (its user,
                  target, start and hits); sessions in the order of their first hit
  --limit N       hits to show (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})
  --after CURSOR  the next page: the cursor printed after the last one ("next page")
  --offset N      or skip the first N hits of the list
  --facets        also count users, targets, program types, where (command, output) and
                  what a note covers, over every match, not only the hits shown
  --json          print {total, totalCapped, incomplete (only when true), tookMs, momentsMs, sort, group, offset, next, hits: [{session,
                  program, command, in, time, text, snippet, matches: [{start, end}], userEmail,
                  targetId, replay: {atUs, outputOffset, placed}}], groups (with --group session): [{session,
                  userEmail, targetId, start, hits}], facets (with --facets): {users, targets, types,
                  in: {values: [{value, count}], more}, noted, counted, capped, cappedIn}}
                  (command is null for output that follows no command; matches index the snippet;
                  an output's snippet keeps up to 3 of its lines; an output hit's replay is the
                  moment its first match was printed; next is the cursor of the next page or null;
                  tookMs is the engine's time for the query: finding, ranking, snippets, groups and
                  facets, what the app's list waits for; momentsMs is the time then spent placing
                  each output hit's replay moment in its recording, which the app does only for
                  the hit opened)

Exit status: 0 (also when nothing matched), 2 for a malformed query.`;

export function searchCommand(casePath: string, argv: string[]): number {
  const { values, positionals } = parseCommandArgs('search', joinDashValue(argv, '--sort'), {
    limit: { type: 'string' },
    sort: { type: 'string' },
    group: { type: 'string' },
    after: { type: 'string' },
    offset: { type: 'string' },
    facets: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const query = positionals.join(' ');
  if (query.trim() === '') throw new CliError('search: give a query (see sshlens search --help)', 2);
  const limit = wholeNumber(values.limit, DEFAULT_LIMIT, 1, MAX_LIMIT, '--limit');
  const offset = wholeNumber(values.offset, 0, 0, 2 * MATCH_CAP, '--offset');
  const sort = values.sort ?? 'relevance';
  if (!SEARCH_SORTS.includes(sort as SearchSort))
    throw new CliError(`search: --sort takes relevance, time (oldest first) or -time (newest first), not "${sort}"`, 2);
  const group = values.group === undefined ? 'none' : values.group;
  if (group !== 'session' && group !== 'none')
    throw new CliError(`search: --group takes session, not "${values.group}"`, 2);
  if (values.after !== undefined && values.offset !== undefined)
    throw new CliError('search: give --after or --offset, not both', 2);

  const db = openCase(casePath, { browsing: true });
  try {
    const outcome = searchCase(db, query, {
      limit,
      offset,
      sort: sort as SearchSort,
      group,
      facets: values.facets,
      ...(values.after !== undefined && { after: values.after }),
    });
    if (!outcome.ok) throw new CliError(`search: ${outcome.error.message}`, outcome.error.kind === 'query' ? 2 : 1);
    if (values.json) printJson(outcome.result);
    else printResult(outcome.result, highlighter(process.stdout));
    return 0;
  } finally {
    db.close();
  }
}

/** `--sort -time` as `--sort=-time`: parseArgs would take a value starting with a dash for an option. */
function joinDashValue(argv: readonly string[], option: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (argv[i] === option && argv[i + 1]?.startsWith('-') === true) out.push(`${option}=${argv[++i]!}`);
    else out.push(argv[i]!);
  }
  return out;
}

function wholeNumber(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new CliError(`search: ${name} takes a whole number from ${min} to ${max}`, 2);
  return n;
}

type Highlight = (text: string) => string;

/** Bold on a terminal (unless NO_COLOR), «guillemets» on a pipe, where bytes of ANSI would be noise. */
function highlighter(stream: NodeJS.WriteStream): Highlight {
  if (stream.isTTY === true && !process.env['NO_COLOR']) return (t) => `\x1b[1m${t}\x1b[22m`;
  return (t) => `«${t}»`;
}

const count = (n: number, capped: boolean): string => `${formatCap(n)}${capped ? '+' : ''}`;
const shortTarget = (t: string | null): string => (t === null ? '-' : t.length > 9 ? `${t.slice(0, 8)}…` : t);
const ORDER_WORDS: Record<SearchSort, string> = {
  relevance: 'best first',
  time: 'oldest first',
  '-time': 'newest first',
};

function printResult(result: SearchResult, highlight: Highlight): void {
  const total = count(result.total, result.totalCapped);
  const hitsWord = result.total === 1 && !result.totalCapped ? 'hit' : 'hits';
  if (result.hits.length === 0) {
    printLine(result.total === 0 ? 'no hits' : `${total} ${hitsWord}, none from ${formatCap(result.offset + 1)} on`);
  } else {
    const whole = result.offset === 0 && result.hits.length === result.total && !result.totalCapped;
    const from = result.offset + 1;
    const to = result.offset + result.hits.length;
    printLine(
      whole
        ? `${total} ${hitsWord}`
        : `${total} ${hitsWord}, ${from === 1 ? `the first ${formatCap(to)}` : `${formatCap(from)}-${formatCap(to)}`} shown (${ORDER_WORDS[result.sort]})`,
    );
    printHits(result, highlight);
  }
  if (result.incomplete === true)
    printLine(
      `(stopped after testing ${INFLATE_BUDGET / 1024 / 1024} Mi characters of output: older output may hold more hits; narrow the query, e.g. a longer term, user:, after:, before:)`,
    );
  else if (result.totalCapped)
    printLine(
      `(ordered and counted over the ${formatCap(MATCH_CAP)} most recently indexed matches of commands and of output: narrow the query, e.g. user:, after:, before:, to reach the others)`,
    );
  if (result.next !== null) printLine(`next page: --after ${result.next}`);
  if (result.facets) printFacets(result.facets);
}

function printHits(result: SearchResult, highlight: Highlight): void {
  const headers = ['TIME (UTC)', 'SESSION', 'PROGRAM', 'COMMAND', 'IN', 'USER', 'TARGET'];
  const rows = result.hits.map((h) =>
    [
      orDash(h.time?.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
      h.session,
      h.program,
      orDash(h.command),
      h.in === 'command' ? 'cmd' : 'out',
      orDash(h.userEmail),
      shortTarget(h.targetId),
    ].map(terminalSafe),
  );
  const widths = headers.map((head, i) => Math.max(head.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], last: string): string =>
    [...cells.map((c, i) => c.padEnd(widths[i]!)), last].join('  ');
  // Continuation lines of an output's snippet start under MATCH.
  const indent = ' '.repeat(widths.reduce((a, w) => a + w + 2, 0));
  const groups = new Map((result.groups ?? []).map((g) => [g.session, g]));
  printLine(line(headers, 'MATCH'));
  let session: string | null = null;
  result.hits.forEach((h, i) => {
    const g = groups.get(h.session);
    if (g && h.session !== session) printLine(groupLine(g, result.totalCapped));
    session = h.session;
    const [first, ...more] = markedSnippet(h, highlight);
    printLine(line(rows[i]!, first ?? ''));
    for (const l of more) printLine(indent + l);
  });
}

/** A session group's header: "== s3  noor@corp.example → 7f3e9c1a…  2026-11-19 08:00:00 UTC  4 hits". */
function groupLine(g: SearchSessionGroup, capped: boolean): string {
  const who = `${orDash(g.userEmail)} → ${shortTarget(g.targetId)}`;
  const hits = `${count(g.hits, capped)} hit${g.hits === 1 && !capped ? '' : 's'}`;
  return terminalSafe(`== ${g.session}  ${who}  ${orDash(utcText(g.start))}  ${hits}`);
}

function printFacets(f: SearchFacets): void {
  const list = (name: string, l: FacetList): void => {
    // Where a match is: a table that did not reach the cap is counted exactly.
    const capped = (v: string | null): boolean => (name === 'in' ? f.cappedIn.includes(v as HitSource) : f.capped);
    const values = l.values.map((v) => `${v.value ?? '(none)'} ${count(v.count, capped(v.value))}`).join(', ');
    printLine(terminalSafe(`  ${name.padEnd(8)}${values}${l.more > 0 ? `, and ${l.more} more` : ''}`));
  };
  printLine(`counts over ${count(f.counted, f.capped)} matches:`);
  list('users', f.users);
  list('targets', f.targets);
  list('types', f.types);
  list('in', f.in);
  printLine(`  notes   ${count(f.noted, f.capped)} with a note (is:noted)`);
}

/** The snippet's lines, each made safe piece by piece, so the highlight's own escape codes survive terminalSafe. */
function markedSnippet(hit: SearchHit, highlight: Highlight): string[] {
  const lines: string[] = [];
  let out = '';
  const plain = (text: string): void => {
    const parts = text.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) {
        lines.push(out);
        out = '';
      }
      out += terminalSafe(p);
    });
  };
  let at = 0;
  for (const m of hit.matches) {
    plain(hit.snippet.slice(at, m.start));
    // A match holds no line break (terms are matched within a line of text).
    out += highlight(terminalSafe(hit.snippet.slice(m.start, m.end).replace(/\n/g, ' ')));
    at = m.end;
  }
  plain(hit.snippet.slice(at));
  lines.push(out);
  return lines;
}
