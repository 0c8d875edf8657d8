import type { SshlensApi, SubscribeEvents } from '../../shared/api';

declare global {
  interface Window {
    /** Set by the preload (src/preload/index.ts) in the desktop app; absent in a browser (`sshlens serve`). */
    readonly sshlens?: SshlensApi;
    /** Desktop app only: the path on disk of a dropped file. */
    /** Desktop app only: main's pushed events over IPC (a browser uses Server-Sent Events). */
    readonly sshlensEvents?: { subscribe: SubscribeEvents };
    readonly sshlensFiles?: { pathOf: (file: File) => string };
  }
}
