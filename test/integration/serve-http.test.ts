// The HTTP transport of `sshlens serve`, as a hostile page or process on this machine would probe
// it: the real CLI, a real (empty) case, raw HTTP requests.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServedUi } from '../helpers/cli';
import { tempDir } from '../helpers/fixtures';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('sshlens serve over HTTP', () => {
  const dir = tempDir();
  let ui: ServedUi;
  let cookie: string;
  const api = (channel: string, args: unknown[], headers: Record<string, string> = {}): Promise<Reply> =>
    http(ui.port, `/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers },
      body: JSON.stringify(args),
    });

  beforeAll(async () => {
    ui = await startServe(`${dir.path}/case.sqlite`, { SSHLENS_HOME: dir.path });
    const token = new URL(ui.startUrl).searchParams.get('token')!;
    cookie = `sshlens_token=${token}`;
  });
  afterAll(async () => {
    await ui.stop();
    dir.cleanup();
  });

  it('listens on the loopback address only, with a long random token', () => {
    expect(new URL(ui.startUrl).hostname).toBe('127.0.0.1');
    expect(new URL(ui.startUrl).searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses every request without the token, or with a wrong one', async () => {
    expect((await http(ui.port, '/')).status).toBe(403);
    expect((await http(ui.port, '/?token=nope')).status).toBe(403);
    expect((await http(ui.port, '/', { headers: { Cookie: 'sshlens_token=nope' } })).status).toBe(403);
    expect(
      (
        await http(ui.port, '/api/sshlens:app:info', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '[]',
        })
      ).status,
    ).toBe(403);
  });

  it('trades the start URL for an HttpOnly, same-site cookie and drops the token from the address', async () => {
    const r = await http(ui.port, new URL(ui.startUrl).pathname + new URL(ui.startUrl).search);
    expect(r.status).toBe(303);
    expect(r.headers['location']).toBe('/');
    const set = String(r.headers['set-cookie']);
    expect(set).toContain(cookie);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
  });

  it('refuses another Host name (DNS rebinding), even with the token', async () => {
    expect((await http(ui.port, '/', { headers: { Host: `evil.example:${ui.port}`, Cookie: cookie } })).status).toBe(
      421,
    );
  });

  it('serves the page with a policy that allows fetching its own origin only', async () => {
    const r = await http(ui.port, '/', { headers: { Cookie: cookie } });
    expect(r.status).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // The page's own <meta> policy (connect-src 'none' for the desktop app) is swapped for this one.
    expect(r.body).toContain(`content="${csp.replace("; frame-ancestors 'none'", '')}"`);
  });

  it('serves nothing outside the built renderer', async () => {
    for (const path of [
      '/../package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/',
      '/index.html%00.js',
    ]) {
      expect((await http(ui.port, path, { headers: { Cookie: cookie } })).status, path).toBe(404);
    }
  });

  it('answers the typed API as JSON Results, with the arguments checked', async () => {
    const info = JSON.parse((await api('sshlens:app:info', [])).body);
    expect(info).toMatchObject({ ok: true, value: { transport: 'http', nativeDialogs: false } });
    expect(JSON.parse((await api('sshlens:sessions:get', ['s999'])).body)).toEqual({
      ok: false,
      error: 'no session s999 in this case',
      code: 'failed',
    });
    expect(JSON.parse((await api('sshlens:sessions:get', ["s1' OR 1=1"])).body)).toMatchObject({
      ok: false,
      code: 'bad-arguments',
      error: expect.stringMatching(/id like s12/),
    });
    expect(JSON.parse((await api('sshlens:dialog:pick', ['open-case'])).body)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not available in the browser/),
    });
  });

  it('refuses API calls a cross-site page could send: wrong origin, a simple content type, GET, unknown calls', async () => {
    expect((await api('sshlens:app:info', [], { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('sshlens:app:info', [], { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await http(ui.port, '/api/sshlens:app:info', { headers: { Cookie: cookie } })).status).toBe(405);
    expect((await api('sshlens:shell:exec', [])).status).toBe(404);
    expect((await api('constructor', [])).status).toBe(404);
  });
});
