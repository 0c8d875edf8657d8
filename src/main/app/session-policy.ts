// The default session's rules: no permission is ever granted, nothing but the app's own files (or
// the dev server) is ever requested, and every response carries the Content-Security-Policy.

import type { Session } from 'electron';
import { isAllowedRequest, type RendererSource } from './renderer-source';

export function applySessionPolicy(session: Session, source: RendererSource, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(source, details.url);
    if (!allowed) console.warn(`sshlens: blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });

  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}
