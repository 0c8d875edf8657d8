import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ConflictInfo, ImportLink, ImportOutcome } from '../../../shared/model';
import { derivePublicKey, fingerprint, parsePrivateKeyFile } from '../../crypto/x25519-keys';
import { importWorkers } from '../../ingest/import-pool';
import { importPlan, planImport } from '../../ingest/import-paths';
import type { CaptureKey } from '../../crypto/capture-key';
import { openCase } from '../../store/open-case';
import { KeyVault } from '../../vault/key-vault';
import { publicKeyProblem } from '../../vault/public-key-check';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine, terminalSafe } from '../output';
import { Progress } from '../progress';

export const importHelp = `Usage: sshlens [--case PATH] import PATH... [--key-file FILE] [--allow-partial] [--json]

Imports SSH command logs into the case. Each PATH is a file or a directory (walked
recursively; files that are not recordings are skipped, but one named as a recording,
.capture .cast .ndjson .ndjson.gz .zip, is tried and rejected with the reason when it is
damaged). The format is read from the content: encrypted capture, Logpush ssh_logs
(NDJSON, gzip or plain), asciicast v2/v3, or the ZIP written by ssh-log-cli decrypt.

Encrypted captures are opened with the keys in the vault (sshlens keys list), or only
with --key-file FILE for this run (the key is not stored).

  --key-file FILE   private key file (base64 of 32 bytes, as ssh-log-cli writes it)
  --allow-partial   keep the authenticated part of a damaged capture, marked partial
  --json            print [{path, sha256, format, status, sessions, programs, error?}]

Exit status: 0 when every file was imported or was a duplicate; 1 when anything
(a file, or a line of a Logpush file) was rejected.`;

export async function importCommand(casePath: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, {
    'key-file': { type: 'string' },
    'allow-partial': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length === 0)
    throw new CliError('import: name at least one file or directory (see sshlens import --help)', 2);
  const keys = await keyProvider(values['key-file']);
  const plan = await planImport(positionals);
  const db = openCase(casePath);
  try {
    const totalBytes = plan.files.reduce((n, f) => n + f.size, 0);
    const progress = new Progress(plan.files.length, totalBytes);
    const outcomes: ImportOutcome[] = plan.missing.map((path) => ({
      path,
      sha256: null,
      format: null,
      status: 'rejected',
      sessions: 0,
      programs: 0,
      error: `${path}: no such file or directory`,
    }));
    outcomes.push(
      ...(await importPlan(db, plan.files, {
        keys,
        allowPartial: values['allow-partial'],
        workers: importWorkers(),
        onBytes: (n) => progress.bytes(n),
        onFileStart: (item, i) => progress.startFile(item.path, item.size, i),
        onFileDone: () => progress.endFile(),
      })),
    );
    progress.clear();
    for (const path of plan.skipped) process.stderr.write(`skipped: ${terminalSafe(path)} (not a recording)\n`);
    if (values.json) printJson(outcomes);
    else printOutcomes(outcomes);
    const failed = outcomes.some((o) => o.status === 'rejected' || (o.rejectedLines?.length ?? 0) > 0);
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}

/** Keys are read once, and only if a capture needs them. */
async function keyProvider(keyFile: string | undefined): Promise<() => Promise<readonly CaptureKey[]>> {
  if (keyFile !== undefined) {
    let content: Buffer;
    try {
      content = await readFile(keyFile);
    } catch {
      throw new CliError(`--key-file ${keyFile}: cannot read the file`, 2);
    }
    const parsed = parsePrivateKeyFile(content);
    if (!parsed.ok) throw new CliError(`--key-file ${keyFile}: not a private key file: ${parsed.message}`, 2);
    const problem = publicKeyProblem(resolve(keyFile), parsed.privateKey);
    if (problem !== null) throw new CliError(`--key-file: ${problem}`, 2);
    const key: CaptureKey = {
      fingerprint: fingerprint(derivePublicKey(parsed.privateKey)),
      privateKey: parsed.privateKey,
    };
    return async () => [key];
  }
  let cached: Promise<readonly CaptureKey[]> | null = null;
  return () => (cached ??= new KeyVault().captureKeys());
}

function printOutcomes(outcomes: ImportOutcome[]): void {
  const count = (s: ImportOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  for (const o of outcomes) {
    const path = terminalSafe(o.path);
    if (o.status === 'rejected') {
      printLine(`rejected   ${terminalSafe(o.error ?? path)}`);
      continue;
    }
    const what = `${o.format}, ${plural(o.sessions, 'session')}, ${plural(o.programs, 'program')}`;
    const key = o.keyFingerprint ? `, key ${o.keyFingerprint}` : '';
    printLine(`${o.status.padEnd(10)} ${path}  (${what}${key})`);
    if (o.partialReason) printLine(`           partial: ${terminalSafe(o.partialReason)}`);
    for (const line of o.rejectedLines ?? [])
      printLine(`           rejected line ${line.line}: ${terminalSafe(line.message)}`);
    for (const link of o.links ?? []) printLine(`           ${describeLink(link)}`);
    for (const c of o.conflicts ?? []) printLine(`           CONFLICT: ${terminalSafe(describeConflict(c))}`);
    for (const w of o.warnings ?? []) printLine(`           warning: ${terminalSafe(w)}`);
  }
  printLine(
    `${count('imported')} imported, ${count('duplicate')} duplicate, ${count('partial')} partial, ${count('rejected')} rejected`,
  );
}

const RELATION_WORDS: Record<ImportLink['relation'], string> = {
  same: 'the same recording as',
  part: 'a part of the recording of',
  extends: 'adds output to',
  replaces: 'a fuller recording of (its events are now those of)',
  keystrokes: 'adds the keystrokes of',
  conflict: 'DISAGREES with',
};

function describeLink(link: ImportLink): string {
  const merged =
    link.mergedSessions.length > 0 ? `; merged ${link.mergedSessions.join(', ')} into ${link.session}` : '';
  const by = link.linkedBy === 'cloudflare-id' ? ' (by its Cloudflare program id)' : '';
  return `linked: ${RELATION_WORDS[link.relation]} ${link.program} (${link.session})${by}${merged}`;
}

/** A conflict in one line: what differs, where, and both sides. */
export function describeConflict(c: ConflictInfo): string {
  const where = [c.program ?? c.session, c.at ? `at ${c.at}` : null].filter(Boolean).join(' ');
  const kept = c.variant ? `; this source's recording is kept as ${c.variant}` : '';
  return `${c.field} of ${where}: stored ${JSON.stringify(c.stored)}, this source ${JSON.stringify(c.found)}${kept}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
