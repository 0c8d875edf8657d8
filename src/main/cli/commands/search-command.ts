import { DEFAULT_LIMIT, MAX_LIMIT, searchCase } from '../../search/run-search';
import type { SearchHit, SearchResult } from '../../../shared/search';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, terminalSafe } from '../output';

export const searchHelp = `Usage: sshlens [--case PATH] search QUERY... [--limit N] [--json]

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
  note:WORD         in what carries a note containing WORD;  is:starred  in starred ones

Ranking: the whole command line is the query, then every term as a whole word, then
command lines before output, then more and denser matches (BM25 term frequency),
then newest. Each of commands and output is ranked over its 1000 most recently
indexed matches; past that, total is a lower bound ("1000+").

  --limit N   hits to show, best first (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})
  --json      print {total, totalCapped, tookMs, hits: [{session, program, command, in, time, text,
              snippet, matches: [{start, end}], userEmail, targetId, replay: {atUs, outputOffset}}]}
              (command is null for output that follows no command; matches index the snippet;
              an output hit's replay is the moment its first match was printed; tookMs is the
              engine's time for the query)

Exit status: 0 (also when nothing matched), 2 for a malformed query.`;

export function searchCommand(casePath: string, argv: string[]): number {
  const { values, positionals } = parseCommandArgs('search', argv, {
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const query = positionals.join(' ');
  if (query.trim() === '') throw new CliError('search: give a query (see sshlens search --help)', 2);
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new CliError(`search: --limit takes a whole number from 1 to ${MAX_LIMIT}`, 2);

  const db = openCase(casePath);
  try {
    const outcome = searchCase(db, query, { limit });
    if (!outcome.ok) throw new CliError(`search: ${outcome.error.message}`, outcome.error.kind === 'query' ? 2 : 1);
    if (values.json) printJson(outcome.result);
    else printHits(outcome.result, highlighter(process.stdout));
    return 0;
  } finally {
    db.close();
  }
}

type Highlight = (text: string) => string;

/** Bold on a terminal (unless NO_COLOR), «guillemets» on a pipe, where bytes of ANSI would be noise. */
function highlighter(stream: NodeJS.WriteStream): Highlight {
  if (stream.isTTY === true && !process.env['NO_COLOR']) return (t) => `\x1b[1m${t}\x1b[22m`;
  return (t) => `«${t}»`;
}

function printHits(result: SearchResult, highlight: Highlight): void {
  const total = result.totalCapped ? `${result.total}+` : String(result.total);
  if (result.hits.length === 0) {
    printLine('no hits');
    return;
  }
  const shown = result.hits.length < result.total ? `, the best ${result.hits.length} shown` : '';
  printLine(`${total} hit${result.total === 1 ? '' : 's'}${shown}`);
  const headers = ['TIME (UTC)', 'SESSION', 'PROGRAM', 'COMMAND', 'IN', 'USER', 'TARGET'];
  const rows = result.hits.map((h) =>
    [
      orDash(h.time?.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
      h.session,
      h.program,
      orDash(h.command),
      h.in === 'command' ? 'cmd' : 'out',
      orDash(h.userEmail),
      h.targetId === null ? '-' : h.targetId.length > 9 ? `${h.targetId.slice(0, 8)}…` : h.targetId,
    ].map(terminalSafe),
  );
  const widths = headers.map((head, i) => Math.max(head.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], last: string): string =>
    [...cells.map((c, i) => c.padEnd(widths[i]!)), last].join('  ');
  printLine(line(headers, 'MATCH'));
  result.hits.forEach((h, i) => printLine(line(rows[i]!, markedSnippet(h, highlight))));
}

/** The snippet made safe piece by piece, so the highlight's own escape codes survive terminalSafe. */
function markedSnippet(hit: SearchHit, highlight: Highlight): string {
  let out = '';
  let at = 0;
  for (const m of hit.matches) {
    out += terminalSafe(hit.snippet.slice(at, m.start)) + highlight(terminalSafe(hit.snippet.slice(m.start, m.end)));
    at = m.end;
  }
  return out + terminalSafe(hit.snippet.slice(at));
}
