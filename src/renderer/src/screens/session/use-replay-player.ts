import { useSyncExternalStore } from 'react';
import type { PlayerState, ReplayPlayer } from './replay-player';

const noSubscription = (): (() => void) => () => undefined;
const noState = (): null => null;

/** The player's state, re-rendering when it changes (the position: a few times a second while playing). */
export function usePlayerState(player: ReplayPlayer | null): PlayerState | null {
  return useSyncExternalStore(player ? player.subscribe : noSubscription, player ? player.getState : noState);
}
