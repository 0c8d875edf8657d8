// Who may talk to `sshlens serve`: only this machine (the server binds 127.0.0.1), only under the
// host name it was started with (a DNS-rebound name is refused), and only with the random token
// printed at start, carried as a same-site cookie once the start URL has been opened.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'sshlens_token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when the Host header names this server: 127.0.0.1 or localhost, on its port. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** The token the request carries in its cookie, or in ?token= on the start URL. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

export function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie set when the start URL is opened: never sent cross-site, never readable by scripts. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
