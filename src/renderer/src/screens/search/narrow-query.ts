import { facetFilter } from '../../../../shared/search';

export type FacetKey = 'user' | 'target' | 'type' | 'in' | 'is';

/**
 * The query narrowed to a facet's value (a click in the counts beside the results): the filter is
 * added, and other values of the same filter are taken out, since repeated they would be
 * alternatives and widen the query (is:, whose values all apply, is only added). Everything else
 * stays as typed.
 */
export function narrowQuery(query: string, key: FacetKey, value: string): string {
  // is: values all apply (is:starred is:noted): nothing to replace, only a repeat to avoid.
  if (key === 'is') {
    const filter = facetFilter(key, value);
    return new RegExp(`(^|\\s)${filter}(\\s|$)`, 'i').test(query) ? query : `${query.trim()} ${filter}`.trim();
  }
  // key:value or key:"quoted value" (\" and \\ inside quotes), typed outside quotes after a space.
  const same = new RegExp(`(^|\\s)${key}:("(?:[^"\\\\]|\\\\.)*"|\\S*)`, 'gi');
  const rest = query.replace(same, '').trim();
  return rest === '' ? facetFilter(key, value) : `${rest} ${facetFilter(key, value)}`;
}
