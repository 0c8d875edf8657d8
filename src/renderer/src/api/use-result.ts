import type { Result } from '../../../shared/api';
import { useLatest } from '../ui/use-latest';

/** One API answer: loading until it arrives, then the Result as main sent it. */
export type Loadable<T> = { state: 'loading' } | ({ state: 'done' } & Result<T>);

/**
 * Calls `load` now and whenever `deps` change; `reload` calls it again. A stale answer (one that
 * arrives after a newer call started) is dropped, so fast typing never shows an older result.
 * While reloading, the previous answer stays on screen. (useLatest's answers, as a Loadable: a
 * failure shows instead of the value it follows.)
 */
export function useResult<T>(
  load: () => Promise<Result<T>>,
  deps: readonly unknown[],
): Loadable<T> & { reload: () => void } {
  const latest = useLatest(load, deps);
  const { reload } = latest;
  if (latest.error !== null) return { state: 'done', ok: false, error: latest.error, reload };
  if (!latest.answered) return { state: 'loading', reload };
  return { state: 'done', ok: true, value: latest.value as T, reload };
}

/** The value of a Loadable, or undefined while loading or after a failure. */
export function valueOf<T>(l: Loadable<T>): T | undefined {
  return l.state === 'done' && l.ok ? l.value : undefined;
}
