// The renderer's one handle on main: the preload's IPC API in the desktop app, HTTP under
// `sshlens serve`. Screens import `api` and never care which. Every write goes out naming the
// case the window shows (shown-case.ts), so main can refuse it when another case is open.

import { GUARDED_METHODS, type ScreenApi, type SshlensApi } from '../../../shared/api';
import { failure } from '../../../shared/errors';
import { httpApi } from './http-transport';
import { shownCase } from './shown-case';

function guarded(base: SshlensApi): ScreenApi {
  const api: Record<string, unknown> = { ...base };
  for (const method of GUARDED_METHODS) {
    const write = base[method] as (...args: unknown[]) => Promise<unknown>;
    api[method] = (...args: unknown[]) => {
      const expectedCase = shownCase();
      if (expectedCase === null)
        return Promise.resolve(failure('unavailable', 'the window has not loaded its case yet: try again in a moment'));
      return write({ expectedCase }, ...args);
    };
  }
  return Object.freeze(api) as ScreenApi;
}

export const api: ScreenApi = guarded(window.sshlens ?? httpApi());

/** A dropped File's path on disk, when the desktop app can tell it (a browser cannot). */
export function pathOfDroppedFile(file: File): string | null {
  const path = window.sshlensFiles?.pathOf(file);
  return path ? path : null;
}
