// The Electron main process: one hardened window over the case, and the typed API behind it
// (src/shared/api.ts). Every `electron` import of the main process lives here or in ./app; the
// engine beside it (formats, store, vault...) runs in plain Node and knows nothing of Electron.

import { app, BrowserWindow, dialog, ipcMain, nativeTheme, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { appCasePath } from './app/case-location';
import { pickWithDialog } from './app/dialogs';
import { electronPdfPrinter } from './app/print-pdf';
import { applyContentsPolicy } from './app/contents-policy';
import { registerApi } from './app/ipc';
import { devServerOrigin, isAppPage, rendererSource } from './app/renderer-source';
import { applySessionPolicy } from './app/session-policy';
import { createApiHandlers } from './services/api-handlers';
import { AppServices } from './services/app-services';
import { contentSecurityPolicy } from './security/content-security-policy';
import { windowOptions } from './app/window-options';
import { EVENTS_CHANNEL } from '../shared/api';

/** Hashes of the inline scripts the dev server injects; empty in a build (electron.vite.config.ts). */
declare const SSHLENS_DEV_SCRIPT_HASHES: readonly string[];

const source = rendererSource({
  indexFile: fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  packaged: app.isPackaged,
});
const devOrigin = devServerOrigin(source);
const csp = contentSecurityPolicy(
  devOrigin ? { dev: { origin: devOrigin, inlineScriptHashes: SSHLENS_DEV_SCRIPT_HASHES } } : {},
);
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

let mainWindow: BrowserWindow | null = null;

function openWindow(): void {
  const win = new BrowserWindow(
    windowOptions({ preloadPath, devTools: !app.isPackaged, dark: nativeTheme.shouldUseDarkColors }),
  );
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const loading = source.kind === 'dev-server' ? win.loadURL(source.url) : win.loadFile(source.indexFile);
  loading.catch((e: unknown) => console.error('sshlens: the window could not load its page:', e));
  mainWindow = win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  const services = new AppServices({
    version: app.getVersion(),
    casePath: appCasePath(app.getPath('userData')),
    userDataDir: app.getPath('userData'),
    transport: 'ipc',
    pick: (purpose) => pickWithDialog(dialog, mainWindow, purpose),
    printPdf: electronPdfPrinter({ BrowserWindow, session }),
  });
  services.recent.remember(services.cases.path);

  app.on('web-contents-created', (_event, contents) => applyContentsPolicy(contents));
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Cancel running jobs (their open transaction rolls back) and close the case before exiting.
    event.preventDefault();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(() => {
      applySessionPolicy(session.defaultSession, source, csp);
      registerApi(ipcMain, createApiHandlers(services), (url) => isAppPage(source, url));
      // Pushed events (job progress, case switches) go to the window's page; see src/shared/api.ts.
      services.events.subscribe((event) => {
        if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENTS_CHANNEL, event);
      });
      openWindow();
    })
    .catch((e: unknown) => {
      console.error('sshlens: could not start:', e);
      app.exit(1);
    });
}
