import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** parseArgs with usage errors turned into CliError (exit 2) naming the command. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = true,
): Parsed<O> {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (!allowPositionals && parsed.positionals.length > 0) {
      throw new CliError(
        `${command}: unexpected argument "${parsed.positionals[0]}" (see sshlens ${command} --help)`,
        2,
      );
    }
    return parsed;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e);
    throw new CliError(`${command}: ${msg} (see sshlens ${command} --help)`, 2);
  }
}
