import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { listAudit, reportEntries, verifyAudit } from '../evidence/audit-log';
import { parseQueryTime } from '../search/query-time';
import { isoFromUs } from '../store/stored-time';
import type { CaseDb } from '../store/open-case';
import { buildReport } from './build-report';
import { extractHtmlFacts, extractHtmlManifest } from './html-manifest';
import { renderHtml } from './render-html';
import type { ReportManifest } from './report-model';
import { proofProblems } from './report-proof';

export class UnreadableReportError extends Error {}

export type EntryStatus = 'verified' | 'missing' | 'tampered';

export interface EntryResult {
  path: string;
  sha256: string;
  status: EntryStatus;
  /** The file that matched (verified) or that has the name but another hash (tampered). */
  found: string[];
}

/** A report as found on disk: its bytes' hash and the facts it carries (none in a PDF). */
export interface ReadReport {
  kind: 'json' | 'html' | 'pdf';
  sha256: string;
  /** The model with its proof (JSON reports, and HTML reports since format 2); null otherwise. */
  facts: Record<string, unknown> | null;
  manifest: ReportManifest | null;
  /** The HTML text, to compare with the page its facts render to. */
  html: string | null;
}

/** What a check of the report against its case found. */
export interface CaseCheck {
  /** The audit entry that recorded writing these exact bytes, if any. */
  written: { seq: number; at: string | null } | null;
  /** The audit head the report states, and whether the case still holds it. */
  head: { seq: number | null; hash: string | null; present: boolean | null };
  chainVerified: boolean;
  problems: string[];
  /** Where the report's facts and the case's differ (when the facts do not prove themselves). */
  differences: string[];
}

export interface VerifyResult {
  reportSha256: string;
  kind: ReadReport['kind'];
  /** Whether the facts match their proof, and why not. */
  facts: { checked: boolean; problems: string[] };
  /** Whether the visible page is what its facts render to (HTML). */
  page: { checked: boolean; problem: string | null };
  audit: ReportManifest['audit'] | null;
  entries: EntryResult[];
  case: CaseCheck | null;
  ok: boolean;
}

/** Reads a report written by sshlens: JSON, HTML (facts, or only the manifest if older) or PDF (bytes only). */
export function readReport(path: string): ReadReport {
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    return { kind: 'pdf', sha256, facts: null, manifest: null, html: null };
  const text = bytes.toString('utf8');
  try {
    if (text.trimStart().startsWith('{')) {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (json['format'] !== 'sshlens-report' || typeof json['manifest'] !== 'object')
        throw new UnreadableReportError('this JSON file is not an sshlens report');
      return { kind: 'json', sha256, facts: json, manifest: json['manifest'] as ReportManifest, html: null };
    }
    const facts = extractHtmlFacts(text);
    const manifest = facts ? (facts['manifest'] as ReportManifest) : extractHtmlManifest(text);
    return { kind: 'html', sha256, facts, manifest, html: text };
  } catch (e) {
    if (e instanceof UnreadableReportError) throw e;
    throw new UnreadableReportError(`cannot read the report's facts: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Checks a report: its facts against their proof, its visible page against its facts, its sources
 * against copies under `sourceDirs` (matched by SHA-256, names may differ), and, given its case,
 * that the case's audit log recorded writing it and still holds the head it states.
 */
export async function verifyReport(
  report: ReadReport,
  options: { sourceDirs: readonly string[]; caseDb?: CaseDb; toolVersion: string },
): Promise<VerifyResult> {
  const factsProblems = report.facts ? proofProblems(report.facts) : [];
  const facts =
    report.kind === 'pdf'
      ? { checked: false, problems: [] }
      : {
          checked: report.facts !== null && factsProblems.length === 0,
          problems: report.facts ? factsProblems : [NO_PROOF],
        };
  const page = report.kind === 'html' ? checkPage(report, options.toolVersion) : { checked: false, problem: null };
  const entries = report.manifest ? await verifySources(report.manifest, options.sourceDirs) : [];
  const caseCheck = options.caseDb ? await checkAgainstCase(options.caseDb, report, factsProblems.length > 0) : null;
  const provenByCase = caseCheck !== null && caseCheck.written !== null && caseCheck.problems.length === 0;
  const ok =
    (report.kind === 'pdf' ? provenByCase : facts.problems.length === 0 && page.problem === null) &&
    entries.every((e) => e.status === 'verified') &&
    (caseCheck === null || caseCheck.problems.length === 0) &&
    (report.manifest?.audit.verified ?? true);
  return {
    reportSha256: report.sha256,
    kind: report.kind,
    facts,
    page,
    audit: report.manifest?.audit ?? null,
    entries,
    case: caseCheck,
    ok,
  };
}

const NO_PROOF =
  'the report carries no proof (written before sshlens reports proved their facts): its facts cannot be checked';

/** The page must be exactly what its facts render to: any edit of the visible report shows here. */
function checkPage(report: ReadReport, toolVersion: string): { checked: boolean; problem: string | null } {
  const facts = report.facts;
  if (facts === null || report.html === null) return { checked: false, problem: null };
  const written = (facts['tool'] as { version?: unknown } | undefined)?.version;
  if (written !== toolVersion)
    return {
      checked: false,
      problem: null, // another version lays pages out otherwise: only the facts can be checked
    };
  let expected: string;
  try {
    expected = renderHtml(facts as never);
  } catch {
    return { checked: true, problem: 'the page cannot be drawn again from the facts it carries' };
  }
  if (expected === report.html) return { checked: true, problem: null };
  const html = report.html;
  let at = 0;
  while (at < html.length && at < expected.length && html[at] === expected[at]) at++;
  // The part the first difference lies in: the nearest of the top-level sections before it.
  const starts: Array<[number, string]> = [
    [html.lastIndexOf('<section class="summary"', at), 'the summary'],
    [html.lastIndexOf('<section class="manifest"', at), 'the manifest'],
  ];
  const session = html.lastIndexOf('<section class="session" id="', at);
  if (session >= 0)
    starts.push([session, `session ${/id="([^"]+)"/.exec(html.slice(session, session + 80))?.[1] ?? '?'}`]);
  const [, where] = starts.reduce((best, s) => (s[0] > best[0] ? s : best), [-1, 'the title and particulars'] as [
    number,
    string,
  ]);
  const shownText = (s: string): string => JSON.stringify(s.slice(Math.max(0, at - 20), at + 40));
  return {
    checked: true,
    problem: `the page differs from the facts it carries, in ${where} (character ${at}: it reads ${shownText(html)} where its facts give ${shownText(expected)}): the visible report was edited`,
  };
}

/**
 * Checks each manifest entry against the files under the folders, matched by content (names may
 * differ): verified when a file has its SHA-256; tampered when none does but one has its name; else missing.
 */
export async function verifySources(manifest: ReportManifest, dirs: readonly string[]): Promise<EntryResult[]> {
  if (dirs.length === 0) return [];
  const byHash = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const file of dirs.flatMap(filesUnder)) {
    const hash = await sha256File(file);
    byHash.set(hash, [...(byHash.get(hash) ?? []), file]);
    const name = basename(file);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  return manifest.sources.map((s): EntryResult => {
    const same = byHash.get(s.sha256);
    if (same) return { path: s.path, sha256: s.sha256, status: 'verified', found: same };
    const named = byName.get(basename(s.path.replace(/\\/g, '/')));
    return named
      ? { path: s.path, sha256: s.sha256, status: 'tampered', found: named }
      : { path: s.path, sha256: s.sha256, status: 'missing', found: [] };
  });
}

/**
 * The case's side: its audit log must record writing these exact bytes (a 'report' entry with
 * their SHA-256), and still hold the head the report states (entries removed or rewritten since
 * are seen here). When the facts do not prove themselves, they are compared with the case's.
 */
export async function checkAgainstCase(db: CaseDb, report: ReadReport, compare: boolean): Promise<CaseCheck> {
  const problems: string[] = [];
  const chain = verifyAudit(db);
  if (!chain.ok) problems.push(`the case's audit log does not verify at entry ${chain.firstBadSeq}: ${chain.reason}`);
  const entries = reportEntries(db, report.sha256);
  const written = entries[0] ? { seq: entries[0].seq, at: isoFromUs(entries[0].atUs) } : null;
  if (written === null)
    problems.push(
      `no entry of the case's audit log records writing a report with this SHA-256 (${report.sha256}): it is not the file sshlens wrote, or it was written from another case`,
    );
  const audit = report.manifest?.audit;
  const seq = audit ? (audit.lastSeq ?? (audit.verified ? audit.entries : null)) : null;
  const hash = audit?.lastHash ?? null;
  let present: boolean | null = null;
  if (seq !== null && hash !== null) {
    const log = listAudit(db);
    const atHead = log.find((e) => e.seq === seq);
    present = atHead !== undefined && atHead.hash === hash;
    if (!present) {
      const last = log.at(-1);
      problems.push(
        atHead === undefined
          ? `the case's audit log no longer holds entry ${seq}, the head the report states (hash ${hash}); it ends at entry ${last?.seq ?? 0}: entries were removed since the report`
          : `entry ${seq} of the case's audit log is not the one the report states (hash ${atHead.hash}, the report says ${hash}): the log was rewritten since the report`,
      );
    }
    if (written !== null && written.seq !== seq + 1 && entries.every((e) => e.seq !== seq + 1))
      problems.push(
        `the report states the audit head ${seq}, but the case recorded writing it as entry ${written.seq}: entries were removed or added between them`,
      );
  }
  const differences = compare && report.facts ? await differencesFromCase(db, report.facts) : [];
  return { written, head: { seq, hash, present }, chainVerified: chain.ok, problems, differences };
}

const MAX_DIFFERENCES = 10;

/** The report's facts beside the same report built from the case now: where they differ. */
async function differencesFromCase(db: CaseDb, facts: Record<string, unknown>): Promise<string[]> {
  const scope = (facts['scope'] ?? {}) as Record<string, unknown>;
  let rebuilt: Record<string, unknown>;
  try {
    rebuilt = (await buildReport(db, {
      sessions: Array.isArray(scope['sessions']) ? (scope['sessions'] as string[]) : [],
      tags: Array.isArray(scope['tags']) ? (scope['tags'] as string[]) : [],
      fromUs: typeof scope['from'] === 'string' ? parseQueryTime(scope['from']) : null,
      toUs: typeof scope['to'] === 'string' ? parseQueryTime(scope['to']) : null,
      outputLines: typeof scope['outputLines'] === 'number' ? scope['outputLines'] : 0,
      transcript: scope['transcript'] === true,
      toolVersion: '',
    })) as unknown as Record<string, unknown>;
  } catch (e) {
    return [`the case cannot build this report's scope again (${e instanceof Error ? e.message : String(e)})`];
  }
  const out: string[] = [];
  for (const key of ['case', 'summary', 'sessions']) diff(facts[key], rebuilt[key], key, out);
  // The audit part of the manifest moves on with every entry (writing the report added one): its
  // head is checked above; the sources must be the same.
  const sources = (m: unknown): unknown => (m as { sources?: unknown } | undefined)?.sources;
  diff(sources(facts['manifest']), sources(rebuilt['manifest']), 'manifest.sources', out);
  return out.length > MAX_DIFFERENCES
    ? [...out.slice(0, MAX_DIFFERENCES), `… and ${out.length - MAX_DIFFERENCES} more`]
    : out;
}

function diff(report: unknown, now: unknown, path: string, out: string[]): void {
  if (out.length > MAX_DIFFERENCES) return;
  if (Array.isArray(report) && Array.isArray(now)) {
    const keyed = (a: unknown[]): Map<string, unknown> => new Map(a.map((v, i) => [keyOf(v) ?? `#${i}`, v]));
    const r = keyed(report);
    const c = keyed(now);
    for (const [k, v] of r) {
      if (!c.has(k)) out.push(`${path}[${k}]: in the report, not in the case (${short(v)})`);
      else diff(v, c.get(k), `${path}[${k}]`, out);
    }
    for (const [k, v] of c) if (!r.has(k)) out.push(`${path}[${k}]: in the case, not in the report (${short(v)})`);
    return;
  }
  if (isObject(report) && isObject(now)) {
    for (const k of new Set([...Object.keys(report), ...Object.keys(now)]))
      diff(report[k], now[k], `${path}.${k}`, out);
    return;
  }
  if (JSON.stringify(report) !== JSON.stringify(now))
    out.push(`${path}: the report says ${short(report)}, the case says ${short(now)}`);
}

function keyOf(v: unknown): string | null {
  if (!isObject(v)) return null;
  for (const k of ['id', 'sha256', 'session']) if (typeof v[k] === 'string') return v[k] as string;
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function short(v: unknown): string {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
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
