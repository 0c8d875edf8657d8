import { useEffect } from 'react';
import { navigate } from '../router';

/** Ctrl/Cmd-K anywhere: search. Alt-1..4: the main screens (Alt, so typing in a field is never taken). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (!location.hash.startsWith('#/search')) navigate({ screen: 'search', query: '' });
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const screens = ['timeline', 'search', 'import', 'keys'] as const;
        const screen = screens[Number(e.key) - 1];
        if (screen) {
          e.preventDefault();
          navigate(screen === 'search' ? { screen, query: '' } : { screen });
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
