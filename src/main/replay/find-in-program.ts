import type { FindHit, FindInProgramRequest } from '../../shared/views';
import { buildSnippet } from '../search/snippet';
import { matchRanges } from '../search/text-match';
import type { CaseDb } from '../store/open-case';
import { iterateOutputTexts, selectCommandTexts, type OutputTextRow } from '../store/program-text-rows';
import { OutputClock } from './output-position';
import { loadReplayProgram } from './replay-program';

/** Output text is extracted from the first 1 MiB of each command's output (shell-extractor.ts). */
const TEXT_SOURCE_BYTES = 1 << 20;

interface OutputMatch {
  row: OutputTextRow;
  range: [number, number];
}

/**
 * Case-insensitive text in one program's commands and output, earliest first, each place found
 * a hit of its own: where to seek (the command's Enter, or for output the moment its bytes were
 * sent, estimated from the match's place in the text) and a snippet around it.
 */
export function findInProgram(db: CaseDb, req: FindInProgramRequest & { programRow: number }): FindHit[] {
  const { programRow } = req;
  loadReplayProgram(db, programRow);
  if (req.text === '' || req.limit <= 0) return [];
  const term = { kind: 'substring' as const, text: req.text, column: 1 };
  const hits: FindHit[] = [];

  for (const c of selectCommandTexts(db, programRow)) {
    for (const range of matchRanges(c.text, term, req.limit - hits.length))
      hits.push(hit(c.atUs, c.text, range, 'command'));
    if (hits.length >= req.limit) break;
  }

  // Matches first, times after: the time lookups read event chunks, which an open iterator forbids.
  const outputs: OutputMatch[] = [];
  for (const row of iterateOutputTexts(db, programRow)) {
    for (const range of matchRanges(row.text, term, req.limit - outputs.length)) outputs.push({ row, range });
    if (outputs.length >= req.limit) break;
  }
  const clock = new OutputClock(db, programRow);
  for (const m of outputs) hits.push(hit(outputTime(m, clock), m.row.text, m.range, 'output'));

  return hits.sort((a, b) => a.atUs - b.atUs).slice(0, req.limit);
}

/** One place found: its snippet highlights that place alone (the next hit is the next place). */
function hit(atUs: number, text: string, range: [number, number], where: FindHit['in']): FindHit {
  const snippet = buildSnippet(text, [range]);
  return { atUs, snippet: snippet.text, matches: snippet.matches, in: where };
}

/**
 * When the matched text was on screen: its place in the text, as a share of the output bytes
 * the text was made from, gives a byte offset, and the stored events the time it was sent
 * (escape sequences make the share approximate). Kept within the output's own time span.
 */
function outputTime(m: OutputMatch, clock: OutputClock): number {
  const { row } = m;
  const sourceBytes = Math.min(row.endOffset - row.startOffset, TEXT_SOURCE_BYTES);
  if (sourceBytes <= 0) return row.startUs;
  const share = row.text.length > 0 ? m.range[0] / row.text.length : 0;
  const offset = row.startOffset + Math.floor(share * sourceBytes);
  const at = clock.timeOf(Math.min(offset, row.startOffset + sourceBytes - 1)) ?? row.startUs;
  return Math.min(Math.max(at, row.startUs), row.endUs);
}
