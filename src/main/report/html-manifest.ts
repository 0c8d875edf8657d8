import type { ReportManifest, ReportModel } from './report-model';
import { safeJson } from '../../shared/control-chars';
import { escapeHtml, unescapeHtml } from './html-escape';

/**
 * HTML reports carry their facts machine-readably twice: the manifest, shown (for people who want
 * to check hashes by hand), and the whole model with its proof, hidden (for `sshlens verify`, which
 * recomputes the proof and renders the page again from it). Both are JSON in a <pre> (a script
 * element, even of type JSON, is not allowed in a report); every "<" inside is escaped, so the first
 * "</pre>" after the opening tag ends it. Characters escapeHtml would make visible are written as
 * JSON escapes first (safeJson), so the JSON reads back exactly.
 */
const MANIFEST_OPEN = '<pre id="sshlens-manifest" class="machine">';
const FACTS_OPEN = '<pre id="sshlens-facts" class="machine" hidden>';
const CLOSE = '</pre>';

/**
 * The manifest as JSON with one source a line: as readable as indented JSON, a fraction of its
 * printed pages (a case of 30 sources took four pages indented, one a line takes one).
 */
export function manifestPre(manifest: ReportManifest): string {
  const { sources, ...rest } = manifest;
  const lines = sources.map((s) => safeJson(s)).join(',\n');
  const tail = safeJson(rest).slice(1);
  const json = `{"sources": [\n${lines}\n],\n${tail}`;
  return `${MANIFEST_OPEN}${escapeHtml(json)}${CLOSE}`;
}

export function factsPre(model: ReportModel): string {
  return `${FACTS_OPEN}${escapeHtml(safeJson(model))}${CLOSE}`;
}

export class ManifestNotFoundError extends Error {}

/** Reads the manifest back from an HTML report written by sshlens; exactly one must be there. */
export function extractHtmlManifest(html: string): ReportManifest {
  const json = extractPre(html, MANIFEST_OPEN, 'manifest');
  if (json === null) throw new ManifestNotFoundError('no sshlens manifest in this HTML file');
  return JSON.parse(json) as ReportManifest;
}

/** The facts an HTML report carries (its model and proof), or null for a report older than them. */
export function extractHtmlFacts(html: string): Record<string, unknown> | null {
  const json = extractPre(html, FACTS_OPEN, 'facts');
  return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
}

function extractPre(html: string, open: string, what: string): string | null {
  const start = html.indexOf(open);
  if (start < 0) return null;
  if (html.indexOf(open, start + 1) >= 0)
    throw new ManifestNotFoundError(`more than one sshlens ${what} in this HTML file`);
  const end = html.indexOf(CLOSE, start + open.length);
  if (end < 0) throw new ManifestNotFoundError(`the ${what} in this HTML file is not closed`);
  return unescapeHtml(html.slice(start + open.length, end));
}
