import { getCaseFields, setCaseFields, type CaseFields } from '../../evidence/case-fields';
import { openCase } from '../../store/open-case';
import { withWriteLock } from '../../store/write-lock';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, terminalSafe } from '../output';

export const caseHelp = `Usage: sshlens [--case PATH] case show [--json]
       sshlens [--case PATH] case set [--number N] [--title T] [--description D]
                                      [--investigator NAME] [--organisation ORG] [--json]

The case's own fields and the investigator, as reports print them on their first page.
"set" changes only the fields given (an empty value clears one) and records the change in
the audit log (action case-fields). Nothing imported is touched.

  --json   print {caseNumber, title, description, investigatorName, investigatorOrganisation}`;

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
  if (positionals.length !== 1 || (sub !== 'show' && sub !== 'set'))
    throw new CliError('case: give show or set (see sshlens case --help)', 2);
  const changes: Partial<CaseFields> = {
    caseNumber: values.number,
    title: values.title,
    description: values.description,
    investigatorName: values.investigator,
    investigatorOrganisation: values.organisation,
  };
  const given = Object.values(changes).some((v) => v !== undefined);
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
