// A preference of the whole window (the time zone, the replay's layout): kept across restarts in
// localStorage, read once at start, and every component using it re-rendered when it changes.

import { useSyncExternalStore } from 'react';

export interface StoredPref<T> {
  get: () => T;
  /** Keeps `value` (for this window only when storage is disabled) and tells every user. */
  set: (value: T) => void;
  /** The value, re-rendering the caller when it changes. */
  use: () => T;
}

/**
 * The preference stored under `key`. `parse` reads the stored text (null: nothing stored) and
 * answers the default for anything it cannot read; `format` writes a value back as text.
 */
export function storedPref<T>(
  key: string,
  parse: (stored: string | null) => T,
  format: (value: T) => string,
): StoredPref<T> {
  const listeners = new Set<() => void>();
  let value = parse(read(key));
  const get = (): T => value;
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    get,
    set: (next) => {
      if (Object.is(next, value)) return;
      value = next;
      try {
        localStorage.setItem(key, format(next));
      } catch {
        // Storage disabled: the preference lasts for this window only.
      }
      for (const l of listeners) l();
    },
    use: () => useSyncExternalStore(subscribe, get),
  };
}

function read(key: string): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
  } catch {
    return null;
  }
}
