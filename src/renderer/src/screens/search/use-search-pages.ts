// The search's pages: the first comes as you type (with the facet counts), the next ones as the
// investigator scrolls to the end of the list, each asked with the cursor the previous page gave
// (a keyset cursor: hits indexed meanwhile neither shift nor repeat the list).

import { useCallback, useState } from 'react';
import type { SearchAnswer } from '../../../../shared/api';
import type { SearchGroup, SearchResult, SearchSort } from '../../../../shared/search';
import { api } from '../../api/client';
import { useLatest, type Latest } from '../../ui/use-latest';

/** Hits asked for at a time. */
export const PAGE_HITS = 200;

export interface Answered {
  query: string;
  answer: SearchAnswer;
  ms: number;
}

export interface SearchPages {
  first: Latest<Answered>;
  /** The pages loaded after the first one, for the query and order the first answered. */
  more: SearchResult[];
  loadingMore: boolean;
  moreError: string | null;
  /** Asks for the page after the last one loaded (nothing when one is loading or none is left). */
  loadMore: () => void;
}

interface MorePages {
  of: SearchResult | null;
  pages: SearchResult[];
  loading: boolean;
  error: string | null;
}
const NO_MORE: MorePages = { of: null, pages: [], loading: false, error: null };

export function useSearchPages(
  asked: string | null,
  sort: SearchSort,
  group: SearchGroup,
  caseVersion: number,
): SearchPages {
  const first = useLatest<Answered>(
    asked === null
      ? null
      : () => {
          const started = performance.now();
          return api
            .search({ query: asked, limit: PAGE_HITS, sort, group, facets: true })
            .then((r) =>
              r.ok
                ? { ok: true as const, value: { query: asked, answer: r.value, ms: performance.now() - started } }
                : r,
            );
        },
    [asked, sort, group, caseVersion],
  );

  // The pages after the first belong to one first answer: a new one drops them, with their
  // loading and error (an answer for an older first one is dropped as it arrives).
  const firstResult = first.value?.answer.ok === true ? first.value.answer.result : null;
  const [more, setMore] = useState<MorePages>(NO_MORE);
  const mine = more.of === firstResult ? more : NO_MORE;
  const query = first.value?.query;

  const loadMore = useCallback(() => {
    if (firstResult === null || query === undefined || mine.loading) return;
    const last = mine.pages.at(-1) ?? firstResult;
    if (last.next === null) return;
    const base = firstResult;
    setMore({ of: base, pages: mine.pages, loading: true, error: null });
    const after = { query, limit: PAGE_HITS, sort: base.sort, group: base.group, after: last.next };
    void api.search(after).then((r) => {
      setMore((m) => {
        if (m.of !== base) return m; // a newer query took over
        if (!r.ok) return { ...m, loading: false, error: r.error };
        if (!r.value.ok) return { ...m, loading: false, error: r.value.message };
        return { of: base, pages: [...m.pages, r.value.result], loading: false, error: null };
      });
    });
  }, [firstResult, query, mine]);

  return { first, more: mine.pages, loadingMore: mine.loading, moreError: mine.error, loadMore };
}
