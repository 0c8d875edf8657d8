import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../src/shared/api';
import { errorFromSerialized, KeychainUnavailableError } from '../../src/shared/errors';
import { serve } from '../../src/main/app/ipc';
import { windowOptions } from '../../src/main/app/window-options';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from '../../src/main/security/content-security-policy';
import { API_CHANNELS, dispatch, type ApiHandlers } from '../../src/main/services/dispatch';

const directives = (policy: string): Map<string, string> =>
  new Map(
    policy.split(';').map((d) => {
      const [k, ...v] = d.trim().split(/\s+/);
      return [k!, v.join(' ')];
    }),
  );

describe('window security settings', () => {
  const web = windowOptions({ preloadPath: '/app/preload.cjs', devTools: false, dark: false }).webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it("allows only the app's own files: no network, no inline script, no eval, no frames", () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    // Inline styles only (xterm.js's <style> elements); never inline or evaluated script, never a remote host.
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(readFileSync('src/renderer/index.html', 'utf8')).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
  });

  it('lets the served page fetch its own origin and nothing else', () => {
    const csp = directives(contentSecurityPolicy({ fetchFromSelf: true }));
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
  });
});

/** Every channel answers with its own name, so a test can see which handler ran. */
const echo = new Proxy({} as ApiHandlers, {
  get:
    (_t, channel: string) =>
    (...args: unknown[]) => {
      if (channel === 'sshlens:keys:list') throw new Error('keychain down\n    at secret stack');
      if (channel === 'sshlens:keys:generate') throw new KeychainUnavailableError('no Secret Service');
      return { channel, args };
    },
});

describe('IPC trust', () => {
  const isApp = (url: string): boolean => url === 'file:///app/index.html';
  const top = (url: string) => ({ senderFrame: { url, parent: null } });

  it("serves the app's own top-level page", async () => {
    expect(await serve('sshlens:app:info', echo, isApp, top('file:///app/index.html'), [])).toEqual({
      ok: true,
      value: { channel: 'sshlens:app:info', args: [] },
    });
  });

  it('refuses other pages, subframes and frames that are gone', async () => {
    expect((await serve('sshlens:app:info', echo, isApp, top('https://evil.example/'), [])).ok).toBe(false);
    expect(
      (await serve('sshlens:app:info', echo, isApp, { senderFrame: { url: 'file:///app/index.html', parent: {} } }, []))
        .ok,
    ).toBe(false);
    expect((await serve('sshlens:app:info', echo, isApp, { senderFrame: null }, [])).ok).toBe(false);
  });

  it('returns a failure as its first line, never the stack', async () => {
    expect(await serve('sshlens:keys:list', echo, isApp, top('file:///app/index.html'), [])).toEqual({
      ok: false,
      error: 'keychain down',
      code: 'failed',
    });
  });

  it('carries a typed error as its code and fields, and the page rebuilds its class from them', async () => {
    const r = await serve('sshlens:keys:generate', echo, isApp, top('file:///app/index.html'), ['label']);
    expect(r).toEqual({
      ok: false,
      error: new KeychainUnavailableError('no Secret Service').message,
      code: 'keychain-unavailable',
      fields: { detail: 'no Secret Service' },
    });
    if (r.ok) return;
    const rebuilt = errorFromSerialized({ code: r.code!, message: r.error, fields: r.fields ?? {} });
    expect(rebuilt).toBeInstanceOf(KeychainUnavailableError);
  });
});

describe('API argument checks', () => {
  const refused = async (channel: Channel, args: unknown[]): Promise<string> => {
    const r = await dispatch(channel, echo, args);
    if (r.ok) throw new Error(`${channel} accepted ${JSON.stringify(args)}`);
    return r.error;
  };

  it('covers every channel of the contract', () => {
    expect([...API_CHANNELS].sort()).toEqual([...new Set(Object.values(CHANNELS))].sort());
  });

  it('refuses wrong counts, types, unknown fields, malformed ids and out-of-range numbers', async () => {
    expect(await refused('sshlens:app:info', ['x'])).toMatch(/takes 0 arguments/);
    expect(await refused('sshlens:sessions:get', [12])).toMatch(/id like s12/);
    expect(await refused('sshlens:sessions:get', ['p12'])).toMatch(/id like s12/);
    expect(await refused('sshlens:replay:frame', [{ program: 'p1', atUs: -5 }])).toMatch(/between/);
    expect(await refused('sshlens:replay:frame', [{ program: 'p1', atUs: Number.NaN }])).toMatch(/number/);
    expect(await refused('sshlens:timeline:page', [{ filter: {}, offset: 0, limit: 10_000 }])).toMatch(/limit/);
    expect(await refused('sshlens:timeline:page', [{ filter: { user: 'a', evil: 1 }, offset: 0, limit: 10 }])).toMatch(
      /unknown field "evil"/,
    );
    expect(await refused('sshlens:timeline:page', [{ filter: { type: 'telnet' }, offset: 0, limit: 10 }])).toMatch(
      /one of/,
    );
    expect(
      await refused('sshlens:jobs:import', [{ expectedCase: '/c.sqlite' }, { paths: 'a', allowPartial: false }]),
    ).toMatch(/list/);
    expect(
      await refused('sshlens:jobs:import', [{ expectedCase: '/c.sqlite' }, { paths: ['a\0b'], allowPartial: false }]),
    ).toMatch(/NUL/);
    expect(await refused('sshlens:dialog:pick', ['/etc/passwd'])).toMatch(/one of/);
    expect(await refused('sshlens:search:run', [{ query: 'x'.repeat(2001), limit: 10 }])).toMatch(/longer/);
  });

  it('passes well-formed arguments through, optional fields left out', async () => {
    const args = [{ filter: { user: 'a@b.c', nonZeroExit: true }, offset: 100, limit: 100 }];
    expect(await dispatch('sshlens:timeline:page', echo, args)).toEqual({
      ok: true,
      value: { channel: 'sshlens:timeline:page', args },
    });
  });
});
