// The sandboxed preload: exposes `window.sshlens`, one function per intent, and nothing else (never
// ipcRenderer). Bundled into one CommonJS file, since a sandboxed preload can require only 'electron'.

import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type Channel, type ChannelArgs, type ChannelValue, type Result, type SshlensApi } from '../shared/api';

async function call<C extends Channel>(channel: C, ...args: ChannelArgs<C>): Promise<Result<ChannelValue<C>>> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as Result<ChannelValue<C>>;
  } catch {
    // Only when main has no handler or crashed: main itself answers every failure with a Result.
    return { ok: false, error: `the main process did not answer ${channel}` };
  }
}

const api: SshlensApi = {
  appInfo: () => call(CHANNELS.appInfo),
  listKeys: () => call(CHANNELS.listKeys),
  listSessions: () => call(CHANNELS.listSessions),
};

contextBridge.exposeInMainWorld('sshlens', api);
