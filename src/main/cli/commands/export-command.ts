import { createWriteStream, existsSync, realpathSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import {
  commandCsvHeader,
  commandCsvRecord,
  commandExportRows,
  commandJsonLine,
  type CommandScope,
} from '../../export/commands-export';
import { asciicastHeader, asciicastLines, type AsciicastCounts } from '../../export/program-to-asciicast';
import { writeAll } from '../../export/write-lines';
import { getProgram, getSession, readEvents } from '../../store/case-queries';
import { parseEntityRef, type EntityRef } from '../../../shared/ids';
import { openCase, type CaseDb } from '../../store/open-case';
import { hasProgram, hasSession } from '../../store/row-lookups';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { terminalSafe } from '../output';

export const exportHelp = `Usage: sshlens [--case PATH] export cast PROGRAM_ID -o FILE.cast [--input] [--force]
       sshlens [--case PATH] export commands [--session ID]... [--program ID]...
                                             --format csv|jsonl -o FILE [--force]

Writes what the case holds for other tools. The case is opened read-only: exporting never
changes the evidence. -o - writes to stdout. An existing file is not overwritten without --force.

  cast          one program (like p3) as an asciicast v2 recording, to replay with
                \`asciinema play FILE.cast\`: its output, terminal size changes and timing.
  --input       also include what the user's side typed ("i" events). Off by default:
                the input stream holds what was typed at echo-off prompts (passwords,
                sudo, passphrases), which a replay never shows; share it only on purpose.

  commands      the reconstructed commands, for a SIEM or a spreadsheet: command_id,
                session_id, program_id, time, user_email, username, target_id,
                client_address, server_address, kind, text, cwd, exit_status,
                program_name, source_sha256 (the SHA-256 of each source file).
  --session ID  only the commands of this session (repeatable; with --program: either)
  --program ID  only the commands of this program (repeatable); default: the whole case
  --format      csv: RFC 4180, source hashes joined with ";". Recorded text is hostile:
                a field starting with = + - @ TAB or CR gets a leading ' so spreadsheets
                do not run it as a formula (OWASP "CSV injection").
                jsonl: one JSON object per line with the exact text, source_sha256 a list.
  --force       overwrite FILE if it exists`;

export async function exportCommand(casePath: string, argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === 'cast') return exportCast(casePath, rest);
  if (what === 'commands') return exportCommands(casePath, rest);
  throw new CliError(
    `export: say what to export: cast or commands${what === undefined ? '' : `, not "${what}"`} (see sshlens export --help)`,
    2,
  );
}

async function exportCast(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, {
    output: { type: 'string', short: 'o' },
    input: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliError('export cast: give exactly one program id (like p1)', 2);
  const row = parseRef(positionals[0]!, 'program', 'export cast').row;
  const target = outputPath(values.output, 'export cast');
  const db = openCaseReadOnly(casePath);
  try {
    const program = getProgram(db, row);
    if (!program) throw new CliError(`export cast: no program ${positionals[0]} in this case`);
    const sessionRow = parseEntityRef(program.session)?.row;
    const header = asciicastHeader(program, sessionRow === undefined ? null : getSession(db, sessionRow));
    const counts: AsciicastCounts = { events: 0, outputEvents: 0, inputEvents: 0, resizeEvents: 0 };
    const lines = asciicastLines(header, readEvents(db, row), { includeInput: values.input }, counts);
    const bytes = await writeTo(target, casePath, values.force, withNewlines(lines));
    const input = values.input ? `${counts.inputEvents} input` : 'no input: see --input';
    summary(
      `wrote ${program.id} as asciicast v2 to ${shown(target)}: ${counts.events} events (${counts.outputEvents} output, ${input}, ${counts.resizeEvents} resize), ${bytes} bytes`,
    );
    return 0;
  } finally {
    db.close();
  }
}

async function exportCommands(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'export',
    argv,
    {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      session: { type: 'string', multiple: true },
      program: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
    },
    false,
  );
  if (positionals.length > 0) throw new CliError(`export commands: unexpected argument "${positionals[0]}"`, 2);
  const format = values.format;
  if (format !== 'csv' && format !== 'jsonl') throw new CliError('export commands: --format is csv or jsonl', 2);
  const sessions = (values.session ?? []).map((id) => parseRef(id, 'session', 'export commands --session'));
  const programs = (values.program ?? []).map((id) => parseRef(id, 'program', 'export commands --program'));
  const target = outputPath(values.output, 'export commands');
  const db = openCaseReadOnly(casePath);
  try {
    for (const ref of [...sessions, ...programs]) {
      const exists = ref.kind === 'session' ? hasSession(db, ref.row) : hasProgram(db, ref.row);
      if (!exists) {
        throw new CliError(`export commands: no ${ref.kind} ${ref.kind[0]}${ref.row} in this case`);
      }
    }
    const scope: CommandScope | 'all' =
      sessions.length + programs.length === 0
        ? 'all'
        : { sessions: sessions.map((r) => r.row), programs: programs.map((r) => r.row) };
    let rows = 0;
    function* records(): Generator<string> {
      if (format === 'csv') yield commandCsvHeader();
      for (const row of commandExportRows(db, scope)) {
        rows += 1;
        yield format === 'csv' ? commandCsvRecord(row) : `${commandJsonLine(row)}\n`;
      }
    }
    const bytes = await writeTo(target, casePath, values.force, records());
    summary(`wrote ${rows} commands as ${format === 'csv' ? 'CSV' : 'JSON Lines'} to ${shown(target)}: ${bytes} bytes`);
    return 0;
  } finally {
    db.close();
  }
}

function parseRef(id: string, kind: EntityRef['kind'], where: string): EntityRef {
  const ref = parseEntityRef(id);
  if (ref === null || ref.kind !== kind)
    throw new CliError(`${where}: "${id}" is not a ${kind} id (like ${kind[0]}1)`, 2);
  return ref;
}

function outputPath(value: string | undefined, where: string): string {
  if (value === undefined || value === '')
    throw new CliError(`${where}: say where to write with -o FILE (or -o - for stdout)`, 2);
  return value;
}

/** Read-only, and never created (main refuses a case that is not there). */
function openCaseReadOnly(casePath: string): CaseDb {
  return openCase(casePath, { readonly: true });
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/** Streams pieces to stdout ("-") or a new file; a failed export leaves no partial file behind. */
async function writeTo(target: string, casePath: string, force: boolean, pieces: Iterable<string>): Promise<number> {
  if (target === '-') return writeAll(process.stdout, pieces);
  refuseCaseFile(target, casePath);
  if (!force && existsSync(target)) throw new CliError(`export: ${target} exists; add --force to overwrite it`);
  // 'wx' also refuses a file created since the check above.
  const out: WriteStream = createWriteStream(target, { flags: force ? 'w' : 'wx' });
  try {
    await once(out, 'open');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `export: ${target} exists; add --force to overwrite it`
        : `export: cannot write ${target} (${code ?? String(e)})`,
    );
  }
  try {
    const bytes = await writeAll(out, pieces);
    await finish(out);
    return bytes;
  } catch (e) {
    out.destroy();
    rmSync(target, { force: true });
    throw e;
  }
}

/** --force must never mean "replace the evidence": the case file and its WAL are off limits. */
function refuseCaseFile(target: string, casePath: string): void {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  const caseFile = real(casePath);
  const out = real(target);
  if ([caseFile, `${caseFile}-wal`, `${caseFile}-shm`, `${caseFile}-journal`].includes(out)) {
    throw new CliError('export: refusing to write over the case database itself', 2);
  }
}

function finish(out: Writable): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    out.once('error', reject);
    out.end(() => resolvePromise());
  });
}

const shown = (target: string): string => (target === '-' ? 'stdout' : target);

function summary(text: string): void {
  process.stderr.write(`export: ${terminalSafe(text)}\n`);
}
