// How the replay is laid out, kept across restarts (localStorage): whether the app's sidebar and
// the session's side panel show, and whether the recorded terminal is fitted to the space it has
// or shown at its actual size (a readable font, scrolling). One store for the window.

import { useSyncExternalStore } from 'react';

export interface LayoutPrefs {
  /** The app's sidebar beside a session (other screens always show it). */
  sidebar: boolean;
  /** The commands / find / notes / details panel beside a program. */
  sidePanel: boolean;
  terminalScale: 'fit' | 'actual';
}

const KEY = 'sshlens:layout';
const DEFAULTS: LayoutPrefs = { sidebar: true, sidePanel: true, terminalScale: 'fit' };
const listeners = new Set<() => void>();
let prefs: LayoutPrefs = load();

/** What was stored, field by field: anything unreadable keeps its default. */
function load(): LayoutPrefs {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
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

export function layoutPrefs(): LayoutPrefs {
  return prefs;
}

export function setLayoutPref<K extends keyof LayoutPrefs>(key: K, value: LayoutPrefs[K]): void {
  if (prefs[key] === value) return;
  prefs = { ...prefs, [key]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Storage disabled: the layout lasts for this window only.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The layout, re-rendering the caller when it changes. */
export function useLayoutPrefs(): LayoutPrefs {
  return useSyncExternalStore(subscribe, layoutPrefs);
}
