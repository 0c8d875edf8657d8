// About how many A4 pages a report prints to, from its model, before anything is written: the
// report dialog shows it so that a choice that makes a 700-page PDF (every transcript, 20 output
// lines a command) is seen before it is made. The figures follow report-css.ts's print layout,
// measured on the demo case's PDF: a page holds about PAGE table rows; a line of a fact list or
// of preformatted text (output, transcripts) is a fraction of a row; every session and the
// manifest start a page of their own. On the demo case (printed → estimated): all 32 sessions
// 58 → 68 pages, four of them 13 → 11, all with transcripts and 20 output lines 88 → 88.

import type { ReportEstimate } from '../../shared/views';
import type { ReportModel } from './report-model';

/** Table rows (command, source, note, summary) on one printed page. */
const PAGE = 29;
const FACT_ROW = 0.8;
/** A line of preformatted text (output, transcript), in table rows. */
const PRE_LINE = 0.5;
/** Characters on one printed line of code or output (monospace at .82rem). */
const CODE_CHARS_PER_LINE = 95;
const SUMMARY_ROWS_PER_PAGE = 22;
/** The title and the case's particulars take this many summary rows' room on the first page. */
const TITLE_ROWS = 8;

/** Printed lines of a block of text that wraps at `width` characters. */
function wrapped(text: string, width: number): number {
  let lines = 0;
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(line.length / width));
  return lines;
}

export function estimatePages(model: ReportModel): ReportEstimate {
  let programs = 0;
  let commands = 0;
  let outputLines = 0;
  let transcriptLines = 0;
  let pages = Math.max(1, Math.ceil((TITLE_ROWS + model.summary.length) / SUMMARY_ROWS_PER_PAGE));
  for (const s of model.sessions) {
    // The session's facts, its notes, its conflicts.
    let rows = 9 * FACT_ROW + 2;
    if (s.annotations.length > 0) rows += 2 + s.annotations.reduce((n, a) => n + wrapped(a.note, 60) * PRE_LINE + 1, 0);
    if (s.conflicts.length > 0) rows += 3 + 2 * s.conflicts.length;
    for (const p of s.programs) {
      programs += 1;
      // The program's facts, then a row a source (its path wraps, how it was joined is a line more).
      rows += 2 + 7 * FACT_ROW + 1 + 2 * p.sources.length + 1;
      for (const c of p.commands) {
        commands += 1;
        rows += Math.max(1, wrapped(c.text, 50) * PRE_LINE + 0.5);
        for (const l of c.output?.lines ?? []) {
          outputLines += 1;
          rows += wrapped(l, CODE_CHARS_PER_LINE) * PRE_LINE;
        }
      }
      if (p.transcript !== null) {
        const t = wrapped(p.transcript, CODE_CHARS_PER_LINE);
        transcriptLines += t;
        rows += 2 + t * PRE_LINE;
      }
    }
    pages += Math.max(1, Math.ceil(rows / PAGE));
  }
  pages += Math.max(1, Math.ceil((6 + model.manifest.sources.length * 2) / PAGE));
  return { sessions: model.sessions.length, programs, commands, outputLines, transcriptLines, pages };
}
