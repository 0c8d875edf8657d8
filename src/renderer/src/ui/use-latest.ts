import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/api';

export interface Latest<T> {
  /** The newest answer that succeeded; it stays while a newer call runs. */
  value: T | undefined;
  /** The newest call's failure, or null. */
  error: string | null;
  /** A call is running whose answer will replace `value`. */
  pending: boolean;
  /** Some call has answered (with a value or a failure). */
  answered: boolean;
  reload: () => void;
}

/** Same dependency lists, as React compares them. */
const sameDeps = (a: readonly unknown[] | null, b: readonly unknown[]): boolean =>
  a !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Calls `load` whenever `deps` change and drops answers that a newer call made stale; keeps the
 * last value on screen while a newer call runs and says so, so a screen can dim it instead of
 * flashing a spinner. `load` null means: nothing to ask. (api/use-result's useResult is the same
 * answers as a Loadable.)
 */
export function useLatest<T>(load: (() => Promise<Result<T>>) | null, deps: readonly unknown[]): Latest<T> {
  const [tick, setTick] = useState(0);
  const asked = [...deps, tick];
  // Each answer remembers the call it answers: pending is "the newest call has no answer yet".
  const [state, setState] = useState<{ value: T | undefined; error: string | null; of: readonly unknown[] | null }>({
    value: undefined,
    error: null,
    of: null,
  });
  useEffect(
    () => {
      if (load === null) return;
      let newest = true;
      load().then(
        (result) =>
          newest &&
          setState((s) =>
            result.ok
              ? { value: result.value, error: null, of: asked }
              : { value: s.value, error: result.error, of: asked },
          ),
        () => newest && setState((s) => ({ value: s.value, error: 'the sshlens API is unavailable', of: asked })),
      );
      return () => {
        newest = false;
      };
    },
    // The caller's list, as for useEffect (and `load` is the caller's closure over those values).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    asked,
  );
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const answered = state.of !== null;
  if (load === null) return { value: state.value, error: null, pending: false, answered, reload };
  return { value: state.value, error: state.error, pending: !sameDeps(state.of, asked), answered, reload };
}
