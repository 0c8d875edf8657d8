// Small checkers for untrusted values that cross into main (IPC or HTTP). Each returns the typed
// value or throws ArgError naming what is wrong; api-args.ts composes them per channel.

import { CodedError } from '../../shared/errors';
import { isRef } from '../../shared/ids';

/** A value the caller sent that main refuses; crosses the API with code 'bad-arguments'. */
export class ArgError extends CodedError {
  constructor(message: string) {
    super('bad-arguments', message);
    this.name = 'ArgError';
  }
}

export type Check<T> = (value: unknown, name: string) => T;

export const text =
  (maxChars: number, options: { allowEmpty?: boolean } = {}): Check<string> =>
  (v, name) => {
    if (typeof v !== 'string') throw new ArgError(`${name} must be text`);
    if (v.length > maxChars) throw new ArgError(`${name} is longer than ${maxChars} characters`);
    if (!options.allowEmpty && v.trim() === '') throw new ArgError(`${name} is empty`);
    if (v.includes('\0')) throw new ArgError(`${name} contains a NUL character`);
    return v;
  };

export const integer =
  (min: number, max: number): Check<number> =>
  (v, name) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ArgError(`${name} must be a whole number`);
    if (v < min || v > max) throw new ArgError(`${name} must be between ${min} and ${max}`);
    return v;
  };

/** A finite number (times may carry fractions of a microsecond from the player's clock). */
export const finite =
  (min: number, max: number): Check<number> =>
  (v, name) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgError(`${name} must be a number`);
    if (v < min || v > max) throw new ArgError(`${name} must be between ${min} and ${max}`);
    return v;
  };

export const boolean: Check<boolean> = (v, name) => {
  if (typeof v !== 'boolean') throw new ArgError(`${name} must be true or false`);
  return v;
};

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v, name) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      throw new ArgError(`${name} must be one of ${values.join(', ')}`);
    return v as T;
  };

/** An id such as "s12", "p3", "c7" or "n2", as the API carries it. */
export const ref =
  (prefix: 's' | 'p' | 'c' | 'n'): Check<string> =>
  (v, name) => {
    if (typeof v !== 'string' || !isRef(prefix, v)) throw new ArgError(`${name} must be an id like ${prefix}12`);
    return v;
  };

export const list =
  <T>(item: Check<T>, maxItems: number): Check<T[]> =>
  (v, name) => {
    if (!Array.isArray(v)) throw new ArgError(`${name} must be a list`);
    if (v.length > maxItems) throw new ArgError(`${name} has more than ${maxItems} items`);
    return v.map((x, i) => item(x, `${name}[${i}]`));
  };

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

/** A plain object with exactly these keys (optional ones may be absent or undefined). */
export const object =
  <T extends object>(shape: Shape<T>, optionalKeys: ReadonlyArray<keyof T> = []): Check<T> =>
  (v, name) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ArgError(`${name} must be an object`);
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) throw new ArgError(`${name} has an unknown field "${key.slice(0, 40)}"`);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as Array<keyof T & string>) {
      const value = record[key];
      if (value === undefined && optionalKeys.includes(key)) continue;
      out[key] = shape[key](value, `${name}.${key}`);
    }
    return out as T;
  };

/** Positional arguments: exactly as many as checks. */
export function tuple<T extends unknown[]>(
  ...checks: { [K in keyof T]: Check<T[K]> }
): (args: readonly unknown[]) => T {
  return (args) => {
    if (args.length !== checks.length)
      throw new ArgError(`takes ${checks.length} argument${checks.length === 1 ? '' : 's'}, got ${args.length}`);
    return checks.map((check, i) => check(args[i], `argument ${i + 1}`)) as T;
  };
}
