import { reindexCase } from '../../indexing/index-programs';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CountProgress } from '../count-progress';
import { printJson, printLine, terminalSafe } from '../output';

export const reindexHelp = `Usage: sshlens [--case PATH] reindex [--json]

Rebuilds the commands, their output and the search index of every program from the
recorded events already in the case, without importing anything again: after an
update of sshlens that reconstructs commands better.

A case made by an older sshlens is first brought to one record per real session: events
stored twice (overlapping Logpush exports) are stored once, and every program that is
another recording of an older one (a cast, a ZIP or a Logpush record of a capture) joins
it, as an import does today. Each of these steps is in the audit log.

Each program is redone in its own transaction: an interrupted reindex leaves every
program either as it was or fully redone, and can simply be run again.

  --json   print {programs, commands, outputs, marks, linked, deduplicated, failed: [{program, message}]}

Exit status: 0; 1 when the commands of a program could not be extracted (that program
keeps its previous commands).`;

export async function reindexCommand(casePath: string, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('reindex', argv, { json: { type: 'boolean', default: false } }, false);
  const db = openCase(casePath);
  try {
    const progress = new CountProgress('programs');
    const counts = await reindexCase(db, (p) => progress.update(p.done, p.total, p.program));
    progress.clear();
    if (values.json) {
      printJson({
        programs: counts.programs,
        commands: counts.commands,
        outputs: counts.outputs,
        marks: counts.marks,
        linked: counts.linked ?? 0,
        deduplicated: counts.deduplicated ?? 0,
        failed: counts.failures,
      });
    } else {
      printLine(
        `reindexed ${counts.programs} program${counts.programs === 1 ? '' : 's'}: ${counts.commands} commands, ${counts.outputs} outputs, ${counts.marks} marks`,
      );
      if (counts.linked)
        printLine(`joined ${counts.linked} recording(s) to the program they record (one record per real session)`);
      if (counts.deduplicated) printLine(`stored once again the events ${counts.deduplicated} program(s) held twice`);
      for (const f of counts.failures) printLine(`not reindexed ${f.program}: ${terminalSafe(f.message)}`);
    }
    return counts.failures.length > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}
