// Server-Sent Events for `sshlens serve` (GET /events): the ApiEvents of src/shared/api.ts, one
// JSON document per `data:` line, so the page hears of job progress and case switches without
// polling. A comment line every KEEPALIVE_MS keeps idle proxies and the browser from giving up.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEvent } from '../../shared/api';

const KEEPALIVE_MS = 25_000;

export type EventSource = (listener: (event: ApiEvent) => void) => () => void;

export function streamEvents(req: IncomingMessage, res: ServerResponse, subscribe: EventSource): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  });
  // The browser reconnects after this long if the stream drops (serve restarted, laptop asleep).
  res.write('retry: 1000\n\n');
  const unsubscribe = subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const stop = (): void => {
    clearInterval(keepalive);
    unsubscribe();
  };
  req.once('close', stop);
  res.once('close', stop);
}
