// Where the window's page comes from, and the two questions asked of every URL: is this the app's
// own page (to trust an IPC message), and may the renderer load it at all (everything else is
// blocked: the app works offline). Pure, so a test can ask them without Electron.

import { dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type RendererSource =
  /** The built page: out/renderer/index.html and the files beside it. */
  | { kind: 'files'; indexFile: string }
  /** `electron-vite dev`: the Vite dev server on this machine. */
  | { kind: 'dev-server'; url: string };

/**
 * The dev server is used only when electron-vite says so (ELECTRON_RENDERER_URL) and the app is not
 * packaged, so an installed app never loads a page named by the environment.
 */
export function rendererSource(options: {
  indexFile: string;
  devServerUrl: string | undefined;
  packaged: boolean;
}): RendererSource {
  if (!options.packaged && options.devServerUrl && isLoopbackHttp(options.devServerUrl)) {
    return { kind: 'dev-server', url: options.devServerUrl };
  }
  return { kind: 'files', indexFile: options.indexFile };
}

/** True for the app's own page, whatever its #fragment or ?query. */
export function isAppPage(source: RendererSource, url: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (source.kind === 'dev-server') return parsed.origin === new URL(source.url).origin;
  return filePath(parsed) === source.indexFile;
}

/** True for what the renderer may request: its own files, or the dev server. */
export function isAllowedRequest(source: RendererSource, url: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  // DevTools' own pages (only reachable while developing, see windowOptions).
  if (parsed.protocol === 'devtools:') return true;
  if (source.kind === 'dev-server') {
    const server = new URL(source.url);
    return parsed.host === server.host && (parsed.protocol === server.protocol || parsed.protocol === 'ws:');
  }
  const file = filePath(parsed);
  if (file === null) return false;
  const inside = relative(dirname(source.indexFile), file);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** The dev-server origin for the development Content-Security-Policy, or null for the built app. */
export function devServerOrigin(source: RendererSource): string | null {
  return source.kind === 'dev-server' ? new URL(source.url).origin : null;
}

function isLoopbackHttp(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null && parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  );
}

function filePath(url: URL): string | null {
  if (url.protocol !== 'file:') return null;
  try {
    return fileURLToPath(url);
  } catch {
    return null; // a host other than localhost, or an encoded slash
  }
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
