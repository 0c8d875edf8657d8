// About how many A4 pages a report prints to, from its model, before anything is written: the
// report dialog shows it so that a choice that makes a 700-page PDF (every transcript, 20 output
// lines a command) is seen before it is made. The figures follow report-css.ts's print layout,
// measured on the demo case's PDF: a page holds about PAGE table rows; a line of a fact list or
// of preformatted text (output, transcripts) is a fraction of a row; every session and the
// manifest start a page of their own. On the demo case (printed → estimated): all 32 sessions
// 56 → 57 pages, four of them 11 → 11, one 6 → 6, all with transcripts and 20 output lines 85 → 80.

import type { ReportEstimate } from '../../shared/views';
import type { ReportManifest, ReportModel } from './report-model';

/** Table rows (command, source, note, summary) on one printed page. */
const PAGE = 34;
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

/** Printed lines of the machine-readable manifest (.7rem monospace) on one page, and characters a line. */
const MACHINE_LINES_PER_PAGE = 62;
const MACHINE_CHARS_PER_LINE = 125;
/** Sources in the manifest's table on one page (path and hash are two lines a row). */
const MANIFEST_ROWS_PER_PAGE = 23;

/** The manifest: its table of sources, the audit log's state, then the same as JSON, a source a line. */
function manifestPages(manifest: ReportManifest): number {
  const table = (4 + manifest.sources.length + 3) / MANIFEST_ROWS_PER_PAGE;
  let machine = 4;
  for (const s of manifest.sources) machine += Math.ceil(JSON.stringify(s).length / MACHINE_CHARS_PER_LINE);
  return Math.max(1, Math.ceil(table + machine / MACHINE_LINES_PER_PAGE));
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
  pages += manifestPages(model.manifest);
  return { sessions: model.sessions.length, programs, commands, outputLines, transcriptLines, pages };
}
