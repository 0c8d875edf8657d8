import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  apiFailure,
  CodedError,
  errorFromSerialized,
  KeychainUnavailableError,
  KeyVaultError,
  NotACaseError,
  NoteError,
  serializeError,
  type SerializedError,
} from '../../src/shared/errors';
import { KeychainUnavailableError as VaultKeychainError } from '../../src/main/vault/key-vault';
import { NotACaseError as StoreNotACaseError } from '../../src/main/store/open-case';
import { ArgError } from '../../src/main/services/validate';

/** Through a real message port: the structured clone a worker thread's messages go through. */
async function throughPort(s: SerializedError): Promise<SerializedError> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<SerializedError>((resolve) => port2.once('message', resolve));
  port1.postMessage(s);
  const out = await received;
  port1.close();
  port2.close();
  return out;
}

describe('errors across boundaries (src/shared/errors.ts)', () => {
  it('rebuilds each coded error as its own class, with its message and fields', async () => {
    const sent = [
      new KeychainUnavailableError('org.freedesktop.secrets was not provided'),
      new KeyVaultError('no key 1a2b in the vault'),
      new NoteError('there is no session s9 in this case'),
      new NotACaseError('no case at /x.sqlite', 'missing'),
    ];
    for (const e of sent) {
      const back = errorFromSerialized(await throughPort(serializeError(e)));
      expect(back).toBeInstanceOf(e.constructor);
      expect(back).toBeInstanceOf(CodedError);
      expect(back.message).toBe(e.message);
      expect(back.code).toBe(e.code);
      expect(back.fields).toEqual(e.fields);
    }
    const rebuilt = errorFromSerialized(JSON.parse(JSON.stringify(serializeError(sent[3]))) as SerializedError);
    expect((rebuilt as NotACaseError).reason).toBe('missing');
  });

  it('the classes main throws are these shared classes', () => {
    expect(new VaultKeychainError('x')).toBeInstanceOf(KeychainUnavailableError);
    expect(new StoreNotACaseError('x', 'not-a-case')).toBeInstanceOf(NotACaseError);
    expect(serializeError(new ArgError('limit must be a number')).code).toBe('bad-arguments');
  });

  it('an error without a class crosses as "failed": its first line, never a stack', () => {
    const e = new Error('disk I/O error\n    at Database.prepare (native)');
    const s = serializeError(e);
    expect(s).toEqual({ code: 'failed', message: 'disk I/O error', fields: {} });
    expect(JSON.stringify(apiFailure(e))).not.toContain('native');
    expect(apiFailure(new ArgError('limit must be a number'), 'sshlens:search: ')).toEqual({
      ok: false,
      error: 'sshlens:search: limit must be a number',
      code: 'bad-arguments',
    });
    const back = errorFromSerialized(s);
    expect(back).not.toBeInstanceOf(KeychainUnavailableError);
    expect(back.code).toBe('failed');
  });
});
