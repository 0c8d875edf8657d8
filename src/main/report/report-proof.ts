import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../evidence/canonical-json';
import type { ReportModel, ReportProof } from './report-model';

/**
 * A report proves its own facts: each part (the header, the case's particulars, the summary, each
 * session, the manifest) is hashed as canonical JSON (evidence/canonical-json.ts: sorted keys, no
 * whitespace), and the list of those digests is hashed once more. `sshlens verify` recomputes them
 * from the report's facts (the JSON report itself, or the copy an HTML report carries) and names the
 * part that no longer matches. Anyone can check it without sshlens:
 *   sha256(canonical(part)) for each part, then sha256(canonical(proof.parts)) == proof.sha256.
 * A digest proves the report is as written unless it was rewritten along with its digests; the case
 * closes that gap: its audit log records the SHA-256 of every report written from it (verify --case).
 */
export type UnprovenReport = Omit<ReportModel, 'proof'>;

const TOP_LEVEL = [
  'format',
  'formatVersion',
  'case',
  'generatedAt',
  'tool',
  'scope',
  'summary',
  'sessions',
  'manifest',
];

/** What each part is called in a message. */
export function partName(part: string): string {
  if (part === 'header') return "the report's header (its format, when and by what it was written, its scope)";
  if (part === 'case') return "the case's particulars";
  if (part === 'summary') return 'the summary table';
  if (part === 'manifest') return 'the manifest (the source files and the audit log)';
  return part; // "session s2"
}

function parts(model: Record<string, unknown>): Array<{ part: string; value: unknown }> {
  const sessions = Array.isArray(model['sessions']) ? (model['sessions'] as Array<Record<string, unknown>>) : [];
  return [
    {
      part: 'header',
      value: {
        format: model['format'],
        formatVersion: model['formatVersion'],
        generatedAt: model['generatedAt'],
        tool: model['tool'],
        scope: model['scope'],
      },
    },
    { part: 'case', value: model['case'] },
    { part: 'summary', value: model['summary'] },
    ...sessions.map((s) => ({ part: `session ${String(s['id'])}`, value: s })),
    { part: 'manifest', value: model['manifest'] },
  ];
}

function digest(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(value as JsonValue), 'utf8')
    .digest('hex');
}

/** The proof of a report's facts, written with it. */
export function proveReport(model: UnprovenReport): ReportProof {
  const list = parts(model as unknown as Record<string, unknown>).map(({ part, value }) => ({
    part,
    sha256: digest(value),
  }));
  return { method: 'sha256-canonical-json', parts: list, sha256: digest(list) };
}

/**
 * Recomputes a report's proof from its facts as found: every part changed, removed or added since
 * sshlens wrote it, by name. Empty when the facts are exactly those the proof was made of.
 */
export function proofProblems(model: Record<string, unknown>): string[] {
  const proof = model['proof'] as Partial<ReportProof> | undefined;
  if (model['formatVersion'] === 1 || proof === undefined)
    return [
      'the report carries no proof (written before sshlens reports proved their facts): its facts cannot be checked',
    ];
  if (!Array.isArray(proof.parts) || typeof proof.sha256 !== 'string')
    return ['the proof is damaged: it has no list of digests'];
  const problems: string[] = [];
  const extra = Object.keys(model).filter((k) => k !== 'proof' && !TOP_LEVEL.includes(k));
  if (extra.length > 0) problems.push(`the report has fields sshlens did not write: ${extra.join(', ')}`);
  const stated = new Map(proof.parts.map((p) => [String(p.part), String(p.sha256)]));
  const found = new Map<string, string | null>();
  for (const { part, value } of parts(model)) {
    try {
      found.set(part, digest(value));
    } catch {
      found.set(part, null); // a number canonical JSON cannot hold (a fraction): changed by someone
    }
  }
  for (const [part, sha] of stated) {
    if (!found.has(part)) problems.push(`${partName(part)} was removed from the report after sshlens wrote it`);
    else if (found.get(part) !== sha) problems.push(`${partName(part)} was changed after sshlens wrote the report`);
  }
  for (const part of found.keys())
    if (!stated.has(part)) problems.push(`${partName(part)} was added to the report after sshlens wrote it`);
  let listDigest: string | null = null;
  try {
    listDigest = digest(proof.parts);
  } catch {
    listDigest = null;
  }
  if (problems.length === 0 && listDigest !== proof.sha256)
    problems.push("the proof itself was changed (its digests no longer give the report's SHA-256)");
  return problems;
}
