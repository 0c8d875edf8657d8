// The zone every time on screen is shown in: UTC (as the CLI, reports and Cloudflare's logs) or
// this machine's zone. One setting for the whole window, kept across restarts (localStorage);
// App remounts the screen when it changes, so every time on it is drawn again in the new zone.

import { useSyncExternalStore } from 'react';

export type ZoneChoice = 'utc' | 'local';

const KEY = 'sshlens:time-zone';
const listeners = new Set<() => void>();
let choice: ZoneChoice = load();

function load(): ZoneChoice {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'local' ? 'local' : 'utc';
  } catch {
    return 'utc';
  }
}

/** The machine's own IANA zone ('Europe/Berlin'); 'UTC' when the runtime cannot tell. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function zoneChoice(): ZoneChoice {
  return choice;
}

/** The IANA zone times are shown in now. */
export function currentZone(): string {
  return choice === 'utc' ? 'UTC' : machineZone();
}

export function setZoneChoice(next: ZoneChoice): void {
  if (next === choice) return;
  choice = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage disabled: the choice lasts for this window only.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The choice, re-rendering the caller when it changes. */
export function useZoneChoice(): ZoneChoice {
  return useSyncExternalStore(subscribe, zoneChoice);
}
