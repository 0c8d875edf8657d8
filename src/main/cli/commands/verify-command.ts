import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readReport, UnreadableReportError, verifyReport, type VerifyResult } from '../../report/verify-report';
import { caseFileProblem, openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine, printTable, terminalSafe } from '../output';

declare const SSHLENS_VERSION: string;

export const verifyHelp = `Usage: sshlens verify REPORT [--sources DIR]... [--case CASE] [--json]

Checks a report written by sshlens report, as far as what you give it allows:

  its facts      always (JSON and HTML): the report carries SHA-256 digests of the canonical
                 JSON of each of its parts (header, case, summary, each session, manifest);
                 a changed command, time, source, hash or audit head is named by its part
  its page       HTML: the visible report must be exactly what its facts render to, so an
                 edit of the page alone is seen too (when the same sshlens version wrote it)
  its sources    --sources DIR (repeat for more folders, searched recursively, matched by
                 SHA-256 so names may differ): each is verified, TAMPERED (a file has its
                 name but another hash) or MISSING
  its case       --case CASE: the case's audit log must record writing this exact file (also
                 a PDF, which carries no facts of its own) and still hold the audit head the
                 report states, so entries removed from the case since are seen; where the
                 facts do not prove themselves, they are compared with the case's

  --json   print {reportSha256, kind, facts: {checked, problems}, page: {checked, problem},
           audit, entries: [{path, sha256, status, found}], case: {written, head,
           chainVerified, problems, differences} | null, ok}

Checking by hand: sha256(canonical JSON of each part) is its digest in proof.parts, and
sha256(canonical JSON of proof.parts) is proof.sha256 (canonical JSON: see sshlens audit --help).

Exit status: 0 when everything checked verifies; 1 otherwise.`;

export async function verifyCommand(casePath: string | undefined, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify', argv, {
    sources: { type: 'string', multiple: true },
    case: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliError('verify: give exactly one report (see sshlens verify --help)', 2);
  const sourceDirs = values.sources ?? [];
  for (const dir of sourceDirs)
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`verify: ${dir} is not a folder`, 2);
  // The case to check against: verify --case CASE, or the global --case before the command.
  const against = values.case ?? casePath;
  let report;
  try {
    report = readReport(positionals[0]!);
  } catch (e) {
    if (e instanceof UnreadableReportError) throw new CliError(`verify: ${e.message}`);
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT')
      throw new CliError(`verify: no such file ${positionals[0]}`);
    throw e;
  }
  if (report.kind === 'pdf' && against === undefined)
    throw new CliError(
      'verify: a PDF report carries no facts of its own: verify it against its case (--case CASE), or verify its JSON or HTML sibling',
    );
  let db;
  if (against !== undefined) {
    const problem = caseFileProblem(resolve(against), true);
    if (problem !== null) throw new CliError(`verify: ${problem.message}`);
    db = openCase(resolve(against), { readonly: true });
  }
  let result: VerifyResult;
  try {
    result = await verifyReport(report, {
      sourceDirs,
      caseDb: db,
      toolVersion: typeof SSHLENS_VERSION === 'string' ? SSHLENS_VERSION : 'dev',
    });
  } finally {
    db?.close();
  }
  if (values.json) printJson(result);
  else printResult(result, sourceDirs.length > 0);
  return result.ok ? 0 : 1;
}

function printResult(result: VerifyResult, sourcesGiven: boolean): void {
  if (result.kind !== 'pdf') {
    if (result.facts.problems.length === 0) printLine("facts: verified (every part matches the report's proof)");
    else for (const p of result.facts.problems) printLine(`facts: NOT VERIFIED: ${terminalSafe(p)}`);
  }
  if (result.kind === 'html') {
    if (result.page.problem !== null) printLine(`page: NOT VERIFIED: ${terminalSafe(result.page.problem)}`);
    else if (result.page.checked) printLine('page: verified (the visible report is exactly what its facts render to)');
    else printLine('page: not compared (written by another version of sshlens, which lays reports out otherwise)');
  }
  if (sourcesGiven) {
    printTable(
      ['STATUS', 'SOURCE (AS IMPORTED)', 'SHA-256', 'FOUND'],
      result.entries.map((e) => [
        e.status === 'verified' ? 'verified' : e.status.toUpperCase(),
        e.path,
        e.sha256,
        e.found.join(', ') || '-',
      ]),
    );
    const bad = result.entries.filter((e) => e.status !== 'verified').length;
    printLine(
      bad === 0
        ? `sources: all ${result.entries.length} verified`
        : `sources: ${bad} of ${result.entries.length} did not verify`,
    );
  }
  const c = result.case;
  if (c !== null) {
    if (c.written)
      printLine(`case: its audit log records writing this report (entry ${c.written.seq}, ${c.written.at ?? '?'})`);
    if (c.head.present)
      printLine(`case: its audit log still holds the report's head (entry ${c.head.seq}, ${c.head.hash})`);
    for (const p of c.problems) printLine(`case: NOT VERIFIED: ${terminalSafe(p)}`);
    if (c.differences.length > 0) {
      printLine('the report and the case differ:');
      for (const d of c.differences) printLine(`  ${terminalSafe(d)}`);
    }
  }
  const a = result.audit;
  if (a !== null)
    printLine(
      a.verified
        ? `audit log (as the report states): verified, ${a.entries} entries, head ${a.lastSeq ?? a.entries} ${a.lastHash ?? '-'}`
        : `audit log (as the report states): DOES NOT VERIFY at entry ${a.firstBadSeq ?? '?'}: ${terminalSafe(a.reason ?? '')}`,
    );
  printLine(`report sha256: ${result.reportSha256}`);
  printLine(result.ok ? 'all verified' : 'NOT VERIFIED');
}
