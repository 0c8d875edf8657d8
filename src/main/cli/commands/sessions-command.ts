import { PROGRAM_TYPES, type ProgramType } from '../../../shared/model';
import { listSessions, type SessionFilter } from '../../store/case-queries';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, printTable, terminalSafe, utcText } from '../output';
import { withPublishedIds } from '../published-ids';
import { parseTimeArg } from '../time-arg';

export const sessionsHelp = `Usage: sshlens [--case PATH] sessions [--user EMAIL] [--target ID] [--since T] [--until T]
                                  [--type shell|exec|x11|direct-tcpip|forwarded-tcpip] [--json]

Lists the sessions in the case, oldest first, with their programs.

  --user EMAIL    user email (or username, or user id)
  --target ID     Cloudflare target id
  --since T       sessions still running at or after T (2026-11-21, 2026-11-21T17:20:00Z or unix seconds)
  --until T       sessions started at or before T
  --type TYPE     sessions that ran a program of this type
  --json          print [{id, sessionId, userEmail, username, targetId, clientAddress, serverAddress,
                  start, end, error, programs: [{id, programId, type, start, end, exitStatus, sources}]}]`;

export function sessionsCommand(casePath: string, argv: string[]): number {
  const { values } = parseCommandArgs(
    'sessions',
    argv,
    {
      user: { type: 'string' },
      target: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      type: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  const filter: SessionFilter = {};
  if (values.user !== undefined) filter.user = values.user;
  if (values.target !== undefined) filter.target = values.target;
  if (values.since !== undefined) filter.sinceUs = parseTimeArg(values.since, '--since');
  if (values.until !== undefined) filter.untilUs = parseTimeArg(values.until, '--until');
  if (values.type !== undefined) {
    if (!PROGRAM_TYPES.includes(values.type as ProgramType)) {
      throw new CliError(`--type: "${values.type}" is not one of ${PROGRAM_TYPES.join(', ')}`, 2);
    }
    filter.type = values.type as ProgramType;
  }
  const db = openCase(casePath);
  try {
    const sessions = listSessions(db, filter);
    if (values.json) {
      printJson(withPublishedIds(sessions));
      return 0;
    }
    printTable(
      ['ID', 'START', 'END', 'USER', 'TARGET', 'CLIENT', 'PROGRAMS'],
      sessions.map((s) => [
        s.id,
        orDash(utcText(s.start)),
        orDash(utcText(s.end)),
        orDash(s.userEmail ?? s.username),
        orDash(s.targetId),
        orDash(s.clientAddress),
        s.programs.map((p) => `${p.id}:${p.type}${p.exitStatus !== null ? `(exit ${p.exitStatus})` : ''}`).join(' '),
      ]),
    );
    // Values an older sshlens let in show as "-" above; say which and why.
    for (const s of sessions)
      for (const [id, problems] of [[s.id, s.problems], ...s.programs.map((p) => [p.id, p.problems] as const)] as const)
        for (const problem of problems ?? []) printLine(`unreadable in ${id}: ${terminalSafe(problem)}`);
    return 0;
  } finally {
    db.close();
  }
}
