// The sshlens commands, once: the table drives the help text, `COMMAND --help` and dispatch.
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

/**
 * The case a command works on. Only import, demo, serve and `case set` may start a case; every
 * other command needs one that exists, so a mistyped --case is an error, never a new empty case
 * that answers "nothing found".
 */
export interface CaseChoice {
  /** --case as given (the command resolves it itself, or needs none). */
  given: string | undefined;
  /** The case path, which may not exist yet. */
  path: () => string;
  /** The case path of a case that exists (else a usage error naming it). */
  existing: () => string;
}

export interface CliCommand {
  name: string;
  /** What the overview's help shows: the command and its main arguments, and one line. */
  usage: string;
  summary: string;
  help: string;
  run: (cases: CaseChoice, rest: string[]) => number | Promise<number>;
}

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'demo',
    usage: 'demo',
    summary: 'build a demo case from the recordings sshlens ships, and say what to try',
    help: demoHelp,
    run: (c, rest) => demoCommand(c.given, rest),
  },
  {
    name: 'import',
    usage: 'import PATH...',
    summary: 'import captures, Logpush files, asciicasts or ssh-log-cli ZIPs',
    help: importHelp,
    run: (c, rest) => importCommand(c.path(), rest),
  },
  {
    name: 'sessions',
    usage: 'sessions',
    summary: 'list sessions (filters: --user --target --since --until --type)',
    help: sessionsHelp,
    run: (c, rest) => sessionsCommand(c.existing(), rest),
  },
  {
    name: 'show',
    usage: 'show ID',
    summary: 'a session (s1) or program (p1) with its commands and transcript; --raw for bytes',
    help: showHelp,
    run: (c, rest) => showCommand(c.existing(), rest),
  },
  {
    name: 'search',
    usage: 'search QUERY',
    summary: 'search commands and their output (user:, target:, after:, "phrases", =words)',
    help: searchHelp,
    run: (c, rest) => searchCommand(c.existing(), rest),
  },
  {
    name: 'export',
    usage: 'export cast|commands',
    summary: 'a program as asciicast v2, or commands as CSV / JSON Lines (read-only)',
    help: exportHelp,
    run: (c, rest) => exportCommand(c.existing(), rest),
  },
  {
    name: 'reindex',
    usage: 'reindex',
    summary: 'rebuild commands and the search index from the stored recordings',
    help: reindexHelp,
    run: (c, rest) => reindexCommand(c.existing(), rest),
  },
  {
    name: 'link',
    usage: 'link join|split',
    summary: 'join two sessions or programs found to be one; split a wrongly joined source',
    help: linkHelp,
    run: (c, rest) => linkCommand(c.existing(), rest),
  },
  {
    name: 'audit',
    usage: 'audit',
    summary: 'what was done in the case (imports, reindexing), its hash chain checked',
    help: auditHelp,
    run: (c, rest) => auditCommand(c.existing(), rest),
  },
  {
    name: 'note',
    usage: 'note SUBCOMMAND',
    summary: 'add | list | edit | delete: notes, tags and stars on the evidence',
    help: noteHelp,
    run: (c, rest) => noteCommand(c.existing(), rest),
  },
  {
    name: 'case',
    usage: 'case show|set|compact',
    summary: "the case's number, title, description and investigator; compact its file",
    help: caseHelp,
    run: (c, rest) => caseCommand(rest[0] === 'set' ? c.path() : c.existing(), rest),
  },
  {
    name: 'report',
    usage: 'report -o FILE',
    summary: 'a report (.html, .pdf or .json) ending in a manifest of the evidence',
    help: reportHelp,
    run: (c, rest) => reportCommand(c.existing(), rest),
  },
  {
    name: 'verify',
    usage: 'verify REPORT',
    summary: 'check a report: its facts, its page, its sources (--sources DIR), its case',
    help: verifyHelp,
    run: (c, rest) => verifyCommand(c.given, rest),
  },
  {
    name: 'keys',
    usage: 'keys SUBCOMMAND',
    summary: 'generate | import | list | export-public | delete (OS keychain)',
    help: keysHelp,
    run: (_c, rest) => keysCommand(rest),
  },
  {
    name: 'serve',
    usage: 'serve',
    summary: 'the desktop UI in your browser, on 127.0.0.1 with an access token',
    help: serveHelp,
    run: (c, rest) => serveCommand(c.path(), rest),
  },
];

export const commandNamed = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.name === name);

/** The overview's list of commands, one line each. */
export function commandList(): string {
  return COMMANDS.map((c) => `  ${c.usage.padEnd(22)}${c.summary}`).join('\n');
}
