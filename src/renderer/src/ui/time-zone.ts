// The zone every time on screen is shown in: UTC (as the CLI, reports and Cloudflare's logs) or
// this machine's zone. One setting for the whole window, kept across restarts (localStorage);
// App remounts the screen when it changes, so every time on it is drawn again in the new zone.

import { storedPref } from './stored-pref';

export type ZoneChoice = 'utc' | 'local';

const pref = storedPref<ZoneChoice>(
  'sshlens:time-zone',
  (stored) => (stored === 'local' ? 'local' : 'utc'),
  (choice) => choice,
);

export const zoneChoice = pref.get;
export const setZoneChoice = pref.set;
/** The choice, re-rendering the caller when it changes. */
export const useZoneChoice = pref.use;

/** The machine's own IANA zone ('Europe/Berlin'); 'UTC' when the runtime cannot tell. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The IANA zone times are shown in now. */
export function currentZone(): string {
  return zoneChoice() === 'utc' ? 'UTC' : machineZone();
}
