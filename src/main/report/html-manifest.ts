import type { ReportManifest } from './report-model';
import { safeJson } from '../../shared/control-chars';
import { escapeHtml, unescapeHtml } from './html-escape';

/**
 * HTML reports carry their manifest twice: as tables for people and as JSON for `sshlens
 * verify`, in a <pre> (a script element, even of type JSON, is not allowed in a report). Every
 * "<" inside is escaped, so the first "</pre>" after the opening tag ends it.
 */
const OPEN = '<pre id="sshlens-manifest" class="machine">';
const CLOSE = '</pre>';

export function manifestPre(manifest: ReportManifest): string {
  // Characters escapeHtml would make visible are written as JSON escapes, so they read back exactly.
  const json = safeJson(manifest, 1);
  return `${OPEN}${escapeHtml(json)}${CLOSE}`;
}

export class ManifestNotFoundError extends Error {}

/** Reads the manifest back from an HTML report written by sshlens; exactly one must be there. */
export function extractHtmlManifest(html: string): ReportManifest {
  const start = html.indexOf(OPEN);
  if (start < 0 || html.indexOf(OPEN, start + 1) >= 0)
    throw new ManifestNotFoundError(
      start < 0 ? 'no sshlens manifest in this HTML file' : 'more than one sshlens manifest in this HTML file',
    );
  const end = html.indexOf(CLOSE, start + OPEN.length);
  if (end < 0) throw new ManifestNotFoundError('the manifest in this HTML file is not closed');
  return JSON.parse(unescapeHtml(html.slice(start + OPEN.length, end))) as ReportManifest;
}
