import type { ExtractionFigures } from './extraction-bench';
import { mbPerSecond } from './measure';
import { bytesLabel, mb, print, rate, row, seconds, target } from './report';
import type { CategoryFigures, Percentiles, SearchBenchResult } from './search-bench';

const P99_TARGET_MS = 50;

const ms = (x: number): string => `${x.toFixed(x >= 100 ? 0 : 1)} ms`;
const pp = (p: Percentiles): string => `p50 ${ms(p.p50).padStart(8)}  p99 ${ms(p.p99).padStart(8)}`;
const thousands = (n: number): string => n.toLocaleString('en-US');

const LABELS: Record<CategoryFigures['category'], string> = {
  word: 'whole-word queries (=word)',
  substring: 'substring queries ("fragment")',
  filtered: 'filtered queries (1-2 filters + a term)',
};

export function printSearch(r: SearchBenchResult): void {
  const b = r.built;
  print(
    `search   ${thousands(b.commands)} synthetic commands + ${thousands(b.outputs)} outputs in ${thousands(b.programs)} programs of ` +
      `${thousands(b.sessions)} sessions (${b.users.length} users, ${b.targets.length} targets, 90 days), ${mb(b.textChars)} characters of text`,
  );
  print(
    row(
      'building the case (excluded from figures)',
      `insert ${seconds(b.insertSeconds)}, full-text index ${seconds(b.indexSeconds)}`,
    ),
  );
  const perMillion = (r.dbBytes / b.commands) * 1e6;
  print(row('database size', `${mb(r.dbBytes)} = ${mb(perMillion)} per million commands (with their output)`));
  if (r.breakdown) {
    const x = r.breakdown;
    print(
      row(
        '  of which',
        `text ${mb(x.content)}, trigram index ${mb(x.trigram)}, word index ${mb(x.words)}, sessions/programs/b-tree indexes ${mb(x.other)}`,
      ),
    );
  }
  print(row('  the same text as plain files (grep baseline)', bytesLabel(b.exportedBytes)));
  print(
    `    latency per query through searchCase (limit 20, snippets included), case file in the OS page cache; grep -rFic (-w for words) over the files:`,
  );
  for (const c of r.categories) {
    const met = c.search.p99 < P99_TARGET_MS;
    print(
      row(
        `${LABELS[c.category]}: ${c.queries} × ${c.samples / c.queries}`,
        pp(c.search),
        `max ${ms(c.search.max)}`,
        target(`p99 < ${P99_TARGET_MS} ms`, met),
      ),
    );
    print(
      row(
        `  grep, same terms (${c.grepRuns} runs)`,
        pp(c.grep),
        `${(c.grep.p50 / Math.max(c.search.p50, 0.001)).toFixed(0)}x the search p50`,
      ),
    );
    print(
      row('  hits per query', `median ${c.medianTotal}, none for ${c.noHits}, ${c.capped} over the 1000-per-table cap`),
    );
    const ways = Object.entries(c.ways).sort((x, y) => y[1] - x[1]);
    print(row('  tables searched by', ways.map(([way, n]) => `${way} ${n}`).join(', ')));
    for (const e of c.errors.slice(0, 5)) print(row('  QUERY ERROR', e));
  }
}

export function printExtraction(x: ExtractionFigures): void {
  const mbps = mbPerSecond(x.outputBytes, x.seconds);
  print(
    `extract  one interactive session: ${bytesLabel(x.outputBytes)} of terminal output in ${thousands(x.events)} events (keystrokes echoed, coloured output)`,
  );
  print(
    row(
      'extractCommands (shell), terminal output',
      rate(mbps),
      seconds(x.seconds),
      `[${x.minSeconds.toFixed(2)}..${x.maxSeconds.toFixed(2)} s over ${x.rounds} rounds]`,
      `${thousands(x.commands)} commands found`,
    ),
  );
}
