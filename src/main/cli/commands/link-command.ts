import { joinByHand, splitByHand } from '../../indexing/link-by-hand';
import { LinkRefused } from '../../store/linking/manual-links';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine, terminalSafe } from '../output';
import { describeConflict } from './import-command';

export const linkHelp = `Usage: sshlens [--case PATH] link join ID ID [--json]
       sshlens [--case PATH] link split PROGRAM SOURCE [--json]

Imports join every recording of a program (a capture, its cast, its ZIP, its Logpush
records) by their recorded output. Where that is wrong, or not enough, decide by hand:

  join sA sB       the two sessions are one SSH session: the newer one's programs, notes
                   and sources move to the older one (its id stays; the other leads to it)
  join pA pB       the newer program is another recording of the older one: joined as an
                   import would join it when their output agrees; kept beside it as a
                   variant, with a conflict, when it does not
  split pN SOURCE  SOURCE (its SHA-256, 12 hex digits or more, or its path) was joined to
                   pN by mistake: it becomes a program and session of its own again, with
                   the events of the span it covers; pN keeps what its other sources cover.
                   Later imports and reindex never join the two again (a join by hand does)

Nothing is deleted; commands of the programs concerned are rebuilt; each decision is in the
audit log (join, split). Sessions or programs Cloudflare names as two are never joined.

  --json   print what was done as JSON`;

export async function linkCommand(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('link', argv, { json: { type: 'boolean', default: false } });
  const [sub, a, b] = positionals;
  if (positionals.length !== 3 || (sub !== 'join' && sub !== 'split'))
    throw new CliError('link: give "join ID ID" or "split PROGRAM SOURCE" (see sshlens link --help)', 2);
  const db = openCase(casePath);
  try {
    if (sub === 'join') {
      const outcome = await joinByHand(db, a!, b!);
      if (values.json) printJson(outcome);
      else {
        printLine(`joined ${outcome.merged} into ${outcome.kept}`);
        if (outcome.link?.relation === 'conflict')
          printLine(`their recorded output differs: ${outcome.merged} is kept beside ${outcome.kept} as a variant`);
        for (const c of outcome.conflicts) printLine(`CONFLICT: ${terminalSafe(describeConflict(c))}`);
      }
    } else {
      const outcome = await splitByHand(db, a!, b!);
      if (values.json) printJson(outcome);
      else
        printLine(
          `split ${outcome.source.slice(0, 16)} off ${outcome.program}: it records ${outcome.split} (${outcome.session}) now`,
        );
    }
    return 0;
  } catch (e) {
    if (e instanceof LinkRefused) throw new CliError(`link ${sub}: ${e.message}`, 1);
    throw e;
  } finally {
    db.close();
  }
}
