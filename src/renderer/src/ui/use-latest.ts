import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../shared/api';

export interface Latest<T> {
  /** The newest answer that succeeded; it stays while a newer call runs. */
  value: T | undefined;
  /** The newest call's failure, or null. */
  error: string | null;
  /** A call is running whose answer will replace `value`. */
  pending: boolean;
  reload: () => void;
}

/**
 * Like api/use-result's useResult (calls `load` whenever `deps` change and drops answers that a
 * newer call made stale) but keeps the last value on screen while a newer call runs and says so,
 * so a screen can dim it instead of flashing a spinner. `load` null means: nothing to ask.
 */
export function useLatest<T>(load: (() => Promise<Result<T>>) | null, deps: readonly unknown[]): Latest<T> {
  const [state, setState] = useState<{ value: T | undefined; error: string | null; pending: boolean }>({
    value: undefined,
    error: null,
    pending: load !== null,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    if (load === null) {
      setState((s) => (s.pending || s.error ? { ...s, pending: false, error: null } : s));
      return;
    }
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    load().then(
      (result) => {
        if (call !== latest.current) return;
        setState((s) =>
          result.ok
            ? { value: result.value, error: null, pending: false }
            : { value: s.value, error: result.error, pending: false },
        );
      },
      () =>
        call === latest.current &&
        setState((s) => ({ value: s.value, error: 'the sshlens API is unavailable', pending: false })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
