import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serve, type ApiHandlers } from '../../src/main/app/ipc';
import { CONTENT_SECURITY_POLICY, windowOptions } from '../../src/main/app/window-options';

describe('window security settings', () => {
  const web = windowOptions({ preloadPath: '/app/preload.cjs', devTools: false, dark: false }).webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(web).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
  });

  it('allows only the app\'s own files: no network, no inline script, no frames', () => {
    const csp = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => { const [k, ...v] = d.trim().split(/\s+/); return [k!, v.join(' ')]; }));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
    expect(readFileSync('src/renderer/index.html', 'utf8')).toContain(CONTENT_SECURITY_POLICY);
  });
});

describe('IPC trust', () => {
  const handlers: ApiHandlers = {
    'sshlens:app:info': () => ({ version: '1', casePath: '/c' }),
    'sshlens:keys:list': () => { throw new Error('keychain down\n    at secret stack'); },
    'sshlens:sessions:list': () => [],
  };
  const isApp = (url: string): boolean => url === 'file:///app/index.html';
  const top = (url: string) => ({ senderFrame: { url, parent: null } });

  it('serves the app\'s own top-level page', async () => {
    expect(await serve('sshlens:app:info', handlers, isApp, top('file:///app/index.html'), [])).toEqual({ ok: true, value: { version: '1', casePath: '/c' } });
  });

  it('refuses other pages, subframes and unexpected arguments', async () => {
    expect((await serve('sshlens:app:info', handlers, isApp, top('https://evil.example/'), [])).ok).toBe(false);
    expect((await serve('sshlens:app:info', handlers, isApp, { senderFrame: { url: 'file:///app/index.html', parent: {} } }, [])).ok).toBe(false);
    expect(await serve('sshlens:app:info', handlers, isApp, top('file:///app/index.html'), ['x'])).toMatchObject({ ok: false });
  });

  it('returns a failure as its first line, never the stack', async () => {
    expect(await serve('sshlens:keys:list', handlers, isApp, top('file:///app/index.html'), [])).toEqual({ ok: false, error: 'keychain down' });
  });
});
