import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { buildDemoCase, DemoCaseNotEmptyError, type DemoResult } from '../../demo/build-demo';
import { DemoBuildError } from '../../demo/demo-sources';
import { removeCaseFile } from '../../demo/remove-case-file';
import { isCaseFile } from '../../store/is-case-file';
import { parseCommandArgs } from '../args';
import { resolveCasePath, userDataDir } from '../../services/case-path';
import { CliError } from '../cli-error';
import { CountProgress } from '../count-progress';
import { printJson, printLine, terminalSafe } from '../output';
import { defaultDemoCasePath, demoFilesDir } from '../../demo/demo-location';

export const demoHelp = `Usage: sshlens [--case PATH] demo [--case PATH] [--force] [--json]

Builds a demo case from the real recordings that ship with sshlens, to see the whole
flow at once: the bash sessions of test/fixtures/recordings (recorded with script
--log-io under tmux) are sealed into encrypted captures for a fresh demo key and
imported as Cloudflare captures, with the sample Logpush export (test/fixtures/samples).

The demo key lives only in memory while the demo is built: nothing is written to your
OS keychain, and afterwards nothing can open the captures again. They stay beside the
case (<case name>-demo-files/, demo-files/ for the demo case), as an example of what
Cloudflare's recorder writes.

The demo case is "demo" in the user-data folder (e.g. ~/.config/sshlens/cases/demo.sqlite)
unless --case or $SSHLENS_CASE names another. A case that already holds sessions is
refused.

  --force   delete the case file and build the demo again. Only an sshlens case is
            deleted, and only one named with --case on this command line or whose
            file name says "demo" (never another case that $SSHLENS_CASE points to)
  --json    print {casePath, workDir, sessions, commands, programInputs,
            demoKeyFingerprint, files,
            outcomes: [{path, sha256, format, status, sessions, programs, error?}]}
            (commands counts every row \`export commands\` writes; programInputs,
            the lines of them typed into programs such as python3)

Exit status: 0; 1 when a file of the demo was rejected or the case is not empty.`;

export async function demoCommand(caseArg: string | undefined, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    'demo',
    argv,
    { case: { type: 'string' }, force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    false,
  );
  // `sshlens demo --case X` reads as naturally as `sshlens --case X demo`; an empty --case= names nothing.
  const caseFlag = values.case || caseArg || undefined;
  const named = caseFlag !== undefined || Boolean(process.env['SSHLENS_CASE']);
  const casePath = named ? resolveCasePath(caseFlag) : defaultDemoCasePath(userDataDir());
  const workDir = demoFilesDir(casePath);
  if (values.force) await forgetCase(casePath, caseFlag !== undefined);
  else if (existsSync(casePath) && statSync(casePath).size > 0 && !isCaseFile(casePath)) {
    throw new CliError(
      `demo: ${casePath} is not an sshlens case; give the demo a case of its own: sshlens --case PATH demo`,
    );
  }

  const progress = new CountProgress('demo');
  // Ctrl-C cancels cleanly: the import in progress rolls back and a case the demo created is removed.
  const cancel = new AbortController();
  const onInterrupt = (): void => cancel.abort();
  process.once('SIGINT', onInterrupt);
  let result: DemoResult;
  try {
    result = await buildDemoCase({
      casePath,
      workDir,
      signal: cancel.signal,
      onProgress: (p) => progress.update(p.done, p.total, basename(p.file)),
    });
  } catch (e) {
    if (e instanceof DemoCaseNotEmptyError)
      throw new CliError(`demo: ${e.message}. ${forceHint(casePath, caseFlag !== undefined)}`);
    if (cancel.signal.aborted) throw new CliError('demo: cancelled');
    if (e instanceof DemoBuildError) throw new CliError(`demo: ${e.message}`);
    throw e;
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.clear();
  }
  const failed = result.outcomes.filter((o) => o.status === 'rejected' || (o.rejectedLines?.length ?? 0) > 0);
  if (values.json) {
    const { sessions, commands, programInputs, demoKeyFingerprint, files, outcomes } = result;
    printJson({ casePath, workDir, sessions, commands, programInputs, demoKeyFingerprint, files, outcomes });
  } else printSummary(result, workDir);
  for (const o of failed) process.stderr.write(`rejected: ${terminalSafe(o.error ?? o.path)}\n`);
  return failed.length > 0 ? 1 : 0;
}

const isDemoName = (casePath: string): boolean => /demo/i.test(basename(casePath));

/** --force: deletes the case file, but only an sshlens case the user clearly means. */
async function forgetCase(casePath: string, namedOnCommandLine: boolean): Promise<void> {
  if (!existsSync(casePath)) return;
  if (!namedOnCommandLine && !isDemoName(casePath)) {
    throw new CliError(
      `demo --force: $SSHLENS_CASE points to ${casePath}, which is not a demo case; --force deletes the case file, ` +
        'so name it on the command line to confirm (sshlens --case PATH demo --force), or pick another case',
      2,
    );
  }
  if (!isCaseFile(casePath))
    throw new CliError(`demo --force: ${casePath} is not an sshlens case; it was left alone`, 2);
  await removeCaseFile(casePath);
}

function forceHint(casePath: string, namedOnCommandLine: boolean): string {
  if (namedOnCommandLine || isDemoName(casePath)) {
    return `To delete it and build the demo again: ${invocation()} ${caseArg(casePath, namedOnCommandLine)}demo --force`;
  }
  return 'Give the demo a case of its own: sshlens --case PATH demo';
}

function printSummary(r: DemoResult, workDir: string): void {
  const c = `${invocation()} --case ${shellQuote(r.casePath)}`;
  const joined = r.outcomes.reduce((n, o) => n + (o.links?.length ?? 0), 0);
  const logpush = r.outcomes.find((o) => o.path.startsWith(workDir) && o.format === 'logpush');
  printLine(`Demo case ready: ${terminalSafe(r.casePath)}`);
  printLine(
    `  ${plural(r.sessions, 'session')}, ${plural(r.commands, 'command')} (${r.programInputs} of them lines typed into programs such as python3; \`export commands\` writes them all), from ${r.files.length} files:`,
  );
  printLine(`  - ${r.recordings} real bash sessions (script --log-io under tmux), sealed into encrypted captures`);
  printLine(`    for a throw-away demo key ${r.demoKeyFingerprint} (never stored; not in your keychain),`);
  printLine(`    in ${terminalSafe(workDir)}`);
  if (logpush)
    printLine(`  - their Logpush export (who connected to which target, from where): ${terminalSafe(logpush.path)}`);
  printLine(`  - the ${SAMPLE_SESSIONS} sample sessions in every form: capture, asciicast, ssh-log-cli ZIP, Logpush`);
  printLine(
    `  ${plural(joined, 'file')} recorded a program the case already held: joined to it (one record per session)`,
  );
  printLine();
  printLine('Try next:');
  const hints: Array<[string, string]> = [
    [`${c} sessions`, 'every session, oldest first'],
    [`${c} show s1`, 'one session: who, where, when, its programs, the files joined into it'],
    [`${c} show p1`, 'a program: the commands typed and the transcript'],
    [`${c} search sudo`, 'every sudo, in commands and in output'],
    [`${c} search =passwd in:commands`, 'a whole word, only in command lines'],
    [`${c} sessions --user maya.ortiz@example.com`, 'the sessions of one user (Logpush names them)'],
    [`${c} serve`, 'the case in your browser'],
    [`SSHLENS_CASE=${shellQuote(r.casePath)} npm start`, 'the desktop app on this case (from the checkout)'],
  ];
  for (const [command, why] of hints) {
    printLine(`  ${terminalSafe(command)}`);
    printLine(`      ${why}`);
  }
}

const SAMPLE_SESSIONS = 3;

function invocation(): string {
  return process.env['npm_command'] === 'exec' ? 'npx sshlens' : 'sshlens';
}

function caseArg(casePath: string, named: boolean): string {
  return named ? `--case ${shellQuote(casePath)} ` : '';
}

/** Quotes a path for a POSIX shell when it needs it (macOS: "Application Support"). */
function shellQuote(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
