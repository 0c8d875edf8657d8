// The search's pages: the first comes as you type (with the facet counts), the next ones as the
// investigator scrolls to the end of the list, each asked with the cursor the previous page gave
// (a keyset cursor: hits indexed meanwhile neither shift nor repeat the list).

import { useCallback, useEffect, useRef, useState } from 'react';
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

  // The pages after the first belong to one first answer: a new one drops them.
  const firstResult = first.value?.answer.ok === true ? first.value.answer.result : null;
  const [more, setMore] = useState<{ of: SearchResult | null; pages: SearchResult[] }>({ of: null, pages: [] });
  const [loading, setLoading] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const current = useRef<SearchResult | null>(null);
  current.current = firstResult;
  useEffect(() => {
    setMoreError(null);
    setLoading(false);
  }, [firstResult]);
  const pages = more.of === firstResult ? more.pages : [];

  const loadMore = useCallback(() => {
    const base = current.current;
    const query = first.value?.query;
    if (base === null || query === undefined || loading) return;
    const last = pages.at(-1) ?? base;
    if (last.next === null) return;
    setLoading(true);
    setMoreError(null);
    void api.search({ query, limit: PAGE_HITS, sort: base.sort, group: base.group, after: last.next }).then((r) => {
      if (current.current !== base) return; // a newer query took over
      setLoading(false);
      if (!r.ok) setMoreError(r.error);
      else if (!r.value.ok) setMoreError(r.value.message);
      else {
        const page = r.value.result;
        setMore({ of: base, pages: [...pages, page] });
      }
    });
  }, [first.value?.query, loading, pages]);

  return { first, more: pages, loadingMore: loading, moreError, loadMore };
}
