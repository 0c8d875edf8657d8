// How the replay is laid out, kept across restarts (localStorage): whether the app's sidebar and
// the session's side panel show, and whether the recorded terminal is fitted to the space it has
// or shown at its actual size (a readable font, scrolling). One store for the window.

import { storedPref } from './stored-pref';

export interface LayoutPrefs {
  /** The app's sidebar beside a session (other screens always show it). */
  sidebar: boolean;
  /** The commands / find / notes / details panel beside a program. */
  sidePanel: boolean;
  terminalScale: 'fit' | 'actual';
}

const DEFAULTS: LayoutPrefs = { sidebar: true, sidePanel: true, terminalScale: 'fit' };

/** What was stored, field by field: anything unreadable keeps its default. */
function parse(text: string | null): LayoutPrefs {
  try {
    const stored: unknown = JSON.parse(text ?? '{}');
    if (typeof stored !== 'object' || stored === null) return DEFAULTS;
    const s = stored as Record<string, unknown>;
    return {
      sidebar: typeof s['sidebar'] === 'boolean' ? s['sidebar'] : DEFAULTS.sidebar,
      sidePanel: typeof s['sidePanel'] === 'boolean' ? s['sidePanel'] : DEFAULTS.sidePanel,
      terminalScale: s['terminalScale'] === 'actual' ? 'actual' : 'fit',
    };
  } catch {
    return DEFAULTS;
  }
}

const pref = storedPref('sshlens:layout', parse, JSON.stringify);

export const layoutPrefs = pref.get;
/** The layout, re-rendering the caller when it changes. */
export const useLayoutPrefs = pref.use;

export function setLayoutPref<K extends keyof LayoutPrefs>(key: K, value: LayoutPrefs[K]): void {
  if (pref.get()[key] !== value) pref.set({ ...pref.get(), [key]: value });
}
