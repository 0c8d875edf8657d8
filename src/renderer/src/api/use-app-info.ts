import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/api';
import { api } from './client';

let cached: Promise<AppInfo | null> | null = null;

/** The app's fixed facts (version, transport, dialogs), asked once per window. */
export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    cached ??= api.appInfo().then((r) => (r.ok ? r.value : null));
    let live = true;
    void cached.then((v) => live && setInfo(v));
    return () => {
      live = false;
    };
  }, []);
  return info;
}
