import type { ProgramDetail } from '../../../shared/model';
import type { SessionDetail, SourceContribution } from '../../../shared/views';
import { getProgram, getSession, readEvents } from '../../store/case-queries';
import { listProgramCommands, type StoredCommand } from '../../store/command-store';
import { commandRef, parseEntityRef } from '../../../shared/ids';
import { isoFromUs } from '../../store/stored-time';
import { openCase } from '../../store/open-case';
import { resolveAlias } from '../../store/provenance-queries';
import { getSessionDetail } from '../../store/session-detail-query';
import { renderTranscript } from '../../terminal/render-transcript';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, terminalSafe, utcText } from '../output';
import { withPublishedIds } from '../published-ids';
import { describeConflict } from './import-command';
import { exitClaimSource, exitClaimWords } from '../../../shared/exit-words';

export const showHelp = `Usage: sshlens [--case PATH] show ID [--json]
       sshlens [--case PATH] show PROGRAM_ID --raw [--stream server|client]

Shows one session (ID like s1) or program (ID like p1). A program is shown with the
commands reconstructed from it (time, kind, text) and its transcript: the text its
terminal showed, as the replay would draw it.

  --json                 one JSON document; a program includes "transcript" and
                         "commands": [{id, time, text, kind, method, exitStatus?,
                         programName?, parentId?}] (kind: shell, exec or program-input;
                         method: how the text was found: exec, screen or keystrokes; a
                         program-input line names the program it was typed into and the
                         id of the shell command that started it); when the program's
                         sources state different exits, "exitClaims": [{source, known,
                         status, signal, error}] says what each states (exitStatus is the one kept)
  --raw                  write the exact recorded bytes of one stream of a program to stdout
  --stream server|client server output (default) or the client's keystrokes/stdin`;

export async function showCommand(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('show', argv, {
    json: { type: 'boolean', default: false },
    raw: { type: 'boolean', default: false },
    stream: { type: 'string' },
  });
  if (positionals.length !== 1) throw new CliError('show: give exactly one ID (see sshlens sessions)', 2);
  const ref = parseEntityRef(positionals[0]!);
  if (ref === null) throw new CliError(`show: "${positionals[0]}" is not a session or program id (like s1 or p1)`, 2);
  const stream = values.stream ?? 'server';
  if (stream !== 'server' && stream !== 'client') throw new CliError('show: --stream is server or client', 2);
  if (values.stream !== undefined && !values.raw) throw new CliError('show: --stream goes with --raw', 2);

  const db = openCase(casePath);
  try {
    // An id merged into another (the same recording found later) leads to where it went.
    const moved = resolveAlias(db, ref.kind, ref.row);
    if (moved && !(ref.kind === 'session' ? getSession(db, ref.row) : getProgram(db, ref.row))) {
      const to = `${ref.kind === 'session' ? 's' : 'p'}${moved.row}`;
      process.stderr.write(`sshlens: ${positionals[0]} was merged into ${to} (${moved.reason}): showing ${to}\n`);
      ref.row = moved.row;
    }
    if (ref.kind === 'session') {
      if (values.raw) throw new CliError('show: --raw needs a program id (p…), not a session', 2);
      const session = getSessionDetail(db, ref.row);
      if (!session) throw new CliError(`show: no session ${positionals[0]} in this case`);
      if (values.json) printJson(withPublishedIds(session));
      else printSession(session);
      return 0;
    }
    const program = getProgram(db, ref.row);
    if (!program) throw new CliError(`show: no program ${positionals[0]} in this case`);
    if (values.raw) {
      const kind = stream === 'server' ? 'output' : 'input';
      for (const ev of readEvents(db, ref.row)) {
        if (ev.kind === kind && !process.stdout.write(ev.data))
          await new Promise((r) => process.stdout.once('drain', r));
      }
      return 0;
    }
    const commands = listProgramCommands(db, ref.row);
    const transcript = await renderTranscript(readEvents(db, ref.row), program.terminal);
    if (values.json) printJson(withPublishedIds({ ...program, commands: commands.map(commandJson), transcript }));
    else printProgram(program, commands, transcript);
    return 0;
  } finally {
    db.close();
  }
}

function printSession(s: SessionDetail): void {
  const rows: Array<[string, string | null]> = [
    ['Session', s.id],
    ['Cloudflare session', s.cfSessionId],
    ['User', s.userEmail],
    ['Username', s.username],
    ['Target', s.targetId],
    ['Client address', s.clientAddress],
    ['Server address', s.serverAddress],
    ['Start', utcText(s.start)],
    ['End', utcText(s.end)],
    ['Error', s.error],
  ];
  for (const [k, v] of rows) printLine(`${k.padEnd(20)}${terminalSafe(orDash(v))}`);
  for (const problem of s.problems ?? []) printLine(`${'Unreadable'.padEnd(20)}${terminalSafe(problem)}`);
  printLine();
  printLine('Programs:');
  for (const p of s.programs) {
    const disagree = s.programDetails.some((d) => d.id === p.id && d.exitClaims)
      ? '  (SOURCES DISAGREE on the exit)'
      : '';
    printLine(
      `  ${p.id}  ${p.type.padEnd(8)} ${orDash(utcText(p.start))} → ${orDash(utcText(p.end))}  exit ${orDash(p.exitStatus)}${disagree}`,
    );
    for (const problem of p.problems ?? []) printLine(`        unreadable ${terminalSafe(problem)}`);
  }
  printLine();
  printLine('Sources:');
  for (const f of s.sourceFiles) {
    printLine(`  ${terminalSafe(f.path)}`);
    const key = f.keyFingerprint ? `, key ${f.keyFingerprint}` : '';
    printLine(
      `        ${f.format}, ${f.size} bytes, sha256 ${f.sha256}, imported ${orDash(utcText(f.importedAt))}${key}`,
    );
    for (const c of f.contributions) printLine(`        ${c.program}: ${describeContribution(c)}`);
  }
  if (s.mergedIds.length > 0) printLine(`\nMerged into this session: ${s.mergedIds.join(', ')}`);
  if (s.conflicts.length > 0) {
    printLine();
    printLine('CONFLICTS (sources that disagree; nothing was merged over them):');
    for (const c of s.conflicts) printLine(`  ${terminalSafe(describeConflict(c))}`);
  }
}

const ROLE_WORDS: Record<SourceContribution['role'], string> = {
  events: 'its recorded events are stored',
  same: 'the same recording (provenance)',
  part: 'holds a part of the recording (provenance)',
  facts: 'facts only (ids, user, exit status)',
  conflict: 'DISAGREES with the stored recording (kept as a variant)',
};

function describeContribution(c: SourceContribution): string {
  const how =
    c.linkedBy === null ? '' : `; joined by ${c.linkedBy === 'cloudflare-id' ? 'Cloudflare program id' : c.linkedBy}`;
  const span = c.first && c.last ? `; ${utcText(c.first)} → ${utcText(c.last)}` : '';
  return `${ROLE_WORDS[c.role]}${span}${how}`;
}

/** The --json form of a command; exitStatus, program and parent only when they are known. */
function commandJson(c: StoredCommand): {
  id: string;
  time: string | null;
  text: string;
  kind: string;
  method: string;
  exitStatus?: number;
  programName?: string;
  parentId?: string;
} {
  return {
    id: commandRef(c.row),
    time: isoFromUs(c.timeUs),
    text: c.text,
    kind: c.kind,
    method: c.method,
    ...(c.exitStatus !== null && { exitStatus: c.exitStatus }),
    ...(c.programName !== null && { programName: c.programName }),
    ...(c.parentRow !== null && { parentId: commandRef(c.parentRow) }),
  };
}

/** Where a line typed into a program went: "(typed into python3, started by c17)". */
function typedInto(c: StoredCommand): string {
  if (c.kind !== 'program-input') return '';
  const program = c.programName === null ? 'a program' : terminalSafe(c.programName);
  return `  (typed into ${program}${c.parentRow === null ? '' : `, started by ${commandRef(c.parentRow)}`})`;
}

function printProgram(p: ProgramDetail, commands: StoredCommand[], transcript: string): void {
  const rows: Array<[string, string | number | null]> = [
    ['Program', p.id],
    ['Session', p.session],
    ['Cloudflare program', p.cfProgramId],
    ['Type', p.type],
    ['Command', p.command],
    ['Start', utcText(p.start)],
    ['End', utcText(p.end)],
    ['Terminal', p.terminal ? `${p.terminal.term ?? '?'} ${p.terminal.cols}x${p.terminal.rows}` : null],
    ['Exit status', p.exitClaims ? `${orDash(p.exitStatus)}  (kept; the sources DISAGREE on the exit:)` : p.exitStatus],
    // Each source's own exit, when they disagree: the one kept is never shown as the only truth.
    ...(p.exitClaims ?? []).map((c): [string, string] => [
      '',
      `  ${exitClaimWords(c)}  ${exitClaimSource(c)}${c.source ? `  sha256 ${c.source.sha256}` : ''}`,
    ]),
    ['Signal', p.exitSignal],
    ['Error', p.exitError],
    ['Incomplete', p.incomplete ? 'yes: the program had not finished when exported' : null],
    ['Partial', p.partialReason],
    ['Events', `${p.eventCount} (${p.inputBytes} bytes in, ${p.outputBytes} bytes out)`],
  ];
  for (const [k, v] of rows) if (v !== null) printLine(`${k.padEnd(20)}${terminalSafe(String(v))}`);
  for (const problem of p.problems ?? []) printLine(`${'Unreadable'.padEnd(20)}${terminalSafe(problem)}`);
  for (const src of p.sources) printLine(`${'Source'.padEnd(20)}${terminalSafe(src.path)}  sha256 ${src.sha256}`);
  printLine();
  printCommands(commands);
  printLine();
  printLine('Transcript:');
  for (const line of transcript.split('\n')) printLine(`  ${terminalSafe(line)}`);
}

function printCommands(commands: StoredCommand[]): void {
  printLine(commands.length === 0 ? 'Commands: none found' : 'Commands:');
  const ids = commands.map((c) => commandRef(c.row));
  const idWidth = Math.max(0, ...ids.map((id) => id.length));
  const kindWidth = Math.max(0, ...commands.map((c) => c.kind.length));
  commands.forEach((c, i) => {
    const time = orDash(utcText(isoFromUs(c.timeUs)));
    const exit = (c.exitStatus === null ? '' : `  (exit ${c.exitStatus})`) + typedInto(c);
    const lead = `  ${ids[i]!.padEnd(idWidth)}  ${time.padEnd(23)}  ${c.kind.padEnd(kindWidth)}  `;
    // A multi-line command (a loop, a heredoc) keeps its lines, aligned under the first.
    const lines = c.text.split('\n').map((l) => terminalSafe(l));
    printLine(`${lead}${lines[0] ?? ''}${lines.length === 1 ? exit : ''}`);
    lines.slice(1).forEach((l, j) => printLine(`${' '.repeat(lead.length)}${l}${j === lines.length - 2 ? exit : ''}`));
  });
}
