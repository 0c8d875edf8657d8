// The renderer's one handle on main: the preload's IPC API in the desktop app, HTTP under
// `sshlens serve`. Screens import `api` and never care which.

import type { SshlensApi } from '../../../shared/api';
import { httpApi } from './http-transport';

export const api: SshlensApi = window.sshlens ?? httpApi();

/** A dropped File's path on disk, when the desktop app can tell it (a browser cannot). */
export function pathOfDroppedFile(file: File): string | null {
  const path = window.sshlensFiles?.pathOf(file);
  return path ? path : null;
}
