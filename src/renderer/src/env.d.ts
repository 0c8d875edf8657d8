import type { SshlensApi } from '../../shared/api';

declare global {
  interface Window {
    /** Set by the preload (src/preload/index.ts): the renderer's only way to the main process. */
    readonly sshlens: SshlensApi;
  }
}
