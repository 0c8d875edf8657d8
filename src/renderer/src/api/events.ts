// Main's pushed events (src/shared/api.ts ApiEvent): over the preload's IPC in the desktop app,
// over Server-Sent Events under `sshlens serve`. One connection for the whole window, shared by
// every listener; the browser's EventSource reconnects by itself, and `onOpen` runs on each
// connection (and at once for a listener added to an open one), since events sent while it was
// down were missed.

import { EVENTS_PATH, type ApiEvent, type SubscribeEvents } from '../../../shared/api';

const overSse: SubscribeEvents = (listener, onOpen) => {
  const source = new EventSource(EVENTS_PATH, { withCredentials: true });
  source.onopen = () => onOpen?.();
  source.onmessage = (m: MessageEvent<string>) => {
    let event: ApiEvent;
    try {
      event = JSON.parse(m.data) as ApiEvent;
    } catch {
      return; // not ours: never break the stream over one bad message
    }
    listener(event);
  };
  return () => source.close();
};

const transport: SubscribeEvents = window.sshlensEvents?.subscribe ?? overSse;
const listeners = new Set<{ event: (e: ApiEvent) => void; open?: () => void }>();
let connected = false;
let started = false;

function start(): void {
  if (started) return;
  started = true;
  transport(
    (e) => {
      for (const l of listeners) l.event(e);
    },
    () => {
      connected = true;
      for (const l of listeners) l.open?.();
    },
  );
}

export const subscribeEvents: SubscribeEvents = (listener, onOpen) => {
  const entry = { event: listener, ...(onOpen && { open: onOpen }) };
  listeners.add(entry);
  start();
  if (connected) onOpen?.();
  return () => void listeners.delete(entry);
};
