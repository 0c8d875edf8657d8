// Where the window is, kept in the URL's #fragment so Back/Forward work and a moment in a replay
// has an address: #/session/s3?program=p7&at=1234567 opens session s3's program p7 at 1.234567 s
// (&hl=text, repeatable: with that text highlighted, as when a search hit opened it).

import { useEffect, useState } from 'react';
import { isRef } from '../../shared/ids';

export type Route =
  | { screen: 'start' }
  | { screen: 'timeline' }
  | { screen: 'search'; query: string }
  | { screen: 'import' }
  | { screen: 'keys' }
  | { screen: 'case' }
  | {
      screen: 'session';
      session: string;
      program: string | null;
      atUs: number | null;
      /** Texts to highlight in the replay's terminal (what matched in the search hit that opened it). */
      highlight?: readonly string[];
    };

/** Highlights kept, and the length each is cut to (a search hit's matches: a few words). */
export const MAX_HIGHLIGHTS = 8;
export const MAX_HIGHLIGHT_CHARS = 200;

export function parseRoute(hash: string): Route {
  const [path = '', queryString = ''] = hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(queryString);
  const [screen, id] = path.split('/');
  switch (screen) {
    case 'timeline':
      return { screen: 'timeline' };
    case 'search':
      return { screen: 'search', query: query.get('q') ?? '' };
    case 'import':
      return { screen: 'import' };
    case 'keys':
      return { screen: 'keys' };
    case 'case':
      return { screen: 'case' };
    case 'session': {
      if (!id || !isRef('s', id)) return { screen: 'timeline' };
      const program = query.get('program');
      const at = Number(query.get('at'));
      return {
        screen: 'session',
        session: id,
        program: program && isRef('p', program) ? program : null,
        atUs: query.has('at') && Number.isFinite(at) ? at : null,
        highlight: query
          .getAll('hl')
          .slice(0, MAX_HIGHLIGHTS)
          .map((t) => t.slice(0, MAX_HIGHLIGHT_CHARS))
          .filter((t) => t !== ''),
      };
    }
    default:
      return { screen: 'start' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'search':
      return route.query ? `#/search?q=${encodeURIComponent(route.query)}` : '#/search';
    case 'session': {
      const q = new URLSearchParams();
      if (route.program) q.set('program', route.program);
      if (route.atUs !== null) q.set('at', String(Math.round(route.atUs)));
      for (const t of (route.highlight ?? []).slice(0, MAX_HIGHLIGHTS)) q.append('hl', t.slice(0, MAX_HIGHLIGHT_CHARS));
      const qs = q.toString();
      return `#/session/${route.session}${qs ? `?${qs}` : ''}`;
    }
    default:
      return `#/${route.screen}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefOf(route);
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
