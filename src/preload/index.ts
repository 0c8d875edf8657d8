// The sandboxed preload: exposes `window.sshlens`, one function per intent, and nothing else (never
// ipcRenderer). Bundled into one CommonJS file, since a sandboxed preload can require only 'electron'.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  apiOver,
  EVENTS_CHANNEL,
  type ApiEvent,
  type Channel,
  type ChannelArgs,
  type ChannelValue,
  type Result,
  type SubscribeEvents,
} from '../shared/api';
import { failure } from '../shared/errors';

async function call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelValue<C>>> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as Result<ChannelValue<C>>;
  } catch {
    // Only when main has no handler or crashed: main itself answers every failure with a Result.
    return failure('unavailable', `the main process did not answer ${channel}`);
  }
}

/** Main's pushed events: the page gets the event itself, never the IPC event (it carries the sender). */
const subscribe: SubscribeEvents = (listener, onOpen) => {
  const relay = (_e: IpcRendererEvent, event: ApiEvent): void => listener(event);
  ipcRenderer.on(EVENTS_CHANNEL, relay);
  onOpen?.();
  return () => void ipcRenderer.removeListener(EVENTS_CHANNEL, relay);
};

contextBridge.exposeInMainWorld('sshlens', apiOver(call));
contextBridge.exposeInMainWorld('sshlensEvents', { subscribe });
// A dropped file's path on disk (the page itself cannot see paths): what the import is given.
contextBridge.exposeInMainWorld('sshlensFiles', { pathOf: (file: File): string => webUtils.getPathForFile(file) });
