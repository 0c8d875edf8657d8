import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../shared/api';

/** One API answer: loading until it arrives, then the Result as main sent it. */
export type Loadable<T> = { state: 'loading' } | ({ state: 'done' } & Result<T>);

/**
 * Calls `load` now and whenever `deps` change; `reload` calls it again. A stale answer (one that
 * arrives after a newer call started) is dropped, so fast typing never shows an older result.
 * While reloading, the previous answer stays on screen.
 */
export function useResult<T>(
  load: () => Promise<Result<T>>,
  deps: readonly unknown[],
): Loadable<T> & { reload: () => void } {
  const [loadable, setLoadable] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    load().then(
      (result) => call === latest.current && setLoadable({ state: 'done', ...result }),
      () =>
        call === latest.current && setLoadable({ state: 'done', ok: false, error: 'the sshlens API is unavailable' }),
    );
    // The caller's list, as for useEffect (and `load` is the caller's closure over those values).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...loadable, reload };
}

/** The value of a Loadable, or undefined while loading or after a failure. */
export function valueOf<T>(l: Loadable<T>): T | undefined {
  return l.state === 'done' && l.ok ? l.value : undefined;
}
