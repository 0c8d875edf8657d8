import { SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import { searchColors } from './inert-terminal';

/** Regular-expression characters, escaped so each term is looked for as it is written. */
const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * Highlights every match of any of `terms` in the terminal (case-insensitive), the last one active
 * and scrolled into view; no terms clears. Looked for again each time `frame` changes (a seek
 * redrew the terminal: the match of a search hit is in the output just written); as output plays,
 * the addon keeps the highlights up to date without scrolling.
 */
export function useTerminalHighlight(term: Terminal | null, terms: readonly string[], frame: number | null): void {
  // The terminal's addon: made by the first effect, which runs before the second whenever term changes.
  const addonRef = useRef<SearchAddon | null>(null);
  // Longest first, so "item list" wins over "item" where both match.
  const pattern = [...new Set(terms.filter((t) => t !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(SPECIAL, '\\$&'))
    .join('|');

  useEffect(() => {
    if (!term) return;
    const addon = new SearchAddon({ highlightLimit: 1000 });
    term.loadAddon(addon);
    addonRef.current = addon;
    return () => {
      addonRef.current = null;
      addon.dispose();
    };
  }, [term]);

  useEffect(() => {
    const search = addonRef.current;
    if (!search || !term) return;
    if (!pattern) {
      search.clearDecorations();
      term.clearSelection();
      return;
    }
    if (frame === null) return;
    let live = true;
    // After everything written so far is parsed: the frame's text is in the buffer then.
    term.write('', () => {
      if (!live) return;
      const c = searchColors();
      search.clearDecorations();
      search.findPrevious(pattern, {
        regex: true,
        caseSensitive: false,
        decorations: {
          matchBackground: c.match,
          matchOverviewRuler: c.match,
          activeMatchBackground: c.active,
          activeMatchColorOverviewRuler: c.active,
        },
      });
    });
    return () => {
      live = false;
    };
  }, [term, pattern, frame]);
}
