import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parsePrivateKeyFile } from '../crypto/x25519-keys';

const MAX_SIBLINGS = 256;
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Why a file offered as a private key is in fact a public key, or null. An X25519 public key is 32
 * bytes that look like any other 32 bytes, and ssh-log-cli writes both halves the same way (NAME
 * and NAME.pub, base64): content alone cannot tell them apart. Imported as a private key, a public
 * key opens nothing, and its own "public half" would then be offered for pasting into Cloudflare,
 * so that captures are encrypted for a key nobody holds. What can tell:
 * - the name: NAME.pub is the public half;
 * - a public key file beside it (any *.pub in the same folder) with the same content;
 * - a key already known: equal to the public half of a key in the vault.
 */
export function publicKeyProblem(
  path: string | null,
  raw: Uint8Array,
  known: ReadonlyArray<{ id: string; label: string; publicKey: Uint8Array }> = [],
): string | null {
  const name = path === null ? null : basename(path);
  if (name !== null && /\.pub$/i.test(name))
    return `${name} is a public key (its name ends in .pub): import the private key, the file of the same name without .pub`;
  const same = known.find((k) => equal(k.publicKey, raw));
  if (same !== undefined)
    return `this is the public key of key ${same.id} (${same.label}) already in the vault, not a private key`;
  if (path !== null) {
    const twin = publicSiblings(path).find((p) => equal(p.raw, raw));
    if (twin !== undefined)
      return `${name} holds the same key as ${twin.name} beside it: it is a public key, not a private key`;
  }
  return null;
}

/** The *.pub files in the folder of `path` that hold a key (a bounded look: a few small files). */
function publicSiblings(path: string): Array<{ name: string; raw: Uint8Array }> {
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((n) => /\.pub$/i.test(n) && n !== basename(path));
  } catch {
    return [];
  }
  const out: Array<{ name: string; raw: Uint8Array }> = [];
  for (const name of names.slice(0, MAX_SIBLINGS)) {
    const full = join(dirname(path), name);
    try {
      if (!statSync(full).isFile() || statSync(full).size > MAX_KEY_FILE_BYTES) continue;
      const parsed = parsePrivateKeyFile(readFileSync(full)); // the same encoding for both halves
      if (parsed.ok) out.push({ name, raw: parsed.privateKey });
    } catch {
      // unreadable: nothing to compare with
    }
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
