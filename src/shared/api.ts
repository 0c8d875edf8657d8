// The one contract between the renderer and the main process. Every IPC channel is declared here
// with its arguments and its answer; main (src/main/app/ipc.ts) and the preload are thin adapters
// over it. Runs everywhere: no Node and no DOM types in this file.

import type { KeyInfo, SessionSummary } from './model';

/** Every channel name starts with this; main refuses any other. */
export const CHANNEL_PREFIX = 'sshlens:';

export interface AppInfo {
  version: string;
  /** The case file the window shows, absolute. */
  casePath: string;
}

/** Channel name → the arguments it takes and the value it answers with. */
export interface ApiContract {
  'sshlens:app:info': { args: []; value: AppInfo };
  'sshlens:keys:list': { args: []; value: KeyInfo[] };
  'sshlens:sessions:list': { args: []; value: SessionSummary[] };
}

export type Channel = keyof ApiContract;
export type ChannelArgs<C extends Channel> = ApiContract[C]['args'];
export type ChannelValue<C extends Channel> = ApiContract[C]['value'];

/** Errors cross the boundary as values carrying a human message, never as a stack trace. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export const CHANNELS = {
  appInfo: 'sshlens:app:info',
  listKeys: 'sshlens:keys:list',
  listSessions: 'sshlens:sessions:list',
} as const satisfies Record<string, Channel>;

/**
 * The `window.sshlens` global the preload exposes: one function per intent, nothing else. Plain
 * functions, not methods: they may be passed around unbound.
 */
export interface SshlensApi {
  readonly appInfo: () => Promise<Result<AppInfo>>;
  readonly listKeys: () => Promise<Result<KeyInfo[]>>;
  readonly listSessions: () => Promise<Result<SessionSummary[]>>;
}

