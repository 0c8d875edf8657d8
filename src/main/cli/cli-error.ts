/** A failure to report as one line on stderr; exitCode 2 = usage, 1 = the work failed. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
