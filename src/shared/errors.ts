// The errors that cross a boundary (a job's worker thread, IPC, the `serve` HTTP API) as values:
// a code, a one-line message and plain fields, rebuilt as the real class on the other side. So
// callers check `instanceof` or switch on `code`, never on a class name or a message's words.

/** What a failure was, for a caller to act on; 'failed' is any error without a class here. */
export type ErrorCode =
  | 'keychain-unavailable'
  | 'key-vault'
  | 'note'
  | 'not-a-case'
  | 'bad-arguments'
  /** Main refused the request: a write outside the allowed folders, a sender that is not the app's window. */
  | 'refused'
  /** A write named another case than the one open (the case guard). */
  | 'wrong-case'
  /** Main did not answer: the transport failed, or the page is not ready. */
  | 'unavailable'
  | 'failed';

/** Plain values only: they cross structured clone and JSON alike. */
export type ErrorFields = Record<string, string | number | boolean | null>;

/** An error as it travels: never a stack, one line of message. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  fields: ErrorFields;
}

/** An error with a code: the classes below, or one rebuilt from a code this side has no class for. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: ErrorFields = {},
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** No OS keychain answered. sshlens then refuses: private keys are never stored anywhere else. */
export class KeychainUnavailableError extends CodedError {
  constructor(readonly detail: string) {
    super(
      'keychain-unavailable',
      `no OS keychain is reachable (${detail}). sshlens keeps private keys only in the OS keychain ` +
        '(Secret Service on Linux: run gnome-keyring or KeePassXC with Secret Service enabled); ' +
        'for a one-off import use --key-file instead',
      { detail },
    );
    this.name = 'KeychainUnavailableError';
  }
}

/** A key operation the keychain holds but refuses (unknown key, a public key given, a bad file). */
export class KeyVaultError extends CodedError {
  constructor(message: string) {
    super('key-vault', message);
    this.name = 'KeyVaultError';
  }
}

/** A note request the caller has to fix (unknown target, bad tag, note too long), in words for a person. */
export class NoteError extends CodedError {
  constructor(message: string) {
    super('note', message);
    this.name = 'NoteError';
  }
}

/** A path that is not a case sshlens can open: missing (for a command that only reads), or another kind of file. */
export class NotACaseError extends CodedError {
  constructor(
    message: string,
    readonly reason: 'missing' | 'not-a-case',
  ) {
    super('not-a-case', message, { reason });
    this.name = 'NotACaseError';
  }
}

/** The first line of an error's message: no stack, no multi-line native dump. */
export function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return message.split('\n')[0]!.trim() || 'unexpected error (see the main process log)';
}

/** The travelling form of any thrown value; an error without a code is 'failed'. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof CodedError) return { code: e.code, message: firstLine(e), fields: { ...e.fields } };
  return { code: 'failed', message: firstLine(e), fields: {} };
}

/** The error again, as its own class when this side has one for its code. */
export function errorFromSerialized(s: SerializedError): CodedError {
  const text = (name: string): string => {
    const v = s.fields[name];
    return typeof v === 'string' ? v : '';
  };
  switch (s.code) {
    case 'keychain-unavailable':
      return new KeychainUnavailableError(text('detail'));
    case 'key-vault':
      return new KeyVaultError(s.message);
    case 'note':
      return new NoteError(s.message);
    case 'not-a-case':
      return new NotACaseError(s.message, text('reason') === 'missing' ? 'missing' : 'not-a-case');
    default:
      return new CodedError(s.code, s.message, s.fields);
  }
}

/** A failed API call as both transports carry it: the message a person reads, the code a caller switches on. */
export interface ApiFailure {
  ok: false;
  error: string;
  code: ErrorCode;
  fields?: ErrorFields;
}

/** The failure of an API call for this error; `prefix` names the call where the message alone would not. */
export function apiFailure(e: unknown, prefix = ''): ApiFailure {
  const s = serializeError(e);
  return {
    ok: false,
    error: `${prefix}${s.message}`,
    code: s.code,
    ...(Object.keys(s.fields).length > 0 && { fields: s.fields }),
  };
}

/** A failure made where there is no error object (the transport itself). */
export function failure(code: ErrorCode, error: string): ApiFailure {
  return { ok: false, error, code };
}
