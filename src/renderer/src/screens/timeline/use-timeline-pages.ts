import { useEffect, useState } from 'react';
import type { TimelineFilter, TimelineRow } from '../../../../shared/views';
import { api } from '../../api/client';
import { useKeyed } from '../../ui/use-keyed';
import { filterKey } from './filter-state';

/** Rows per request: a few screens' worth, one quick indexed query in main. */
export const PAGE_ROWS = 200;
/** Pages kept in memory (10,000 rows); the farthest from the visible rows go first. */
const MAX_PAGES = 50;
/** Requests at once: while the scrollbar is dragged, pages the view has already left are never asked for. */
const MAX_IN_FLIGHT = 2;

/**
 * The filtered sessions as a sparse list: pages are fetched when rows in them become visible
 * (`want`), cached, and forgotten when the filter changes. Nothing here is proportional to the
 * number of sessions: memory and work follow what the user scrolls through.
 */
export class PageCache {
  readonly key: string;
  total: number | null = null;
  error: string | null = null;
  private readonly pages = new Map<number, TimelineRow[]>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private wanted: [number, number] = [0, 0];
  private generation = 0;
  private active = false;

  constructor(
    private readonly filter: TimelineFilter,
    key: string,
    private readonly changed: () => void,
  ) {
    this.key = key;
  }

  rowAt(index: number): TimelineRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** Rows [first, last] are on screen (or about to be). */
  want(first: number, last: number): void {
    this.wanted = [Math.max(0, first), Math.max(first, last)];
    this.pump();
  }

  retry(): void {
    this.failed.clear();
    this.error = null;
    this.changed();
    this.pump();
  }

  activate(): void {
    this.active = true;
    this.pump();
  }

  /** Answers to calls made before this are dropped (the screen left, or StrictMode re-ran the effect). */
  deactivate(): void {
    this.active = false;
    this.generation++;
    this.inFlight.clear();
  }

  private pump(): void {
    if (!this.active) return;
    const [first, last] = this.wanted;
    let lastPage = Math.floor(last / PAGE_ROWS);
    if (this.total !== null) lastPage = Math.min(lastPage, Math.max(0, Math.ceil(this.total / PAGE_ROWS) - 1));
    for (let page = Math.floor(first / PAGE_ROWS); page <= lastPage && this.inFlight.size < MAX_IN_FLIGHT; page++) {
      if (!this.pages.has(page) && !this.inFlight.has(page) && !this.failed.has(page)) this.load(page);
    }
  }

  private load(page: number): void {
    const generation = this.generation;
    this.inFlight.add(page);
    const done = (rows: TimelineRow[] | null, total: number | null, error: string | null): void => {
      if (generation !== this.generation) return;
      this.inFlight.delete(page);
      if (rows) {
        this.pages.set(page, rows);
        this.total = total;
        this.error = null;
        this.evict();
      } else {
        this.failed.add(page);
        this.error = error;
      }
      this.changed();
      this.pump();
    };
    api.timelinePage({ filter: this.filter, offset: page * PAGE_ROWS, limit: PAGE_ROWS }).then(
      (r) => (r.ok ? done(r.value.rows, r.value.total, null) : done(null, null, r.error)),
      () => done(null, null, 'the sshlens API is unavailable'),
    );
  }

  private evict(): void {
    if (this.pages.size <= MAX_PAGES) return;
    const centre = (this.wanted[0] + this.wanted[1]) / 2 / PAGE_ROWS;
    const farthest = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of farthest.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(page);
  }
}

export interface TimelinePages {
  /** The cache to ask for rows (the new filter's). */
  cache: PageCache;
  /** The cache to draw: the previous filter's until the new one has its first page, so the list never blinks empty. */
  shown: PageCache;
  /** Changes whenever rows arrive: a dependency for memoized drawing. */
  version: number;
}

export function useTimelinePages(filter: TimelineFilter, reloadKey: number): TimelinePages {
  const [version, setVersion] = useState(0);
  const key = `${filterKey(filter)}#${reloadKey}`;
  // The key stands for the filter's content: a new object with the same fields keeps the cache.
  const cache = useKeyed(key, () => new PageCache(filter, key, () => setVersion((v) => v + 1)));
  useEffect(() => {
    cache.activate();
    return () => cache.deactivate();
  }, [cache]);
  const complete = cache.total !== null || cache.error !== null;
  const [lastComplete, setLastComplete] = useState<PageCache | null>(null);
  if (complete && lastComplete !== cache) setLastComplete(cache);
  const shown = complete || lastComplete === null ? cache : lastComplete;
  return { cache, shown, version };
}
