import { SchemaTooNewError } from '../store/migrate';
import { caseFileProblem, NotACaseError } from '../store/open-case';
import { KeychainUnavailableError, KeyVaultError } from '../vault/key-vault';
import { resolveCasePath } from '../services/case-path';
import { CliError } from './cli-error';
import { commandList, commandNamed } from './command-table';
import { terminalSafe } from './output';

declare const SSHLENS_VERSION: string;

const HELP = `sshlens — investigate Cloudflare Access for Infrastructure SSH command logs, offline

Usage: sshlens [--case PATH] COMMAND [options]

Commands:
${commandList()}

Global options:
  --case PATH           the case database (default: $SSHLENS_CASE, else the "default"
                        case in the user-data folder, e.g. ~/.config/sshlens/cases/default.sqlite)
  --help, -h            help (also: sshlens COMMAND --help)
  --version             print the version

Most commands take --json for one JSON document on stdout. Exit status: 0 success,
1 when anything was rejected or failed, 2 for a usage error.`;

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
    process.stdout.write(`${commandNamed(rest[0] ?? '')?.help ?? HELP}\n`);
    return 0;
  }
  const entry = commandNamed(command);
  if (entry === undefined) throw new CliError(`unknown command "${command}" (see sshlens --help)`, 2);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${entry.help}\n`);
    return 0;
  }
  const path = (): string => resolveCasePath(casePath);
  const existing = (): string => {
    const p = path();
    const problem = caseFileProblem(p, true);
    if (problem !== null) throw new CliError(problem.message);
    return p;
  };
  return entry.run({ given: casePath, path, existing }, rest);
}

/** Runs the CLI and turns known failures into one clear line on stderr. */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
    const known =
      e instanceof CliError ||
      e instanceof NotACaseError ||
      e instanceof KeyVaultError ||
      e instanceof KeychainUnavailableError ||
      e instanceof SchemaTooNewError;
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sshlens: ${terminalSafe(known ? message : `internal error: ${message}`)}\n`);
    if (!known && process.env['SSHLENS_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  }
}
