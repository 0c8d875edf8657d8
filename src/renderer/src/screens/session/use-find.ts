import { useEffect, useState } from 'react';
import type { FindHit } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult, type Loadable } from '../../api/use-result';

/** Hits asked for per search: the list shows them all. */
export const FIND_LIMIT = 200;
const DEBOUNCE_MS = 200;

export interface FindState {
  query: string;
  setQuery: (query: string) => void;
  /** The query the hits are for (typing settles first). */
  searched: string;
  hits: Loadable<FindHit[]> & { reload: () => void };
  active: number;
  setActive: (index: number) => void;
}

/** Find-in-program: the query as typed, the hits of the settled query, the hit last visited. */
export function useFind(program: string, caseVersion: number): FindState {
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const trimmed = query.trim();
    const timer = setTimeout(() => setSearched(trimmed), trimmed === '' ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  // Another search or program: no hit visited yet (set while rendering, not one frame later).
  const [activeOf, setActiveOf] = useState({ searched, program });
  if (activeOf.searched !== searched || activeOf.program !== program) {
    setActiveOf({ searched, program });
    setActive(-1);
  }

  // Each answer says which text it is for: while a new one loads, the last (for other text) stays
  // with useResult, and would read "no hits" for text that has some.
  const answer = useResult<{ text: string; hits: FindHit[] }>(async () => {
    if (searched === '') return { ok: true, value: { text: '', hits: [] } };
    const found = await api.findInProgram({ program, text: searched, limit: FIND_LIMIT });
    return found.ok ? { ok: true, value: { text: searched, hits: found.value } } : found;
  }, [program, searched, caseVersion]);
  const { reload } = answer;
  const hits: FindState['hits'] =
    answer.state === 'loading' || (answer.ok && answer.value.text !== searched)
      ? { state: 'loading', reload }
      : answer.ok
        ? { state: 'done', ok: true, value: answer.value.hits, reload }
        : { state: 'done', ok: false, error: answer.error, reload };
  return { query, setQuery, searched, hits, active, setActive };
}
