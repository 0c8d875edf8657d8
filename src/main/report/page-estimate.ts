// About how many A4 pages a report prints to, from its model, before anything is written: the
// report dialog shows it so that a choice that makes a 700-page PDF (every transcript, 20 output
// lines a command) is seen before it is made. The figures follow report-css.ts's print layout:
// 9.5 pt text on A4 with 18 mm margins holds about LINES_PER_PAGE lines, every session and the
// manifest start a page of their own.

import type { ReportEstimate } from '../../shared/views';
import type { ReportModel } from './report-model';

const LINES_PER_PAGE = 58;
/** Characters on one printed line of code or output (monospace at .82rem). */
const CODE_CHARS_PER_LINE = 95;
const SUMMARY_ROWS_PER_PAGE = 38;

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
  // The title page with the case's particulars, then the summary.
  let pages = 1 + Math.max(1, Math.ceil(model.summary.length / SUMMARY_ROWS_PER_PAGE));
  for (const s of model.sessions) {
    let lines = 12 + s.annotations.reduce((n, a) => n + 2 + wrapped(a.note, CODE_CHARS_PER_LINE), 0);
    for (const p of s.programs) {
      programs += 1;
      lines += 8 + p.sources.length;
      for (const c of p.commands) {
        commands += 1;
        lines += wrapped(c.text, CODE_CHARS_PER_LINE);
        for (const l of c.output?.lines ?? []) {
          outputLines += 1;
          lines += wrapped(l, CODE_CHARS_PER_LINE);
        }
      }
      if (p.transcript !== null) {
        const t = wrapped(p.transcript, CODE_CHARS_PER_LINE);
        transcriptLines += t;
        lines += 2 + t;
      }
    }
    pages += Math.max(1, Math.ceil(lines / LINES_PER_PAGE));
  }
  pages += Math.max(1, Math.ceil((12 + model.manifest.sources.length * 2) / LINES_PER_PAGE));
  return { sessions: model.sessions.length, programs, commands, outputLines, transcriptLines, pages };
}
