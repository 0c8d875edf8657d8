import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { extractHtmlManifest } from './html-manifest';
import type { ReportManifest } from './report-model';

export class UnreadableReportError extends Error {}

export type EntryStatus = 'verified' | 'missing' | 'tampered';

export interface EntryResult {
  path: string;
  sha256: string;
  status: EntryStatus;
  /** The file that matched (verified) or that has the name but another hash (tampered). */
  found: string[];
}

export interface VerifyResult {
  reportSha256: string;
  audit: ReportManifest['audit'];
  entries: EntryResult[];
  ok: boolean;
}

/** The manifest of a JSON or HTML report written by sshlens (a PDF's is read from its JSON or HTML sibling). */
export function readReportManifest(path: string): { manifest: ReportManifest; sha256: string } {
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    throw new UnreadableReportError('a PDF report cannot be verified itself: verify its JSON or HTML sibling');
  const text = bytes.toString('utf8');
  try {
    if (text.trimStart().startsWith('{')) {
      const json = JSON.parse(text) as { format?: unknown; manifest?: ReportManifest };
      if (json.format !== 'sshlens-report' || !json.manifest)
        throw new UnreadableReportError('this JSON file is not an sshlens report');
      return { manifest: json.manifest, sha256 };
    }
    return { manifest: extractHtmlManifest(text), sha256 };
  } catch (e) {
    if (e instanceof UnreadableReportError) throw e;
    throw new UnreadableReportError(`cannot read the manifest: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Checks each manifest entry against the files under dir, matched by content (names may differ):
 * verified when a file has its SHA-256; tampered when none does but one has its name; else missing.
 */
export async function verifyManifest(
  manifest: ReportManifest,
  reportSha256: string,
  dir: string,
): Promise<VerifyResult> {
  const byHash = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const file of filesUnder(dir)) {
    const hash = await sha256File(file);
    byHash.set(hash, [...(byHash.get(hash) ?? []), file]);
    const name = basename(file);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  const entries = manifest.sources.map((s): EntryResult => {
    const same = byHash.get(s.sha256);
    if (same) return { path: s.path, sha256: s.sha256, status: 'verified', found: same };
    const named = byName.get(basename(s.path.replace(/\\/g, '/')));
    return named
      ? { path: s.path, sha256: s.sha256, status: 'tampered', found: named }
      : { path: s.path, sha256: s.sha256, status: 'missing', found: [] };
  });
  return {
    reportSha256,
    audit: manifest.audit,
    entries,
    ok: manifest.audit.verified && entries.every((e) => e.status === 'verified'),
  };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...filesUnder(p));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
