// The page's Content-Security-Policy, one definition for every way the renderer is served: the
// desktop app (header and <meta>), `electron-vite dev`, and `sshlens serve` over HTTP.

/**
 * The page may load only its own files: no remote host, no inline script, no eval, no plugins, no
 * frames, no forms, and no network at all in the desktop app (connect-src 'none'; IPC is not a
 * fetch). Inline *styles* are allowed because xterm.js sizes and colours the terminal with <style>
 * elements it creates at run time (it has no nonce option); scripts stay 'self' only, and nothing
 * from a recording is ever markup. `frame-ancestors` is left out because a <meta> policy cannot
 * carry it (the HTTP server adds it as a header). This exact string is both the header and the
 * <meta> tag in src/renderer/index.html (the build checks they match).
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export interface PolicyOptions {
  /** `electron-vite dev`: the dev server's origin and the refresh preamble's inline-script hashes. */
  dev?: { origin: string; inlineScriptHashes: readonly string[] };
  /** `sshlens serve`: the API is fetched from the page's own origin. */
  fetchFromSelf?: boolean;
}

/**
 * The policy for the built app; for `electron-vite dev`, also the dev server's websocket for hot
 * reload and the React refresh preamble (by its hash, never 'unsafe-inline' for scripts).
 */
export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const { dev, fetchFromSelf } = options;
  const websocket = dev ? dev.origin.replace(/^http/, 'ws') : null;
  return [
    "default-src 'self'",
    `script-src 'self'${dev ? dev.inlineScriptHashes.map((h) => ` '${h}'`).join('') : ''}`,
    "style-src 'self' 'unsafe-inline'",
    websocket ? `connect-src 'self' ${websocket}` : fetchFromSelf ? "connect-src 'self'" : "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
