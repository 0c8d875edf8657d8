import { getCaseFields, setCaseFields, type CaseFields } from '../../evidence/case-fields';
import { appendAudit } from '../../evidence/audit-log';
import { compactCase } from '../../store/compact-case';
import { openCase } from '../../store/open-case';
import { isBusy } from '../../store/store-errors';
import { withWriteLock } from '../../store/write-lock';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, terminalSafe } from '../output';

export const caseHelp = `Usage: sshlens [--case PATH] case show [--json]
       sshlens [--case PATH] case set [--number N] [--title T] [--description D]
                                      [--investigator NAME] [--organisation ORG] [--json]
       sshlens [--case PATH] case compact [--json]

show, set: the case's own fields and the investigator, as reports print them on their first
page. "set" changes only the fields given (an empty value clears one) and records the change in
the audit log (action case-fields). Nothing imported is touched.

compact: gives the free space inside the case file back to the disk. SQLite reuses the space
of what was deleted or rewritten (a reindex, an upgrade of the case) but never shrinks the file
by itself. Nothing stored changes (the same rows, ids and audit chain; the audit log records the
sizes, action compact). It needs the case to itself and, briefly, free disk space about the
size of the case. An upgrade of a case that leaves at least 64 MiB and a tenth of the file free
compacts it by itself.

  --json   show, set: print {caseNumber, title, description, investigatorName, investigatorOrganisation}
           compact: print {fileBytesBefore, freeBytesBefore, fileBytesAfter}`;

const LABELS: Array<[keyof CaseFields, string]> = [
  ['caseNumber', 'Case number'],
  ['title', 'Title'],
  ['description', 'Description'],
  ['investigatorName', 'Investigator'],
  ['investigatorOrganisation', 'Organisation'],
];

export async function caseCommand(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('case', argv, {
    json: { type: 'boolean', default: false },
    number: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    investigator: { type: 'string' },
    organisation: { type: 'string' },
  });
  const sub = positionals[0];
  if (positionals.length !== 1 || (sub !== 'show' && sub !== 'set' && sub !== 'compact'))
    throw new CliError('case: give show, set or compact (see sshlens case --help)', 2);
  const changes: Partial<CaseFields> = {
    caseNumber: values.number,
    title: values.title,
    description: values.description,
    investigatorName: values.investigator,
    investigatorOrganisation: values.organisation,
  };
  const given = Object.values(changes).some((v) => v !== undefined);
  if (sub === 'compact') {
    if (given) throw new CliError('case compact: field options go with "case set"', 2);
    return compact(casePath, values.json);
  }
  if (sub === 'show' && given) throw new CliError('case show: field options go with "case set"', 2);
  if (sub === 'set' && !given)
    throw new CliError(
      'case set: give at least one of --number --title --description --investigator --organisation',
      2,
    );
  const db = openCase(casePath);
  try {
    const fields = sub === 'set' ? await withWriteLock(db, () => setCaseFields(db, changes)) : getCaseFields(db);
    if (values.json) printJson(fields);
    else for (const [k, label] of LABELS) printLine(`${label.padEnd(16)}${terminalSafe(orDash(fields[k]))}`);
    return 0;
  } finally {
    db.close();
  }
}

function compact(casePath: string, json: boolean): number {
  const db = openCase(casePath);
  try {
    const { before, after } = compactCase(db);
    appendAudit(db, {
      action: 'compact',
      details: {
        fileBytesBefore: before.fileBytes,
        freeBytesBefore: before.freeBytes,
        fileBytesAfter: after.fileBytes,
      },
    });
    if (json)
      printJson({
        fileBytesBefore: before.fileBytes,
        freeBytesBefore: before.freeBytes,
        fileBytesAfter: after.fileBytes,
      });
    else
      printLine(
        `compacted ${terminalSafe(casePath)}: ${megabytes(before.fileBytes)} → ${megabytes(after.fileBytes)} (${megabytes(before.freeBytes)} was free)`,
      );
    return 0;
  } catch (e) {
    if (isBusy(e)) throw new CliError(`case compact: another program is using ${casePath}; close it and try again`, 1);
    throw e;
  } finally {
    db.close();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}
