import { existsSync, statSync } from 'node:fs';
import { readReportManifest, UnreadableReportError, verifyManifest } from '../../report/verify-report';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine, printTable, terminalSafe } from '../output';

export const verifyHelp = `Usage: sshlens verify REPORT --sources DIR [--json]

Checks the source files a report lists in its manifest against copies under DIR (searched
recursively; files are matched by SHA-256, so names may differ). REPORT is a JSON or HTML
report written by sshlens report; for a PDF report, verify its JSON or HTML sibling.

Each entry is verified (a file has its SHA-256), TAMPERED (a file has its name but another
hash) or MISSING. The report's own statement about the case's audit log is printed too.

  --json   print {reportSha256, ok, audit, entries: [{path, sha256, status, found}]}

Exit status: 0 when every entry verifies and the report says the audit log verified; 1 otherwise.`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify', argv, {
    sources: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliError('verify: give exactly one report (see sshlens verify --help)', 2);
  if (values.sources === undefined)
    throw new CliError('verify: give --sources DIR, the folder holding the source files', 2);
  if (!existsSync(values.sources) || !statSync(values.sources).isDirectory())
    throw new CliError(`verify: ${values.sources} is not a folder`, 2);
  let read;
  try {
    read = readReportManifest(positionals[0]!);
  } catch (e) {
    if (e instanceof UnreadableReportError) throw new CliError(`verify: ${e.message}`);
    throw e;
  }
  const result = await verifyManifest(read.manifest, read.sha256, values.sources);
  if (values.json) {
    printJson(result);
    return result.ok ? 0 : 1;
  }
  printTable(
    ['STATUS', 'SOURCE (AS IMPORTED)', 'SHA-256', 'FOUND'],
    result.entries.map((e) => [
      e.status === 'verified' ? 'verified' : e.status.toUpperCase(),
      e.path,
      e.sha256,
      e.found.join(', ') || '-',
    ]),
  );
  const a = result.audit;
  printLine(
    a.verified
      ? `audit log (as the report states): verifies, ${a.entries} entries, last hash ${a.lastHash ?? '-'}`
      : `audit log (as the report states): DOES NOT VERIFY at entry ${a.firstBadSeq ?? '?'}: ${terminalSafe(a.reason ?? '')}`,
  );
  printLine(`report sha256: ${result.reportSha256} (compare with its "report" entry in sshlens audit)`);
  const bad = result.entries.filter((e) => e.status !== 'verified').length;
  printLine(
    result.ok
      ? `all ${result.entries.length} source files verified`
      : `${bad} of ${result.entries.length} source files did not verify${a.verified ? '' : '; the audit log did not verify'}`,
  );
  return result.ok ? 0 : 1;
}
