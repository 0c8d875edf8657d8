import { useEffect, useState } from 'react';
import type { Result } from '../../shared/api';

/** One API answer: loading until it arrives, then the Result as main sent it. */
export type Loadable<T> = { state: 'loading' } | ({ state: 'done' } & Result<T>);

/** Calls `load` when the component mounts; pass a stable function (window.sshlens's are). */
export function useResult<T>(load: () => Promise<Result<T>>): Loadable<T> {
  const [loadable, setLoadable] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (result) => live && setLoadable({ state: 'done', ...result }),
      () => live && setLoadable({ state: 'done', ok: false, error: 'the sshlens API is unavailable' }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return loadable;
}
