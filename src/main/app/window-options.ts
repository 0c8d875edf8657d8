// The window's security settings, as plain data: index.ts hands them to Electron, a test can read
// them without Electron running. Only types come from 'electron' here.

import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The page may load only its own files: no remote host, no inline script, no eval, no network
 * (connect-src 'none'), no plugins, no frames, no forms. `frame-ancestors` is left out because a
 * <meta> policy cannot carry it, and this exact string is both the header and the <meta> tag in
 * src/renderer/index.html (the build checks they match).
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The policy for the built app, or, given the Vite dev server's origin, the one `electron-vite dev`
 * needs: the dev server's websocket for hot reload, the React refresh preamble's inline script (by
 * its hash, never 'unsafe-inline') and the <style> elements Vite injects.
 */
export function contentSecurityPolicy(dev?: { origin: string; inlineScriptHashes: readonly string[] }): string {
  const websocket = dev ? dev.origin.replace(/^http/, 'ws') : null;
  return [
    "default-src 'self'",
    `script-src 'self'${dev ? dev.inlineScriptHashes.map((h) => ` '${h}'`).join('') : ''}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    websocket ? `connect-src 'self' ${websocket}` : "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

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
