// Main's pushed events (src/shared/api.ts ApiEvent): over the preload's IPC in the desktop app,
// over Server-Sent Events under `sshlens serve`. The browser's EventSource reconnects by itself;
// `onOpen` runs on each connection, since events sent while it was down were missed.

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

export const subscribeEvents: SubscribeEvents = window.sshlensEvents?.subscribe ?? overSse;
