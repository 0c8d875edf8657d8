// The API over HTTP, for `sshlens serve`: the same contract as the preload's IPC, carried as
// POST /api/<channel> with the arguments as a JSON list. The access token rides in an HttpOnly
// cookie the server set; this page never sees it.

import {
  apiOver,
  type Channel,
  type ChannelArgs,
  type ChannelValue,
  type Result,
  type SshlensApi,
} from '../../../shared/api';
import { failure } from '../../../shared/errors';

export function httpApi(): SshlensApi {
  return apiOver(async <C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelValue<C>>> => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      return failure('unavailable', 'sshlens serve is not answering (was it stopped?)');
    }
    if (!response.ok)
      return failure(
        'refused',
        `sshlens serve refused ${channel}: ${response.status} ${(await response.text()).slice(0, 200)}`,
      );
    return (await response.json()) as Result<ChannelValue<C>>;
  });
}
