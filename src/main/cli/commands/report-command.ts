import { resolve } from 'node:path';
import { MAX_OUTPUT_LINES, UnknownSessionError } from '../../report/build-report';
import { ChromiumMissingError } from '../../report/render-pdf';
import { writeAuditedReport } from '../../report/write-audited-report';
import { checkReportPath, reportFormat, ReportPathError } from '../../report/write-report';
import { parseQueryTime } from '../../search/query-time';
import { openCase } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine } from '../output';

declare const SSHLENS_VERSION: string;

export const reportHelp = `Usage: sshlens [--case PATH] report -o FILE.html|FILE.pdf|FILE.json [--session ID...] [--tag T...]
                                  [--from T] [--to T] [--output-lines N] [--transcript] [--force] [--json]

Writes a report of the case: its fields and investigator (see sshlens case), a summary of
the sessions, each session with the investigator's notes and tags (sshlens note), its
programs, source files (size, SHA-256) and commands,
and at the end a manifest of every source file and the audit log's state. The format is
the file's extension: JSON (described by docs/report.schema.json), one self-contained HTML
file (no scripts, no external resources; printable), or PDF (that HTML printed by Chromium:
/usr/bin/chromium or $SSHLENS_CHROMIUM). Writing it is recorded in the audit log (action
report, with the report's SHA-256). The evidence is never changed.

  -o, --output FILE   where to write; an existing file is refused without --force
  --session ID        only this session (repeat for more); default: every session
  --tag T             only sessions with a note tagged T (repeat: any of them)
  --from T, --to T    only sessions overlapping this time (2026-11-21, 2026-11-21T17:20Z, ...)
  --output-lines N    the first N lines of each command's output (default 0, at most ${MAX_OUTPUT_LINES})
  --transcript        each program's full transcript, as its terminal showed it
  --json              print {path, format, sha256, sessions}`;

export async function reportCommand(casePath: string, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    'report',
    argv,
    {
      output: { type: 'string', short: 'o' },
      session: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      'output-lines': { type: 'string' },
      transcript: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  if (values.output === undefined) throw new CliError('report: give -o FILE.html, FILE.pdf or FILE.json', 2);
  const output = resolve(values.output);
  const time = (name: string, v: string | undefined): number | null => {
    if (v === undefined) return null;
    const us = parseQueryTime(v);
    if (us === null)
      throw new CliError(`report: --${name} "${v}" is not a time (like 2026-11-21 or 2026-11-21T17:20Z)`, 2);
    return us;
  };
  const lines = values['output-lines'] === undefined ? 0 : Number(values['output-lines']);
  if (!Number.isInteger(lines) || lines < 0 || lines > MAX_OUTPUT_LINES)
    throw new CliError(`report: --output-lines is a whole number from 0 to ${MAX_OUTPUT_LINES}`, 2);
  let format;
  try {
    format = reportFormat(output);
    checkReportPath(output, resolve(casePath), values.force);
  } catch (e) {
    if (e instanceof ReportPathError)
      throw new CliError(`report: ${e.message}${e.reason === 'exists' ? ' (add --force to replace it)' : ''}`, 2);
    throw e;
  }

  const options = {
    sessions: values.session ?? [],
    tags: values.tag ?? [],
    fromUs: time('from', values.from),
    toUs: time('to', values.to),
    outputLines: lines,
    transcript: values.transcript,
    toolVersion: typeof SSHLENS_VERSION === 'string' ? SSHLENS_VERSION : 'dev',
  };
  const db = openCase(casePath, { readonly: true });
  let written;
  try {
    // The only write is the audit entry: the case is opened read-write for that one entry.
    const writer = (): { db: ReturnType<typeof openCase>; close: () => void } => {
      const rw = openCase(casePath);
      return { db: rw, close: () => rw.close() };
    };
    written = await writeAuditedReport(db, writer, options, output, format);
  } catch (e) {
    if (e instanceof UnknownSessionError) throw new CliError(`report: ${e.message}`, 2);
    if (e instanceof ChromiumMissingError) throw new CliError(`report: ${e.message}`);
    throw e;
  } finally {
    db.close();
  }
  const { sha256, sessions } = written;
  if (values.json) printJson({ path: output, format, sha256, sessions });
  else printLine(`wrote ${format.toUpperCase()} report ${output} (${sessions.length} sessions) sha256 ${sha256}`);
  return 0;
}
