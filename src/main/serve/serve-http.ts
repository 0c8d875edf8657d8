// `sshlens serve`: the same main-process services as the desktop app, behind a local HTTP server,
// so the real renderer runs in any browser (and in Chromium under the end-to-end tests). The API
// is src/shared/api.ts carried as POST /api/<channel> with a JSON list of arguments; the answer
// is the same Result as over IPC. Every request must pass request-guard.ts.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from '../security/content-security-policy';
import { dispatch, isChannel, type ApiHandlers } from '../services/dispatch';
import { hostAllowed, newToken, tokenCookie, tokenMatches, tokenOf } from './request-guard';
import { staticFile } from './static-files';
import { EVENTS_PATH } from '../../shared/api';
import { failure } from '../../shared/errors';
import { streamEvents, type EventSource } from './event-stream';

const MAX_BODY_BYTES = 1024 * 1024;
const POLICY = contentSecurityPolicy({ fetchFromSelf: true });
const META_POLICY = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;

export interface ServeOptions {
  handlers: ApiHandlers;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** The pushed events (job progress, case switches), streamed at GET /events. */
  events?: EventSource;
}

export interface RunningServer {
  /** Open this to start: it carries the token once, then a cookie does. */
  startUrl: string;
  origin: string;
  port: number;
  close: () => Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  let port = 0;
  const server: Server = createServer((req, res) => {
    handle(req, res, options, token, port).catch((e: unknown) => {
      console.error('sshlens serve: request failed:', e);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    startUrl: `${origin}/?token=${token}`,
    origin,
    port,
    // An event stream never ends by itself: end the open ones too, or close() would wait forever.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeOptions,
  token: string,
  port: number,
): Promise<void> {
  if (!hostAllowed(req, port)) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (!tokenMatches(tokenOf(req, url), token))
    return send(
      res,
      403,
      'text/plain; charset=utf-8',
      'open the URL sshlens serve printed (it carries the access token)',
    );

  if (url.searchParams.has('token')) {
    // The start URL: trade the token in the address bar for a cookie, and drop it from the URL.
    res.setHeader('Set-Cookie', tokenCookie(token));
    res.setHeader('Location', '/');
    return send(res, 303, 'text/plain; charset=utf-8', '');
  }

  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
    // A JSON content type cannot be sent cross-origin without a preflight, which is never answered.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return send(res, 415, 'text/plain; charset=utf-8', 'JSON only');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
      return send(res, 403, 'text/plain; charset=utf-8', 'wrong origin');
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    if (!isChannel(channel)) return send(res, 404, 'text/plain; charset=utf-8', 'no such API call');
    const body = await readBody(req);
    if (body === null) return send(res, 413, 'text/plain; charset=utf-8', 'request too large');
    let args: unknown;
    try {
      args = JSON.parse(body);
    } catch {
      return sendJson(res, failure('bad-arguments', `${channel}: the arguments are not JSON`));
    }
    if (!Array.isArray(args))
      return sendJson(res, failure('bad-arguments', `${channel}: the arguments must be a JSON list`));
    return sendJson(res, await dispatch(channel, options.handlers, args));
  }

  if (url.pathname === EVENTS_PATH) {
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
    if (!options.events) return send(res, 404, 'text/plain; charset=utf-8', 'no events here');
    return streamEvents(req, res, options.events);
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
  const file = await staticFile(options.rendererDir, url.pathname);
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  // The page's <meta> policy says connect-src 'none' (right for the desktop app); here the API is fetched.
  const body = file.type.startsWith('text/html')
    ? Buffer.from(file.body.toString('utf8').replace(META_POLICY, `$1${POLICY}$2`))
    : file.body;
  return send(res, 200, file.type, body);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Security-Policy', `${POLICY}; frame-ancestors 'none'`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
