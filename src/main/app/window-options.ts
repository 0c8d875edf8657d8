// The window's security settings, as plain data: index.ts hands them to Electron, a test can read
// them without Electron running. Only types come from 'electron' here.

import type { BrowserWindowConstructorOptions } from 'electron';

/** Matches --bg in src/renderer/src/app.css, so the window does not flash white before the page paints. */
export const WINDOW_BACKGROUND = { light: '#f7f7f5', dark: '#17181a' } as const;

export interface WindowSettings {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** DevTools only while developing. */
  devTools: boolean;
  dark: boolean;
}

export function windowOptions({ preloadPath, devTools, dark }: WindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'sshlens',
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    backgroundColor: dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}
