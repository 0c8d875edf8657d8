// One call of the API, whatever carried it (IPC or HTTP): check the arguments, run the handler,
// answer a Result. A failure crosses over as its first line and its code (src/shared/errors.ts);
// the stack stays in main's log.

import type { Channel, ChannelArgs, ChannelValue, Result } from '../../shared/api';
import { apiFailure } from '../../shared/errors';
import { API_ARGS } from './api-args';
import { ArgError } from './validate';

export type ApiHandlers = {
  [C in Channel]: (...args: ChannelArgs<C>) => ChannelValue<C> | Promise<ChannelValue<C>>;
};

export const API_CHANNELS = Object.keys(API_ARGS) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(API_ARGS, name);
}

export async function dispatch<C extends Channel>(
  channel: C,
  handlers: ApiHandlers,
  args: readonly unknown[],
): Promise<Result<ChannelValue<C>>> {
  let parsed: ChannelArgs<C>;
  try {
    parsed = (API_ARGS[channel] as (a: readonly unknown[]) => ChannelArgs<C>)(args);
  } catch (e) {
    if (e instanceof ArgError) return apiFailure(e, `${channel}: `);
    throw e;
  }
  const handler = handlers[channel] as (...a: ChannelArgs<C>) => ChannelValue<C> | Promise<ChannelValue<C>>;
  try {
    return { ok: true, value: await handler(...parsed) };
  } catch (e) {
    console.error(`sshlens: ${channel} failed:`, e);
    return apiFailure(e);
  }
}
