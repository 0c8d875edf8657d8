import { api } from '../../api/client';
import { PAGE_CHARS, type ReplaySource } from './replay-player';

/** The replay API bound to one program. */
export function createReplaySource(program: string): ReplaySource {
  return {
    frame: (atUs) => api.replayFrame({ program, atUs }),
    events: (afterUs, maxChars = PAGE_CHARS) => api.replayEvents({ program, afterUs, maxChars }),
  };
}
