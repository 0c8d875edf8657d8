// The main-process side of src/shared/api.ts: one ipcMain.handle per channel. A message is served
// only when it comes from the app's own page in a top-level frame and carries valid arguments;
// every answer is a Result, and a failure crosses over as its message alone (the stack stays in
// the main process log). Takes ipcMain as a parameter, so a test can drive it with a fake.

import type { IpcMain } from 'electron';
import { CHANNEL_PREFIX, type Channel, type ChannelArgs, type ChannelValue, type Result } from '../../shared/api';

export type ApiHandlers = {
  [C in Channel]: (...args: ChannelArgs<C>) => ChannelValue<C> | Promise<ChannelValue<C>>;
};

/** Checks untrusted arguments: the typed arguments, or a message saying what is wrong. */
type ArgsParser<C extends Channel> = (args: readonly unknown[]) => ChannelArgs<C> | { invalid: string };

const noArgs = (args: readonly unknown[]): [] | { invalid: string } =>
  args.length === 0 ? [] : { invalid: `takes no arguments, got ${args.length}` };

const ARGS: { [C in Channel]: ArgsParser<C> } = {
  'sshlens:app:info': noArgs,
  'sshlens:keys:list': noArgs,
  'sshlens:sessions:list': noArgs,
};

/** What the trust check looks at: the frame that sent the message (null once it is gone). */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null;
}

export function registerApi(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: ApiHandlers,
  isAppPage: (url: string) => boolean,
): void {
  for (const channel of Object.keys(ARGS) as Channel[]) {
    if (!channel.startsWith(CHANNEL_PREFIX)) throw new Error(`IPC channel ${channel} lacks the ${CHANNEL_PREFIX} prefix`);
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
    return { ok: false, error: 'refused: the request did not come from the sshlens window' };
  }
  const parsed = (ARGS[channel] as ArgsParser<C>)(args);
  if ('invalid' in parsed) return { ok: false, error: `${channel} ${parsed.invalid}` };
  const handler = handlers[channel] as (...a: ChannelArgs<C>) => ChannelValue<C> | Promise<ChannelValue<C>>;
  try {
    return { ok: true, value: await handler(...parsed) };
  } catch (e) {
    console.error(`sshlens: ${channel} failed:`, e);
    return { ok: false, error: humanMessage(e) };
  }
}

/** Null for the app's own page in a top-level frame; otherwise who sent it, for the log. */
function untrustedSender({ senderFrame: frame }: IpcSender, isAppPage: (url: string) => boolean): string | null {
  if (frame === null) return 'a frame that is gone';
  if (frame.parent !== null) return `a subframe (${frame.url})`;
  return isAppPage(frame.url) ? null : frame.url;
}

/** The first line of an error's message: no stack, no multi-line native dump. */
export function humanMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return message.split('\n')[0]!.trim() || 'unexpected error (see the main process log)';
}
