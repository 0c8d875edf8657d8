import { SchemaTooNewError } from '../store/migrate';
import { KeychainUnavailableError, KeyVaultError } from '../vault/key-vault';
import { resolveCasePath } from '../services/case-path';
import { CliError } from './cli-error';
import { auditCommand, auditHelp } from './commands/audit-command';
import { caseCommand, caseHelp } from './commands/case-command';
import { demoCommand, demoHelp } from './commands/demo-command';
import { exportCommand, exportHelp } from './commands/export-command';
import { importCommand, importHelp } from './commands/import-command';
import { keysCommand, keysHelp } from './commands/keys-command';
import { linkCommand, linkHelp } from './commands/link-command';
import { noteCommand, noteHelp } from './commands/note-command';
import { reindexCommand, reindexHelp } from './commands/reindex-command';
import { reportCommand, reportHelp } from './commands/report-command';
import { searchCommand, searchHelp } from './commands/search-command';
import { serveCommand, serveHelp } from './commands/serve-command';
import { sessionsCommand, sessionsHelp } from './commands/sessions-command';
import { showCommand, showHelp } from './commands/show-command';
import { verifyCommand, verifyHelp } from './commands/verify-command';
import { terminalSafe } from './output';

declare const SSHLENS_VERSION: string;

const HELP = `sshlens — investigate Cloudflare Access for Infrastructure SSH command logs, offline

Usage: sshlens [--case PATH] COMMAND [options]

Commands:
  demo                  build a demo case from the recordings sshlens ships, and say what to try
  import PATH...        import captures, Logpush files, asciicasts or ssh-log-cli ZIPs
  sessions              list sessions (filters: --user --target --since --until --type)
  show ID               a session (s1) or program (p1) with its commands and transcript; --raw for bytes
  search QUERY          search commands and their output (user:, target:, after:, "phrases", =words)
  export cast|commands  a program as asciicast v2, or commands as CSV / JSON Lines (read-only)
  reindex               rebuild commands and the search index from the stored recordings
  link join|split       join two sessions or programs found to be one; split a wrongly joined source
  audit                 what was done in the case (imports, reindexing), its hash chain checked
  note SUBCOMMAND       add | list | edit | delete: notes, tags and stars on the evidence
  case show|set         the case's number, title, description and investigator
  report -o FILE        a report (.html, .pdf or .json) ending in a manifest of the evidence
  verify REPORT         check source files against a report's manifest (--sources DIR)
  keys SUBCOMMAND       generate | import | list | export-public | delete (OS keychain)
  serve                 the desktop UI in your browser, on 127.0.0.1 with an access token

Global options:
  --case PATH           the case database (default: $SSHLENS_CASE, else the "default"
                        case in the user-data folder, e.g. ~/.config/sshlens/cases/default.sqlite)
  --help, -h            help (also: sshlens COMMAND --help)
  --version             print the version

Most commands take --json for one JSON document on stdout. Exit status: 0 success,
1 when anything was rejected or failed, 2 for a usage error.`;

const COMMAND_HELP: Record<string, string> = {
  demo: demoHelp,
  import: importHelp,
  sessions: sessionsHelp,
  show: showHelp,
  export: exportHelp,
  search: searchHelp,
  reindex: reindexHelp,
  link: linkHelp,
  audit: auditHelp,
  note: noteHelp,
  case: caseHelp,
  report: reportHelp,
  verify: verifyHelp,
  keys: keysHelp,
  serve: serveHelp,
};

export async function main(argv: string[]): Promise<number> {
  let casePath: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--case') {
      casePath = argv[++i];
      if (casePath === undefined) throw new CliError('--case needs a path', 2);
    } else if (a.startsWith('--case=')) casePath = a.slice('--case='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    } else if (a === '--version') {
      process.stdout.write(`${typeof SSHLENS_VERSION === 'string' ? SSHLENS_VERSION : 'dev'}\n`);
      return 0;
    } else break;
  }
  const command = argv[i];
  const rest = argv.slice(i + 1);
  if (command === undefined) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${COMMAND_HELP[rest[0] ?? ''] ?? HELP}\n`);
    return 0;
  }
  if ((rest.includes('--help') || rest.includes('-h')) && COMMAND_HELP[command]) {
    process.stdout.write(`${COMMAND_HELP[command]}\n`);
    return 0;
  }
  const path = (): string => resolveCasePath(casePath);
  switch (command) {
    case 'demo':
      return demoCommand(casePath, rest);
    case 'import':
      return importCommand(path(), rest);
    case 'sessions':
      return sessionsCommand(path(), rest);
    case 'show':
      return showCommand(path(), rest);
    case 'search':
      return searchCommand(path(), rest);
    case 'export':
      return exportCommand(path(), rest);
    case 'reindex':
      return reindexCommand(path(), rest);
    case 'link':
      return linkCommand(path(), rest);
    case 'audit':
      return auditCommand(path(), rest);
    case 'note':
      return noteCommand(path(), rest);
    case 'case':
      return caseCommand(path(), rest);
    case 'report':
      return reportCommand(path(), rest);
    case 'verify':
      return verifyCommand(rest);
    case 'keys':
      return keysCommand(rest);
    case 'serve':
      return serveCommand(path(), rest);
    default:
      throw new CliError(`unknown command "${command}" (see sshlens --help)`, 2);
  }
}

/** Runs the CLI and turns known failures into one clear line on stderr. */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
    const known =
      e instanceof CliError ||
      e instanceof KeyVaultError ||
      e instanceof KeychainUnavailableError ||
      e instanceof SchemaTooNewError;
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sshlens: ${terminalSafe(known ? message : `internal error: ${message}`)}\n`);
    if (!known && process.env['SSHLENS_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  }
}
