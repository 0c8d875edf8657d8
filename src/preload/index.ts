// The sandboxed preload: exposes `window.sshlens`, one function per intent, and nothing else (never
// ipcRenderer). Bundled into one CommonJS file, since a sandboxed preload can require only 'electron'.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { apiOver, type Channel, type ChannelArgs, type ChannelValue, type Result } from '../shared/api';

async function call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelValue<C>>> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as Result<ChannelValue<C>>;
  } catch {
    // Only when main has no handler or crashed: main itself answers every failure with a Result.
    return { ok: false, error: `the main process did not answer ${channel}` };
  }
}

contextBridge.exposeInMainWorld('sshlens', apiOver(call));
// A dropped file's path on disk (the page itself cannot see paths): what the import is given.
contextBridge.exposeInMainWorld('sshlensFiles', { pathOf: (file: File): string => webUtils.getPathForFile(file) });
