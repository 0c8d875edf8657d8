import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { KeyVault } from '../../vault/key-vault';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { printJson, printLine, printTable, terminalSafe } from '../output';

export const keysHelp = `Usage: sshlens keys generate [--label L] [--json]
       sshlens keys import FILE [--label L] [--json]
       sshlens keys list [--json]
       sshlens keys export-public ID
       sshlens keys delete ID

The private keys that open encrypted captures live only in the OS keychain (Secret
Service on Linux, Keychain on macOS, Credential Vault on Windows). ID is the key's
fingerprint (or a unique prefix of it, at least 4 hex digits).

  generate       create an X25519 key pair; prints the public key to paste into the
                 Cloudflare dashboard (Access > Infrastructure: SSH command logging)
  import FILE    a private key file written by ssh-log-cli generate-key-pair (NAME, not
                 NAME.pub: a public key is refused, by its name, by a .pub file beside it
                 with the same content, or when it is the public half of a key in the vault)
  list           id, label, public key, when it was added
  export-public  print the public key of ID
  delete         remove ID from the keychain (captures it opened stay imported)`;

export async function keysCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const vault = new KeyVault();
  switch (sub) {
    case 'generate': {
      const { values } = parseCommandArgs(
        'keys generate',
        rest,
        { label: { type: 'string' }, json: { type: 'boolean', default: false } },
        false,
      );
      const info = await vault.generate(values.label);
      if (values.json) printJson(info);
      else {
        printLine(info.publicKey);
        process.stderr.write(
          `Key ${info.id} (${terminalSafe(info.label)}) is stored in the OS keychain.\n` +
            'Paste the public key above into the Cloudflare dashboard where SSH command logging asks for a public key.\n',
        );
      }
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseCommandArgs('keys import', rest, {
        label: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      if (positionals.length !== 1) throw new CliError('keys import: give one key file', 2);
      const file = positionals[0]!;
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch {
        throw new CliError(`keys import: cannot read ${file}`);
      }
      const info = await vault.importKeyFile(content, values.label ?? basename(file), new Date(), resolve(file));
      if (values.json) printJson(info);
      else printLine(`imported key ${info.id} (${terminalSafe(info.label)}); public key ${info.publicKey}`);
      return 0;
    }
    case 'list': {
      const { values } = parseCommandArgs('keys list', rest, { json: { type: 'boolean', default: false } }, false);
      const keys = await vault.list();
      if (values.json) printJson(keys);
      else if (keys.length === 0) printLine('No keys yet: sshlens keys generate, or sshlens keys import FILE');
      else
        printTable(
          ['ID', 'LABEL', 'PUBLIC KEY', 'ADDED'],
          keys.map((k) => [k.id, k.label, k.publicKey, k.added]),
        );
      return 0;
    }
    case 'export-public': {
      const { positionals } = parseCommandArgs('keys export-public', rest, {});
      if (positionals.length !== 1) throw new CliError('keys export-public: give one key id', 2);
      printLine((await vault.get(positionals[0]!)).publicKey);
      return 0;
    }
    case 'delete': {
      const { positionals } = parseCommandArgs('keys delete', rest, {});
      if (positionals.length !== 1) throw new CliError('keys delete: give one key id', 2);
      const info = await vault.delete(positionals[0]!);
      printLine(`deleted key ${info.id} (${terminalSafe(info.label)})`);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
      printLine(keysHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw new CliError(`keys: unknown subcommand "${sub}" (generate, import, list, export-public, delete)`, 2);
  }
}
