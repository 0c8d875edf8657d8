// Every web contents the app creates stays on the page it was given: no navigation, no new
// windows, no <webview>.

import type { WebContents } from 'electron';

export function applyContentsPolicy(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    console.warn(`sshlens: refused navigation to ${event.url}`);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    console.warn(`sshlens: refused a redirect to ${event.url}`);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`sshlens: refused to open a window for ${url}`);
    return { action: 'deny' };
  });
}
