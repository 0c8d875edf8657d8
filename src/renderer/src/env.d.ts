import type { SshlensApi } from '../../shared/api';

declare global {
  interface Window {
    /** Set by the preload (src/preload/index.ts) in the desktop app; absent in a browser (`sshlens serve`). */
    readonly sshlens?: SshlensApi;
    /** Desktop app only: the path on disk of a dropped file. */
    readonly sshlensFiles?: { pathOf: (file: File) => string };
  }
}
