// The IPC transport of src/shared/api.ts: one ipcMain.handle per channel. A message is served only
// when it comes from the app's own page in a top-level frame; the call itself is dispatch()'s, the
// same as over HTTP. Takes ipcMain as a parameter, so a test can drive it with a fake.

import type { IpcMain } from 'electron';
import { CHANNEL_PREFIX, type Channel, type ChannelValue, type Result } from '../../shared/api';
import { failure } from '../../shared/errors';
import { API_CHANNELS, dispatch, type ApiHandlers } from '../services/dispatch';

/** What the trust check looks at: the frame that sent the message (null once it is gone). */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null;
}

export function registerApi(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: ApiHandlers,
  isAppPage: (url: string) => boolean,
): void {
  for (const channel of API_CHANNELS) {
    if (!channel.startsWith(CHANNEL_PREFIX))
      throw new Error(`IPC channel ${channel} lacks the ${CHANNEL_PREFIX} prefix`);
    ipc.handle(channel, (event, ...args: unknown[]) => serve(channel, handlers, isAppPage, event, args));
  }
}

export async function serve<C extends Channel>(
  channel: C,
  handlers: ApiHandlers,
  isAppPage: (url: string) => boolean,
  sender: IpcSender,
  args: readonly unknown[],
): Promise<Result<ChannelValue<C>>> {
  const untrusted = untrustedSender(sender, isAppPage);
  if (untrusted !== null) {
    console.warn(`sshlens: refused ${channel} from ${untrusted}`);
    return failure('refused', 'refused: the request did not come from the sshlens window');
  }
  return dispatch(channel, handlers, args);
}

/** Null for the app's own page in a top-level frame; otherwise who sent it, for the log. */
function untrustedSender({ senderFrame: frame }: IpcSender, isAppPage: (url: string) => boolean): string | null {
  if (frame === null) return 'a frame that is gone';
  if (frame.parent !== null) return `a subframe (${frame.url})`;
  return isAppPage(frame.url) ? null : frame.url;
}
